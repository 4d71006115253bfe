// StepRunner: the `steps:` of a scenario, run inside a Simulation.
//
// A step is one program's calls at one instant: `count` new sockets (or the
// sockets an earlier step labelled with `as:`) each make the step's call
// (bind, listen, connect, send, close, abort), or the step changes knobs or
// starts and stops a workload. The runner counts each call and its result
// in the step's StepResult and remembers, per host and socket slot, which
// step is waiting on the socket, so that what finishes later is counted
// against it: a TCP connect() in progress (ConnectFinished), the ICMP error
// a UDP datagram drew (SocketError), the answer to a request (AnswerReceived).
//
// Invariants:
//   - results()[i] is step i's, in scenario order, for every step (nat-probe
//     and dns-poison steps included: Simulation fills theirs through result()).
//   - A socket a step made whose call failed at once is discarded; one that
//     survives is labelled when the step has `as:`. Labelled sockets stay
//     listed after they are gone (Host::Get then says so).
//   - A later completion reaches a step only for the socket slot's
//     generation the step saw: a reused slot never counts against it.
//
// Deterministic; no I/O.
#ifndef PORTLAB_SIM_INTERNAL_STEP_RUNNER_H_
#define PORTLAB_SIM_INTERNAL_STEP_RUNNER_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

class Simulation;

class StepRunner {
 public:
  // Needs the simulation's hosts built.
  StepRunner(Simulation& sim, const scenario::Scenario& scenario);

  // Runs a step whose time has come (not a nat-probe or dns-poison:
  // Simulation runs those).
  void Run(const scenario::StepSpec& step);

  // Completions of what a step started; each is ignored when no step waits
  // on that socket.
  void OnConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result);
  void OnSocketError(uint32_t host, stack::SocketId socket, stack::Errno error,
                     stack::FailureCause cause);
  void OnAnswer(uint32_t host, stack::SocketId socket, Duration waited, uint32_t bytes);

  const std::vector<StepResult>& results() const { return results_; }
  StepResult& result(int step) { return results_[step]; }
  // The sockets of `host` that steps labelled, each with its label, by
  // label, then in the order the steps made them.
  std::vector<std::pair<stack::SocketId, std::string_view>> Labels(uint32_t host) const;

 private:
  // The step waiting on a socket slot, for the socket of that generation;
  // step -1 when none.
  struct Pending {
    int step = -1;
    uint32_t generation = 0;
  };
  struct Labelled {
    uint32_t host;
    stack::SocketId socket;
  };

  void RunSet(const scenario::StepSpec& step, stack::Host& h);
  void RunFirewall(const scenario::StepSpec& step, stack::Host& h);
  void RunSocketStep(const scenario::StepSpec& step, uint32_t host);
  void RunSend(const scenario::StepSpec& step, uint32_t host);
  // Applies `op` to the step's sockets: the labelled ones that still exist,
  // or `count` new ones (options set first), labelled when they survive.
  template <typename Op>
  void ForEachSocket(const scenario::StepSpec& step, uint32_t host, Op&& op);
  // One call on one socket: records its port (the one it has after the
  // call, or had before it for close/abort) and its result; a socket the
  // step made (`fresh`) whose call failed at once is discarded.
  template <typename Op>
  stack::Errno Call(const scenario::StepSpec& step, uint32_t host, stack::SocketId s, bool fresh,
                    Op&& op);
  void Record(int step, uint16_t port, stack::Errno e);
  // Notes that `step` waits on socket `s` (on every connect in progress).
  static void Wait(std::vector<Pending>& slots, stack::SocketId s, int step) {
    if (s.index >= slots.size()) slots.resize(std::max<size_t>(s.index + 1, slots.size() * 2));
    slots[s.index] = Pending{step, s.generation};
  }
  static const Pending* Waiting(const std::vector<Pending>& slots, stack::SocketId s);

  Simulation& sim_;
  std::vector<StepResult> results_;
  std::map<std::string, std::vector<Labelled>> labels_;
  // Per host, per socket slot: the step whose TCP connect is in progress,
  // or whose datagram may draw an ICMP error.
  std::vector<std::vector<Pending>> pending_;
  // Per host, per socket slot: the latest step that sent a request on the
  // socket (expect_reply), whose answers it counts. Grown only by such steps.
  std::vector<std::vector<Pending>> requesting_;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_STEP_RUNNER_H_
