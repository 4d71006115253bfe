// KernelSteps: executes scenario steps as real socket calls in the current
// network namespace. The part of kernel_runner.h that runs inside the forked
// child, after the namespace is set up; see that header for the semantics.
//
// Example (in the child):
//   KernelSteps steps(scenario);
//   for (const StepSpec& s : scenario.steps) {
//     steps.WaitUntil(start + absl::Nanoseconds(s.at.nanos()));
//     absl::StatusOr<sim::StepResult> r = steps.Run(s);
//   }
//
// Owns every socket it opens and closes them when destroyed.
// Thread safety: none; one thread drives it.
#ifndef PORTLAB_TESTS_DIFFERENTIAL_KERNEL_STEPS_H_
#define PORTLAB_TESTS_DIFFERENTIAL_KERNEL_STEPS_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/net/ip_address.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"

namespace portlab::differential {

class KernelSteps {
 public:
  using Clock = std::chrono::steady_clock;

  // REQUIRES: `scenario` outlives this object.
  explicit KernelSteps(const scenario::Scenario& scenario);
  ~KernelSteps();
  KernelSteps(const KernelSteps&) = delete;
  KernelSteps& operator=(const KernelSteps&) = delete;

  // Runs one step. InvalidArgument for a step the kernel cannot be asked
  // (unknown host or label, TCP send without sockets, unknown sysctl).
  absl::StatusOr<sim::StepResult> Run(const scenario::StepSpec& step);

  // Sleeps until `deadline`, closing accepted sockets whose `close_after`
  // falls due on the way.
  void WaitUntil(Clock::time_point deadline);

 private:
  struct Socket {
    int fd = -1;
    net::Protocol protocol = net::Protocol::kTcp;
    bool v6 = false;
    bool bound = false;  // bind() succeeded (the port may still be 0)
    bool listener = false;
    std::optional<Duration> close_after;  // listeners only
  };
  struct Accepted {
    int fd = -1;
    std::string local;  // "addr:port", IPv4-mapped shown as IPv4
    std::string peer;
    std::optional<Clock::time_point> close_at;
  };
  // The outcome of one call: 0 or an errno, and the port to report.
  struct Call {
    int err = 0;
    uint16_t port = 0;
  };

  Call Bind(const scenario::StepSpec& step, Socket& s);
  Call Listen(const scenario::StepSpec& step, Socket& s);
  Call Connect(const scenario::StepSpec& step, Socket& s);
  Call Send(const scenario::StepSpec& step, Socket& s);
  // Closes `s`, with RST first when `abort`; for TCP also its accepted peer.
  void Close(Socket& s, bool abort);

  // A new socket with the step's options, or the errno that stopped it.
  Call NewSocket(const scenario::StepSpec& step, bool v6, Socket& out);
  absl::StatusOr<sim::StepResult> RunSet(const scenario::StepSpec& step,
                                         sim::StepResult result);
  // accept()s everything waiting on every listener.
  void DrainAccepts();
  void CloseDueAccepted(Clock::time_point now);
  // The host's first address of the family of `like`, if any.
  std::optional<net::IpAddress> HostAddress(const std::string& host,
                                            const net::IpAddress& like) const;

  const scenario::Scenario& scenario_;
  std::vector<Socket> sockets_;                  // closed ones keep fd -1
  std::map<std::string, std::vector<size_t>> labels_;  // -> sockets_ index
  std::vector<Accepted> accepted_;
};

}  // namespace portlab::differential

#endif  // PORTLAB_TESTS_DIFFERENTIAL_KERNEL_STEPS_H_
