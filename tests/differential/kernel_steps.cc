#include "differential/kernel_steps.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "differential/errno_names.h"
#include "differential/kernel_netns.h"

#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE 51  // include/uapi/linux/in.h, Linux 6.3+
#endif

namespace portlab::differential {
namespace {

using scenario::StepOp;
using scenario::StepSpec;

// listen(2) backlog for every listener; equal to a fresh namespace's
// net.core.somaxconn, so the kernel does not clamp it.
constexpr int kListenBacklog = 4096;
// How long a TCP close waits for the FIN exchange on loopback to finish, so
// the closer is in TIME-WAIT before the next step.
constexpr auto kFinSettle = std::chrono::milliseconds(50);

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t len = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// `address`:`port` for a socket of the given family; an IPv4 address on an
// IPv6 socket becomes ::ffff:a.b.c.d. Nothing for IPv6 on an IPv4 socket.
std::optional<SockAddr> MakeSockAddr(const net::IpAddress& address,
                                     uint16_t port, bool v6_socket) {
  SockAddr a;
  if (!v6_socket) {
    if (!address.is_v4()) return std::nullopt;
    auto* in = reinterpret_cast<sockaddr_in*>(&a.storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(address.v4());
    a.len = sizeof(sockaddr_in);
    return a;
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(port);
  std::array<uint8_t, 16> bytes = address.bytes();
  if (address.is_v4()) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
  }
  std::memcpy(&in6->sin6_addr, bytes.data(), 16);
  a.len = sizeof(sockaddr_in6);
  return a;
}

// "addr:port" with IPv4-mapped IPv6 shown as IPv4, so both ends of a
// v4-over-v6 connection name each other alike; "" for anything else.
std::string EndpointKey(const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    return absl::StrCat(text, ":", ntohs(in->sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], text, sizeof(text));
      return absl::StrCat(text, ":", ntohs(in6->sin6_port));
    }
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    return absl::StrCat("[", text, "]:", ntohs(in6->sin6_port));
  }
  return "";
}

std::string LocalKey(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
  return EndpointKey(ss);
}

std::string PeerKey(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
  return EndpointKey(ss);
}

uint16_t LocalPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
  }
  if (ss.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
  }
  return 0;
}

int SetIntOpt(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof(value)) == 0 ? 0 : errno;
}

bool StepIsV6(const StepSpec& step) {
  return step.ipv6 || (step.address && step.address->is_v6()) ||
         (step.to && step.to->address.is_v6()) ||
         (step.bind && step.bind->address.is_v6());
}

// Runs a call as `uid` (effective uid, hence fsuid and capabilities), root
// again afterwards; the saved uid stays 0 so the switch back is allowed.
class UidScope {
 public:
  explicit UidScope(uint32_t uid) : active_(uid != 0) {
    if (active_) err_ = seteuid(uid) == 0 ? 0 : errno;
  }
  ~UidScope() {
    if (active_) (void)seteuid(0);
  }
  int err() const { return err_; }

 private:
  bool active_;
  int err_ = 0;
};

}  // namespace

KernelSteps::KernelSteps(const scenario::Scenario& scenario)
    : scenario_(scenario) {}

KernelSteps::~KernelSteps() {
  for (Socket& s : sockets_) {
    if (s.fd >= 0) close(s.fd);
  }
  for (Accepted& a : accepted_) {
    if (a.fd >= 0) close(a.fd);
  }
}

std::optional<net::IpAddress> KernelSteps::HostAddress(
    const std::string& host, const net::IpAddress& like) const {
  const net::IpAddress target = like.MappedV4().value_or(like);
  for (const scenario::HostSpec& h : scenario_.hosts) {
    if (h.name != host) continue;
    for (const net::IpAddress& a : h.addresses) {
      if (a.family() == target.family()) return a;
    }
  }
  return std::nullopt;
}

KernelSteps::Call KernelSteps::NewSocket(const StepSpec& step, bool v6,
                                         Socket& out) {
  out = Socket{};
  out.protocol = step.protocol;
  out.v6 = v6;
  const int type =
      step.protocol == net::Protocol::kTcp ? SOCK_STREAM : SOCK_DGRAM;
  int fd = socket(v6 ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return {errno, 0};
  const scenario::SocketOptions& o = step.options;
  int err = 0;
  if (err == 0 && o.reuseaddr) err = SetIntOpt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
  if (err == 0 && o.reuseport) err = SetIntOpt(fd, SOL_SOCKET, SO_REUSEPORT, 1);
  if (err == 0 && o.broadcast) err = SetIntOpt(fd, SOL_SOCKET, SO_BROADCAST, 1);
  if (err == 0 && o.bind_address_no_port) {
    err = SetIntOpt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1);
  }
  if (err == 0 && o.v6only && v6) {
    err = SetIntOpt(fd, IPPROTO_IPV6, IPV6_V6ONLY, *o.v6only ? 1 : 0);
  }
  if (err == 0 && o.local_port_range) {
    const uint32_t value = (uint32_t{o.local_port_range->second} << 16) |
                           o.local_port_range->first;
    if (setsockopt(fd, IPPROTO_IP, IP_LOCAL_PORT_RANGE, &value,
                   sizeof(value)) != 0) {
      err = errno;
    }
  }
  if (err != 0) {
    close(fd);
    return {err, 0};
  }
  out.fd = fd;
  return {};
}

KernelSteps::Call KernelSteps::Bind(const StepSpec& step, Socket& s) {
  const net::IpAddress address = step.address.value_or(
      s.v6 ? net::IpAddress::AnyV6() : net::IpAddress::AnyV4());
  const uint16_t port = step.port ? step.port->value() : 0;
  std::optional<SockAddr> sa = MakeSockAddr(address, port, s.v6);
  if (!sa) return {EAFNOSUPPORT, 0};
  if (bind(s.fd, sa->get(), sa->len) != 0) return {errno, LocalPort(s.fd)};
  s.bound = true;
  return {0, LocalPort(s.fd)};
}

KernelSteps::Call KernelSteps::Listen(const StepSpec& step, Socket& s) {
  if (!s.bound) {
    Call c = Bind(step, s);
    if (c.err != 0) return c;
  }
  if (listen(s.fd, kListenBacklog) != 0) return {errno, LocalPort(s.fd)};
  fcntl(s.fd, F_SETFL, fcntl(s.fd, F_GETFL) | O_NONBLOCK);
  s.listener = true;
  s.close_after = step.close_after;
  return {0, LocalPort(s.fd)};
}

KernelSteps::Call KernelSteps::Connect(const StepSpec& step, Socket& s) {
  if (step.bind) {
    std::optional<SockAddr> sa =
        MakeSockAddr(step.bind->address, step.bind->port.value(), s.v6);
    if (!sa) return {EAFNOSUPPORT, 0};
    if (bind(s.fd, sa->get(), sa->len) != 0) return {errno, LocalPort(s.fd)};
    s.bound = true;
  } else if (s.protocol == net::Protocol::kTcp && !s.bound &&
             !step.to->address.IsLoopback() &&
             !step.to->address.MappedV4().value_or(step.to->address).IsUnspecified()) {
    // Pin the host's source address without choosing a port (header
    // comment); to loopback, and to 0.0.0.0 or :: (which mean loopback to
    // an unbound socket), the route's own source (127.0.0.1) is the
    // host's, as in the model.
    if (std::optional<net::IpAddress> src =
            HostAddress(step.host, step.to->address)) {
      std::optional<SockAddr> sa = MakeSockAddr(*src, 0, s.v6);
      if (sa && SetIntOpt(s.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1) == 0 &&
          bind(s.fd, sa->get(), sa->len) == 0) {
        s.bound = true;
      }
    }
  }
  const uint16_t before = LocalPort(s.fd);
  std::optional<SockAddr> to =
      MakeSockAddr(step.to->address, step.to->port.value(), s.v6);
  if (!to) return {EAFNOSUPPORT, before};
  if (connect(s.fd, to->get(), to->len) != 0) return {errno, before};
  return {0, LocalPort(s.fd)};
}

KernelSteps::Call KernelSteps::Send(const StepSpec& step, Socket& s) {
  const std::string payload(static_cast<size_t>(std::max<int64_t>(step.bytes, 0)),
                            'x');
  ssize_t n;
  if (step.to && s.protocol == net::Protocol::kUdp) {
    std::optional<SockAddr> to =
        MakeSockAddr(step.to->address, step.to->port.value(), s.v6);
    if (!to) return {EAFNOSUPPORT, LocalPort(s.fd)};
    n = sendto(s.fd, payload.data(), payload.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
               to->get(), to->len);
  } else {
    n = send(s.fd, payload.data(), payload.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  }
  if (n < 0) return {errno, LocalPort(s.fd)};
  return {0, LocalPort(s.fd)};
}

void KernelSteps::Close(Socket& s, bool abort) {
  const std::string local = LocalKey(s.fd);
  const std::string peer = PeerKey(s.fd);
  if (abort) {
    linger l{1, 0};  // close() sends RST and skips TIME-WAIT (tcp_close)
    setsockopt(s.fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  }
  close(s.fd);
  s.fd = -1;
  if (s.protocol != net::Protocol::kTcp || s.listener || peer.empty()) return;
  // The server side follows: it closes once it read our FIN (or our RST), so
  // this socket is the active closer.
  for (Accepted& a : accepted_) {
    if (a.fd >= 0 && a.local == peer && a.peer == local) {
      close(a.fd);
      a.fd = -1;
    }
  }
}

void KernelSteps::DrainAccepts() {
  const Clock::time_point now = Clock::now();
  for (const Socket& s : sockets_) {
    if (!s.listener || s.fd < 0 || s.protocol != net::Protocol::kTcp) continue;
    for (;;) {
      sockaddr_storage ss{};
      socklen_t len = sizeof(ss);
      int fd = accept4(s.fd, reinterpret_cast<sockaddr*>(&ss), &len,
                       SOCK_CLOEXEC);
      if (fd < 0) break;
      Accepted a;
      a.fd = fd;
      a.local = LocalKey(fd);
      a.peer = EndpointKey(ss);
      if (s.close_after) {
        a.close_at = now + std::chrono::nanoseconds(s.close_after->nanos());
      }
      accepted_.push_back(std::move(a));
    }
  }
}

void KernelSteps::CloseDueAccepted(Clock::time_point now) {
  for (Accepted& a : accepted_) {
    if (a.fd >= 0 && a.close_at && *a.close_at <= now) {
      close(a.fd);
      a.fd = -1;
    }
  }
}

void KernelSteps::WaitUntil(Clock::time_point deadline) {
  for (;;) {
    const Clock::time_point now = Clock::now();
    CloseDueAccepted(now);
    if (now >= deadline) return;
    Clock::time_point next = deadline;
    for (const Accepted& a : accepted_) {
      if (a.fd >= 0 && a.close_at) next = std::min(next, *a.close_at);
    }
    std::this_thread::sleep_until(next);
  }
}

absl::StatusOr<sim::StepResult> KernelSteps::RunSet(const StepSpec& step,
                                                    sim::StepResult result) {
  for (const scenario::SysctlSetting& setting : step.sysctl) {
    int err = 0;
    absl::Status status = WriteSysctl(setting.name, setting.value, &err);
    ++result.calls;
    if (status.ok()) {
      ++result.ok;
    } else if (err != 0) {
      ++result.errors[ErrnoName(err)];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("step ", step.index, ": ", status.message()));
    }
  }
  return result;
}

absl::StatusOr<sim::StepResult> KernelSteps::Run(const StepSpec& step) {
  sim::StepResult result;
  result.index = step.index;
  result.at = step.at;
  result.host = step.host;
  result.op = std::string(scenario::StepOpName(step.op));
  if (step.op != StepOp::kSet) {
    result.protocol = std::string(net::ProtocolName(step.protocol));
  }
  auto fail = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("step ", step.index, " (", result.op, "): ", why));
  };
  if (std::none_of(scenario_.hosts.begin(), scenario_.hosts.end(),
                   [&](const scenario::HostSpec& h) { return h.name == step.host; })) {
    return fail(absl::StrCat("unknown host \"", step.host, "\""));
  }
  if (step.op == StepOp::kSet) return RunSet(step, std::move(result));
  if (step.op == StepOp::kConnect && !step.to) return fail("connect needs to:");

  std::vector<size_t> targets;
  if (!step.sockets.empty()) {
    auto it = labels_.find(step.sockets);
    if (it == labels_.end()) {
      return fail(absl::StrCat("no sockets labelled \"", step.sockets, "\""));
    }
    for (size_t i : it->second) {
      if (sockets_[i].fd >= 0) targets.push_back(i);
    }
  } else if (step.op == StepOp::kClose || step.op == StepOp::kAbort) {
    return fail("close/abort needs sockets:");
  } else if (step.op == StepOp::kSend &&
             (step.protocol != net::Protocol::kUdp || !step.to)) {
    return fail("send without sockets: needs proto udp and to:");
  }

  auto record = [&](const Call& c) {
    ++result.calls;
    if (c.err == 0) {
      ++result.ok;
    } else {
      ++result.errors[ErrnoName(c.err)];
    }
    result.ports.push_back(c.port);
  };
  auto act = [&](Socket& s) -> Call {
    switch (step.op) {
      case StepOp::kBind: return Bind(step, s);
      case StepOp::kListen: return Listen(step, s);
      case StepOp::kConnect: {
        Call c = Connect(step, s);
        DrainAccepts();  // keep accept queues from overflowing mid-step
        return c;
      }
      case StepOp::kSend: return Send(step, s);
      default: return {EINVAL, 0};
    }
  };

  if (step.op == StepOp::kClose || step.op == StepOp::kAbort) {
    DrainAccepts();
    bool tcp_fin = false;
    for (size_t i : targets) {
      record({0, LocalPort(sockets_[i].fd)});
      tcp_fin |= step.op == StepOp::kClose &&
                 sockets_[i].protocol == net::Protocol::kTcp;
      Close(sockets_[i], step.op == StepOp::kAbort);
    }
    labels_.erase(step.sockets);
    if (tcp_fin) std::this_thread::sleep_for(kFinSettle);
  } else if (!targets.empty()) {
    for (size_t i : targets) {
      UidScope uid(step.uid);
      record(uid.err() != 0 ? Call{uid.err(), 0} : act(sockets_[i]));
    }
  } else if (step.sockets.empty()) {
    const bool v6 = StepIsV6(step);
    for (int64_t n = 0; n < step.count; ++n) {
      Socket s;
      Call c;
      {
        UidScope uid(step.uid);
        c = uid.err() != 0 ? Call{uid.err(), 0} : NewSocket(step, v6, s);
        if (c.err == 0) c = act(s);
      }
      record(c);
      if (c.err != 0) {
        // A failed call leaves the kernel holding nothing for this socket.
        if (s.fd >= 0) close(s.fd);
        continue;
      }
      sockets_.push_back(s);
      if (!step.as.empty()) labels_[step.as].push_back(sockets_.size() - 1);
    }
  }
  DrainAccepts();
  CloseDueAccepted(Clock::now());
  return result;
}

}  // namespace portlab::differential
