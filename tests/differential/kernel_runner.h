// KernelRunner: runs a scenario's steps with real sockets on the running
// Linux kernel, inside a private network namespace, and reports them as the
// simulator does (sim::StepResult). It is the kernel half of the differential
// test of the `linux` profile (reference/oracles.md).
//
// Example:
//   REQUIRE_KERNEL();  // require_kernel.h: skips the test when KernelAvailable() fails
//   absl::StatusOr<std::vector<sim::StepResult>> steps = RunOnKernel(scenario);
//
// How a run maps the scenario onto one kernel:
// - A forked child unshares a new network namespace, brings lo up, adds every
//   host address to lo and writes the hosts' sysctls (their union: all hosts
//   share the namespace, so only one host should set knobs). The child runs
//   the steps, writes JSON to a pipe and exits; the parent parses it.
// - Every host shares one port space. Keep server ports outside the client's
//   ephemeral range, or servers' binds block the client's connect()s.
// - `at:` is honoured in real time (sleep until start + at).
// - A TCP connect() with no `bind:` is pinned to its host's first address of
//   the right family with IP_BIND_ADDRESS_NO_PORT + bind(addr, 0): the port
//   is still chosen by __inet_hash_connect exactly as for an unbound socket,
//   but the source address is the host's, not the destination's (which
//   loopback routing would pick); to a loopback destination, or to 0.0.0.0
//   or :: (loopback for an unbound socket), it is left to the route
//   (127.0.0.1 or ::1), as on a host of its own. Every host's
//   loopback is this one namespace's lo. UDP is left unbound: Linux autobinds it on
//   the wildcard address before choosing the source, so pinning would change
//   what is measured.
// - Servers accept automatically: every listener's queue is drained after each
//   connect() and each step. `close` of a TCP client closes it, then the
//   accepted peer, so the client holds TIME-WAIT; `close_after:` on a listen
//   closes each accepted socket that long after it was accepted.
// - `uid:` is honoured with seteuid() around the call (socket ownership for
//   SO_REUSEPORT, CAP_NET_BIND_SERVICE for ports below
//   ip_unprivileged_port_start).
// - Not modelled: `firewall:` rules, `firewall_policy:` and `op: firewall`
//   steps (an error: firewall_differential_test.cc holds the firewall
//   against nftables), `latency:` (loopback is
//   immediate), connect() timeouts (a SYN nobody answers would block ~127 s).
//
// Results per op: bind/listen/connect report one call per socket with its
// local port (getsockname; 0 when the call failed and the socket had no port
// before it). send reports one call per socket. close/abort report one call
// per socket, all ok, with the port the socket had. set reports one call per
// sysctl written; a value the kernel refuses counts under its errno.
//
// Thread safety: RunOnKernel forks; call it from a single-threaded process or
// one whose other threads hold no locks the child needs.
#ifndef PORTLAB_TESTS_DIFFERENTIAL_KERNEL_RUNNER_H_
#define PORTLAB_TESTS_DIFFERENTIAL_KERNEL_RUNNER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"

namespace portlab::differential {

// Ok when this process can make a private network namespace and write its
// sysctls; otherwise FailedPrecondition saying why (e.g. "unshare(CLONE_NEWNET)
// failed with EPERM ... needs root").
absl::Status KernelAvailable();

// Runs `scenario`'s steps on the kernel, one StepResult per step in order.
// Returns FailedPrecondition when no namespace can be made, InvalidArgument
// for a scenario the runner cannot honour (a firewall, a host address
// that cannot be added, an unknown sysctl), Internal when the child dies.
absl::StatusOr<std::vector<sim::StepResult>> RunOnKernel(
    const scenario::Scenario& scenario);

// RunOnKernel, then, with every socket of the steps still open, each of
// `commands` run by sh in the namespace ("ss -tan", "netstat -an"): their
// stdout, in order. A command that cannot start gives "".
struct KernelRun {
  std::vector<sim::StepResult> steps;
  std::vector<std::string> outputs;
};
absl::StatusOr<KernelRun> RunOnKernelThen(const scenario::Scenario& scenario,
                                          const std::vector<std::string>& commands);

}  // namespace portlab::differential

#endif  // PORTLAB_TESTS_DIFFERENTIAL_KERNEL_RUNNER_H_
