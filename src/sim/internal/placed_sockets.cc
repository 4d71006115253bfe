#include "sim/internal/placed_sockets.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::sim {
namespace {

stack::TcpState TcpStateOf(scenario::SocketState s) {
  using scenario::SocketState;
  switch (s) {
    case SocketState::kListen: return stack::TcpState::kListen;
    case SocketState::kSynSent: return stack::TcpState::kSynSent;
    case SocketState::kSynReceived: return stack::TcpState::kSynReceived;
    case SocketState::kEstablished: return stack::TcpState::kEstablished;
    case SocketState::kFinWait1: return stack::TcpState::kFinWait1;
    case SocketState::kFinWait2: return stack::TcpState::kFinWait2;
    case SocketState::kCloseWait: return stack::TcpState::kCloseWait;
    case SocketState::kClosing: return stack::TcpState::kClosing;
    case SocketState::kLastAck: return stack::TcpState::kLastAck;
    case SocketState::kTimeWait: return stack::TcpState::kTimeWait;
    case SocketState::kUnconnected: return stack::TcpState::kClosed;  // UDP: unused
  }
  return stack::TcpState::kClosed;
}

}  // namespace

absl::Status PlaceHostSockets(const scenario::HostSpec& spec, stack::Host& host, int64_t* placed) {
  if (spec.sockets.empty()) return absl::OkStatus();
  int64_t count = 0;
  for (const scenario::PresetSocketSpec& e : spec.sockets) count += e.count;
  if (*placed + count > kMaxPlacedSockets) {
    return absl::ResourceExhaustedError(absl::StrCat(
        spec.location.ToString(), ": sockets: ", *placed + count, " sockets placed at the start in all; portlab "
        "refuses more than ", kMaxPlacedSockets, " in one scenario (huge requests are refused)"));
  }
  *placed += count;
  std::vector<stack::PlacedSocket> sockets;
  std::vector<size_t> entry_of;  // sockets[i] comes from spec.sockets[entry_of[i]]
  sockets.reserve(static_cast<size_t>(count));
  entry_of.reserve(static_cast<size_t>(count));
  for (size_t i = 0; i < spec.sockets.size(); ++i) {
    const scenario::PresetSocketSpec& e = spec.sockets[i];
    for (const scenario::PresetSocketSpec::PortSpan& span : e.ports) {
      for (uint32_t port = span.lo; port <= span.hi; ++port) {
        stack::PlacedSocket p;
        p.protocol = e.protocol;
        p.state = TcpStateOf(e.state);
        p.local = net::Endpoint{e.local, net::Port(static_cast<uint16_t>(port))};
        p.remote = e.remote;
        p.timer = e.timer;
        p.held_by_application = e.held_by_application;
        sockets.push_back(p);
        entry_of.push_back(i);
      }
    }
  }
  size_t failed = 0;
  if (absl::Status s = host.PlaceSockets(sockets, &failed); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(spec.sockets[entry_of[failed]].location.ToString(),
                                                   ": sockets: ", AV(SV(s.message()))));
  }
  return absl::OkStatus();
}

}  // namespace portlab::sim
