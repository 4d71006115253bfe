// WorkloadRunner: the `workloads:` of a scenario, run inside a Simulation.
//
// Each (workload, client host) pair is a source with its own seeded Rng and
// at most one pending arrival in the event queue: connections are made as
// time reaches them, never listed up front, so a run of 10^6 connections
// holds only the live ones. A connection is tagged with its source (per
// host, by socket slot) so its completion, the peer's FIN and the end of its
// hold come back here.
//
// Consecutive clients that are members of one `quantity:` group share one
// source when the workload's arrivals are Poisson with one destination, no
// `count:` and no `pool:`: N independent Poisson processes of intensity
// rate(t) superpose to one of intensity N rate(t) whose every arrival
// belongs to a member drawn uniformly (the superposition and thinning
// properties of the Poisson process). The distribution is the one of N
// sources; the draws are not, so which member connects when differs. One
// pending arrival for the group instead of one per member.
//
// Deterministic: arrivals, destinations and holds come from
// Rng(DeriveSeed(seed, "workload:NAME:HOST")), a group's from
// "workload:NAME:FIRST*N" (FIRST its first member, N its members). No I/O.
#ifndef PORTLAB_SIM_INTERNAL_WORKLOAD_RUNNER_H_
#define PORTLAB_SIM_INTERNAL_WORKLOAD_RUNNER_H_

#include <array>
#include <cstdint>
#include <map>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "portlab/base/rng.h"
#include "portlab/base/time.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

class Simulation;

// What a workload event asks for (Event::timer_kind of an EventType::kWorkload).
// EventQueue gives kHoldEnd (= 2) a lane of its own.
enum class WorkloadAction : uint8_t {
  kBegin,     // the workload's start: time
  kArrival,   // the next connection(s) of a source
  kHoldEnd,   // a connection's hold is over: its closer closes it
  kClientClose,  // the peer closed first: the client closes its end now
  kStop,      // the workload's stop: time
};

class WorkloadRunner {
 public:
  WorkloadRunner(Simulation& sim, const scenario::Scenario& scenario, uint64_t seed);

  // ResourceExhausted "file:line:col: ..." for pools too large in total
  // (kMaxPoolSockets), InvalidArgument "file:line:col: ..." for an unknown
  // host.
  absl::Status Check() const;
  // Queues each source's first event (workloads a step starts wait for it).
  void Schedule();
  // The host the next arrival of `source` (a kArrival event's target)
  // will connect from: hints (lookahead.h) load it first.
  uint32_t NextClient(uint32_t source) const { return sources_[source].next_client; }
  // A `start` / `stop` step.
  void StartByStep(const std::string& workload);
  void StopByStep(const std::string& workload);

  // `target`: as Push wrote it.
  void OnEvent(WorkloadAction action, uint32_t target, uint32_t socket, uint32_t generation);
  // True when the socket was one of ours (the runner handled it).
  bool OnConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result);
  void OnPeerClosed(uint32_t host, stack::SocketId socket);
  // The answer to a connection's request arrived: its hold begins. True
  // when the socket was one of ours.
  bool OnAnswer(uint32_t host, stack::SocketId socket, Duration waited, uint32_t bytes);

  std::vector<WorkloadResult> Results(SimTime now) const;

 private:
  struct Source {
    Source(uint32_t w, uint32_t h, uint32_t n, uint64_t seed) : workload(w), host(h), members(n), rng(seed) {}
    uint32_t workload;
    uint32_t host;           // the client, or a group's first member
    uint32_t members;        // hosts host .. host + members - 1 (1: one client)
    Rng rng;
    bool active = false;
    bool done = false;       // stopped for good
    int64_t made = 0;        // connections attempted
    double target = 0;       // arrival process: cumulative intensity of the next arrival
    uint32_t next_dest = 0;
    uint32_t next_client = 0;  // the host of the next arrival (a group's: drawn as it is queued)
    int64_t open = 0;        // connecting or established
    bool refill_pending = false;  // pool: a retry is queued
    SimTime began;           // when this source started
  };
  struct Tally {
    int64_t attempts = 0, ok = 0, failures = 0, open = 0, peak_open = 0;
    std::map<std::string, int64_t> errors;
    std::optional<SimTime> first_failure;
    std::optional<SimTime> began, ended;
    std::vector<int64_t> ok_per_second;  // since `began`
    stack::ConversationFigures conversation;
  };
  // Which source a socket slot belongs to, by host.
  struct Tag {
    uint32_t generation = 0;
    uint32_t source = UINT32_MAX;
  };

  const scenario::WorkloadSpec& spec(const Source& s) const { return scenario_.workloads[s.workload]; }
  // Whether a workload's consecutive group members may share one source.
  static bool SharesGroupSources(const scenario::WorkloadSpec& w);
  void AddSources(const scenario::WorkloadSpec& w, uint64_t seed);
  void Begin(uint32_t source);
  void ScheduleNextArrival(uint32_t source);
  // One connection of `host`: socket, options, bind, connect. False when it
  // failed at once.
  bool Attempt(uint32_t source, uint32_t host);
  void FillPool(uint32_t source);
  void Established(uint32_t source, uint32_t host, stack::SocketId s);
  void Closed(uint32_t source);
  void Failed(uint32_t source, uint32_t host, stack::Errno e, stack::FailureCause cause);
  // The hold of `host`'s connection `s` is over (kHoldEnd and kClientClose
  // events name the host, their source is the socket's tag).
  void HoldEnd(uint32_t host, stack::SocketId s);
  void ClientClose(uint32_t host, stack::SocketId s);
  void TagSocket(uint32_t host, stack::SocketId s, uint32_t source);
  std::optional<uint32_t> UntagSocket(uint32_t host, stack::SocketId s);
  Duration DrawHold(Source& src);
  // `target`: the source, or for kHoldEnd and kClientClose the host.
  void Push(SimTime at, WorkloadAction a, uint32_t target, uint32_t socket = 0, uint32_t gen = 0);
  Prediction Predict(const scenario::WorkloadSpec& w, const Tally& t) const;
  // The distinct clients of every workload behind NAT `n` (a port block
  // each, where they keep them), with the names of the workloads other
  // than `self` that have any there.
  int64_t ClientsBehind(int32_t n, const scenario::WorkloadSpec& self, std::vector<std::string>* others) const;

  Simulation& sim_;
  const scenario::Scenario& scenario_;
  std::vector<Source> sources_;
  std::vector<Tally> tallies_;  // per workload
  std::vector<std::vector<Tag>> tags_;  // per host, by socket index
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_WORKLOAD_RUNNER_H_
