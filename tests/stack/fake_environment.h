// FakeEnvironment: a HostEnvironment test double.
//
// Time is whatever the test sets; every transmitted segment, routing hint,
// armed timer and ConnectFinished call is recorded in order for the test to inspect (or to
// deliver by hand, see two_hosts.h). There is no trace sink.
//
// Example:
//   FakeEnvironment env;
//   Host h("h", {addr}, *FindProfile("linux"), 1, pool, env);
//   h.Connect(s, server);            // kEINPROGRESS
//   env.transmitted().back().flags;  // kSyn
//   env.Advance(Duration::Seconds(1));
//
// Thread safety: none.
#ifndef PORTLAB_TESTS_STACK_FAKE_ENVIRONMENT_H_
#define PORTLAB_TESTS_STACK_FAKE_ENVIRONMENT_H_

#include <cstdint>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/stack/host.h"

namespace portlab::stack::testing {

class FakeEnvironment : public HostEnvironment {
 public:
  struct Timer {
    SimTime at;
    TimerKind kind;
    uint32_t socket_index;
    uint32_t generation;
  };
  struct Completion {
    SocketId socket;
    Errno result;
  };
  struct Answer {
    SocketId socket;
    Duration waited;
    uint32_t bytes;
  };

  SimTime Now() const override { return now_; }
  void Transmit(const net::Segment& segment) override {
    transmitted_.push_back(segment);
  }
  void PrefetchRoute(const net::Segment& segment) const override { hinted_.push_back(segment); }
  void ArmTimer(SimTime at, TimerKind kind, uint32_t socket_index,
                uint32_t generation) override {
    timers_.push_back({at, kind, socket_index, generation});
  }
  void ConnectFinished(SocketId socket, Errno result) override {
    completions_.push_back({socket, result});
  }
  void AnswerReceived(SocketId socket, Duration waited, uint32_t bytes) override {
    answers_.push_back({socket, waited, bytes});
  }
  void Unclaimed(const net::Segment& segment) override { unclaimed_.push_back(segment); }
  trace::TraceSink* trace() override { return nullptr; }

  void set_now(SimTime t) { now_ = t; }
  void Advance(Duration d) { now_ = now_ + d; }

  // Recorded in call order; tests may consume (clear) them.
  std::vector<net::Segment>& transmitted() { return transmitted_; }
  std::vector<Timer>& timers() { return timers_; }
  std::vector<Completion>& completions() { return completions_; }
  std::vector<Answer>& answers() { return answers_; }
  // Segments the host took no socket for (HostEnvironment::Unclaimed).
  std::vector<net::Segment>& unclaimed() { return unclaimed_; }
  // Segments PrefetchRoute was told of (a hint, so const there).
  std::vector<net::Segment>& hinted() { return hinted_; }

  // The result of the last ConnectFinished for `s`, or kEINPROGRESS if none.
  Errno ConnectResult(SocketId s) const {
    for (auto it = completions_.rbegin(); it != completions_.rend(); ++it)
      if (it->socket == s) return it->result;
    return Errno::kEINPROGRESS;
  }

 private:
  SimTime now_;
  std::vector<net::Segment> unclaimed_;
  std::vector<net::Segment> transmitted_;
  std::vector<Timer> timers_;
  std::vector<Completion> completions_;
  std::vector<Answer> answers_;
  mutable std::vector<net::Segment> hinted_;
};

}  // namespace portlab::stack::testing

#endif  // PORTLAB_TESTS_STACK_FAKE_ENVIRONMENT_H_
