// Setting up a private Linux network namespace for the differential tests:
// the plumbing under kernel_runner.h.
//
// Example (in a child process that may change namespaces):
//   if (absl::Status s = EnterPrivateNetns(); !s.ok()) ...
//   AddLoopbackAddress(IpAddress::Parse("10.0.0.1").value());
//   WriteSysctl("ip_local_port_range", "40000 40003");
//
// Every function acts on the calling process's current network namespace and
// needs CAP_SYS_ADMIN / CAP_NET_ADMIN in it (root on this machine). Call them
// only in a forked child: they change the process for good.
#ifndef PORTLAB_TESTS_DIFFERENTIAL_KERNEL_NETNS_H_
#define PORTLAB_TESTS_DIFFERENTIAL_KERNEL_NETNS_H_

#include <string>

#include "absl/status/status.h"
#include "portlab/net/ip_address.h"

namespace portlab::differential {

// unshare(CLONE_NEWNET), then brings `lo` up (SIOCSIFFLAGS). Returns
// FailedPrecondition naming the failing call and the likely reason (not root,
// user namespaces or seccomp denying unshare).
absl::Status EnterPrivateNetns();

// Makes `address` local by adding it to `lo` as a /32 or /128 over rtnetlink
// (IPv6 with IFA_F_NODAD, so it is usable at once). Addresses lo already
// answers for (127.0.0.0/8, ::1) and ones already present are left alone.
// Returns once the address is usable (IPv6: no longer tentative).
// IPv4-mapped and unspecified addresses are InvalidArgument.
absl::Status AddLoopbackAddress(const net::IpAddress& address);

// Writes `value` to /proc/sys/net/ipv4/<name>; a name with dots
// ("net.ipv6.bindv6only") is taken as the full sysctl path. Returns
// NotFound for an unknown knob, and InvalidArgument carrying the errno name
// ("EINVAL") when the kernel refuses the value; then *write_errno (if given)
// holds that errno, else 0.
absl::Status WriteSysctl(const std::string& name, const std::string& value,
                         int* write_errno = nullptr);

// The path WriteSysctl writes for `name`.
std::string SysctlPath(const std::string& name);

}  // namespace portlab::differential

#endif  // PORTLAB_TESTS_DIFFERENTIAL_KERNEL_NETNS_H_
