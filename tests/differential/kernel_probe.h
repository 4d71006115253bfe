// Running a hand-written probe in private network namespaces, for the
// differential tests that need more than one shared lo (routing_test.cc):
// a veth link with an on-link network, no default route, a second
// namespace on the far end of the link.
//
// Example:
//   absl::StatusOr<std::string> out = RunInNetns([] {
//     if (!Shell("ip link add va type veth peer name vb").ok()) return "setup";
//     ... real sockets ...
//     return "ENETUNREACH 0.000";
//   });
//
// Thread safety: RunInNetns forks, like RunOnKernel (kernel_runner.h).
#ifndef PORTLAB_TESTS_DIFFERENTIAL_KERNEL_PROBE_H_
#define PORTLAB_TESTS_DIFFERENTIAL_KERNEL_PROBE_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace portlab::differential {

// Forks; the child enters a new network namespace with lo up
// (EnterPrivateNetns), runs `probe` and sends back what it returns.
// FailedPrecondition when no namespace can be made; Internal when the
// child dies.
absl::StatusOr<std::string> RunInNetns(const std::function<std::string()>& probe);

// Runs `command` with /bin/sh (iproute2's `ip`) in the calling process's
// namespace; Internal naming the command when it fails.
absl::Status Shell(const std::string& command);

}  // namespace portlab::differential

#endif  // PORTLAB_TESTS_DIFFERENTIAL_KERNEL_PROBE_H_
