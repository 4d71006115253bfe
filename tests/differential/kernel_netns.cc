#include "differential/kernel_netns.h"

#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <chrono>
#include <thread>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "differential/errno_names.h"

namespace portlab::differential {
namespace {

std::string ErrnoText(int err) {
  return absl::StrCat(ErrnoName(err), " (", std::strerror(err), ")");
}

// Closes a file descriptor when it leaves scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Appends one rtattr to a netlink message held in `buf`.
void AddAttr(std::string& buf, uint16_t type, const void* data, size_t len) {
  rtattr attr{};
  attr.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
  attr.rta_type = type;
  buf.append(reinterpret_cast<const char*>(&attr), sizeof(attr));
  buf.append(static_cast<const char*>(data), len);
  buf.append(RTA_ALIGN(attr.rta_len) - attr.rta_len, '\0');
}

// True once `address` is usable as a local address. IPv6 finishes adding an
// address on addrconf's work queue after RTM_NEWADDR has been acknowledged:
// until then the address may be IFA_F_TENTATIVE and, worse, lack its route
// in the local table while the main-table prefix route already exists, so a
// SYN to it leaves on lo, is not delivered, and connect() fails ENETUNREACH
// a second later. IPv4 installs its local route synchronously.
bool AddressReady(const net::IpAddress& address) {
  if (address.is_v4()) return true;
  constexpr unsigned long kRtfLocal = 0x80000000;  // include/uapi/linux/ipv6_route.h
  std::string hex;
  for (uint8_t b : address.bytes()) {
    absl::StrAppend(&hex, absl::Hex(b, absl::kZeroPad2));
  }
  bool settled = false;
  std::ifstream addrs("/proc/net/if_inet6");
  std::string addr, index, prefix, scope, flags, dev;
  while (addrs >> addr >> index >> prefix >> scope >> flags >> dev) {
    if (addr == hex) {
      settled = (std::stoul(flags, nullptr, 16) &
                 (IFA_F_TENTATIVE | IFA_F_DADFAILED)) == 0;
    }
  }
  if (!settled) return false;
  std::ifstream routes("/proc/net/ipv6_route");
  std::string dst, dst_len, src, src_len, hop, metric, refs, use;
  while (routes >> dst >> dst_len >> src >> src_len >> hop >> metric >> refs >>
         use >> flags >> dev) {
    if (dst == hex && dst_len == "80" &&
        (std::stoul(flags, nullptr, 16) & kRtfLocal) != 0) {
      return true;
    }
  }
  return false;
}

absl::Status WaitReady(const net::IpAddress& address) {
  constexpr auto kPatience = std::chrono::seconds(5);
  const auto give_up = std::chrono::steady_clock::now() + kPatience;
  while (!AddressReady(address)) {
    if (std::chrono::steady_clock::now() > give_up) {
      return absl::InternalError(absl::StrCat(
          address.ToString(), " is not yet a usable local address (see /proc/net/if_inet6, "
          "/proc/net/ipv6_route)"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EnterPrivateNetns() {
  if (unshare(CLONE_NEWNET) != 0) {
    int err = errno;
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create a network namespace: unshare(CLONE_NEWNET) failed with ",
        ErrnoText(err), "; the kernel tests need root (CAP_SYS_ADMIN) and a "
        "kernel/container that allows new network namespaces"));
  }
  Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (sock.get() < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("socket(AF_INET) in the new namespace: ", ErrnoText(errno)));
  }
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("SIOCGIFFLAGS lo: ", ErrnoText(errno)));
  }
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl(sock.get(), SIOCSIFFLAGS, &ifr) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("SIOCSIFFLAGS lo up: ", ErrnoText(errno)));
  }
  return absl::OkStatus();
}

absl::Status AddLoopbackAddress(const net::IpAddress& address) {
  if (address.IsUnspecified() || address.MappedV4().has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot add ", address.ToString(), " to lo: not a unicast address"));
  }
  if (address.IsLoopback()) return WaitReady(address);

  Fd nl(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (nl.get() < 0) {
    return absl::InternalError(
        absl::StrCat("socket(AF_NETLINK): ", ErrnoText(errno)));
  }
  const bool v6 = address.is_v6();
  ifaddrmsg ifa{};
  ifa.ifa_family = v6 ? AF_INET6 : AF_INET;
  ifa.ifa_prefixlen = v6 ? 128 : 32;
  ifa.ifa_scope = RT_SCOPE_HOST;
  ifa.ifa_index = if_nametoindex("lo");
  if (v6) ifa.ifa_flags = IFA_F_NODAD;

  std::string body(reinterpret_cast<const char*>(&ifa), sizeof(ifa));
  body.append(NLMSG_ALIGN(sizeof(ifa)) - sizeof(ifa), '\0');
  const uint8_t* raw = address.bytes().data() + (v6 ? 0 : 12);
  const size_t raw_len = v6 ? 16 : 4;
  AddAttr(body, IFA_LOCAL, raw, raw_len);
  AddAttr(body, IFA_ADDRESS, raw, raw_len);
  if (v6) {
    uint32_t flags = IFA_F_NODAD;
    AddAttr(body, IFA_FLAGS, &flags, sizeof(flags));
  }

  nlmsghdr hdr{};
  hdr.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + body.size());
  hdr.nlmsg_type = RTM_NEWADDR;
  hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  hdr.nlmsg_seq = 1;
  std::string msg(reinterpret_cast<const char*>(&hdr), sizeof(hdr));
  msg.append(NLMSG_HDRLEN - sizeof(hdr), '\0');
  msg += body;

  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(nl.get(), msg.data(), msg.size(), 0,
             reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) < 0) {
    return absl::InternalError(
        absl::StrCat("RTM_NEWADDR send: ", ErrnoText(errno)));
  }
  alignas(nlmsghdr) char reply[4096];
  ssize_t n = recv(nl.get(), reply, sizeof(reply), 0);
  if (n < static_cast<ssize_t>(NLMSG_HDRLEN + sizeof(nlmsgerr))) {
    return absl::InternalError(
        absl::StrCat("RTM_NEWADDR: no acknowledgement (", ErrnoText(errno), ")"));
  }
  const auto* rh = reinterpret_cast<const nlmsghdr*>(reply);
  if (rh->nlmsg_type != NLMSG_ERROR) {
    return absl::InternalError("RTM_NEWADDR: unexpected reply type");
  }
  const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(rh));
  if (e->error != 0 && e->error != -EEXIST) {
    return absl::InternalError(absl::StrCat("adding ", address.ToString(),
                                            " to lo: ", ErrnoText(-e->error)));
  }
  return WaitReady(address);
}

std::string SysctlPath(const std::string& name) {
  if (name.find('.') != std::string::npos) {
    std::string path = "/proc/sys/" + name;
    std::replace(path.begin(), path.end(), '.', '/');
    return path;
  }
  return absl::StrCat("/proc/sys/net/ipv4/", name);
}

absl::Status WriteSysctl(const std::string& name, const std::string& value,
                         int* write_errno) {
  if (write_errno != nullptr) *write_errno = 0;
  const std::string path = SysctlPath(name);
  Fd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ENOENT) {
      return absl::NotFoundError(
          absl::StrCat("sysctl ", name, ": this kernel has no ", path));
    }
    return absl::PermissionDeniedError(
        absl::StrCat("sysctl ", name, ": open ", path, ": ", ErrnoText(err)));
  }
  const std::string text = absl::StrCat(value, "\n");
  if (write(fd.get(), text.data(), text.size()) !=
      static_cast<ssize_t>(text.size())) {
    int err = errno;
    if (write_errno != nullptr) *write_errno = err;
    return absl::InvalidArgumentError(absl::StrCat(
        ErrnoName(err), ": sysctl ", name, " = \"", value, "\" refused"));
  }
  return absl::OkStatus();
}

}  // namespace portlab::differential
