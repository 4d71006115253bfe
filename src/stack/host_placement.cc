// Sockets already on the host when the run starts (stack/placed_socket.h
// says where each goes and why).
#include <algorithm>
#include <numeric>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/stack/host.h"
#include "portlab/stack/timer_wheel.h"

namespace portlab::stack {
namespace {

bool Listens(const PlacedSocket& p) {
  return p.protocol == net::Protocol::kTcp ? p.state == TcpState::kListen : !p.remote.has_value();
}

// The application still holds the socket (it has not called close()).
bool HeldByApplication(TcpState s) {
  return s == TcpState::kEstablished || s == TcpState::kSynSent || s == TcpState::kCloseWait ||
         s == TcpState::kListen;
}

}  // namespace

absl::Status Host::PlaceSockets(absl::Span<const PlacedSocket> sockets, size_t* failed) {
  // Listeners first, so a connection finds the listener it was accepted
  // from; TIME-WAITs by time left, so the FIFO queue stays in expiry order
  // (time_wait_queue.h's invariant). Stable: equal entries keep file order.
  const Duration tw_full = KernelTimerExpiry(env_.Now(), knobs_->time_wait, profile_.jiffy) - env_.Now();
  auto rank = [&](const PlacedSocket& p) -> std::pair<int, int64_t> {
    if (Listens(p)) return {0, 0};
    if (p.protocol == net::Protocol::kTcp && p.state == TcpState::kTimeWait) {
      return {2, p.timer.value_or(tw_full).nanos()};
    }
    return {1, 0};
  };
  std::vector<size_t> order(sockets.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(sockets[a]) < rank(sockets[b]); });
  const int64_t now = env_.Now().nanos();
  for (size_t i : order) {
    const PlacedSocket& p = sockets[i];
    *failed = i;
    const net::Protocol proto = p.protocol;
    const bool tcp = proto == net::Protocol::kTcp;
    const net::IpAddress& local = p.local.address;
    const std::string where = absl::StrCat(AV(net::ProtocolName(proto)), " ", p.local.ToString(),
                                           p.remote ? absl::StrCat(" -> ", p.remote->ToString()) : "");
    if (tcp && p.state == TcpState::kClosed) return absl::InvalidArgumentError(where + ": a closed socket holds nothing");
    if (p.local.port.value() == 0) return absl::InvalidArgumentError(where + ": the local port must be 1 to 65535");
    if (!local.MappedV4().value_or(local).IsUnspecified() && !OwnsAddress(local)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", local.ToString(), " is not an address of host ", name_));
    }
    if (tcp && p.state == TcpState::kListen && p.remote) {
      return absl::InvalidArgumentError(where + ": a LISTEN socket has no remote end");
    }
    if (tcp && p.state != TcpState::kListen && !p.remote) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", AV(TcpStateName(p.state)), " needs a remote end"));
    }
    if (p.timer && (*p.timer < Duration() || *p.timer > (p.state == TcpState::kTimeWait ? tw_full : knobs_->tcp_fin_timeout))) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": timer ", FormatDuration(*p.timer), " is longer than the host's ",
          p.state == TcpState::kTimeWait ? absl::StrCat("TIME-WAIT (", FormatDuration(tw_full), ")")
                                         : absl::StrCat("tcp_fin_timeout (", FormatDuration(knobs_->tcp_fin_timeout), ")")));
    }
    const bool v6 = local.is_v6() || (p.remote && p.remote->address.is_v6());
    const net::AddrId local_id = pool_.Intern(local);
    const uint16_t port = p.local.port.value();
    std::optional<uint32_t> parent;
    if (p.remote) {
      const net::AddrId remote_id = routes_.RemoteId(p.remote->address);
      if (conns(proto).Find(ConnKey{local_id, remote_id, port, p.remote->port.value()}) != kNoSocket) {
        return absl::InvalidArgumentError(where + ": this 4-tuple is already held by an earlier entry");
      }
      if (tcp) {
        if (const PortTable::Owners* owners = ports(proto).OwnersOf(port)) {
          for (uint32_t o : *owners) {
            const Socket& l = sockets_[o];
            if (l.state == TcpState::kListen && (l.local_addr == local_id || pool_.Get(l.local_addr).IsUnspecified())) {
              parent = o;
              break;
            }
          }
        }
      }
    }
    const uint32_t index = sockets_.Allocate(proto, v6);
    Socket& s = sockets_[index];
    s.local_addr = local_id;
    if (v6 && local.is_v6() && !local.MappedV4() && !local.IsUnspecified()) s.v6only = true;
    if (parent) {
      const Socket& l = sockets_[*parent];
      s.parent = *parent;
      s.parent_generation = l.generation;
      s.reuseaddr = l.reuseaddr;
      s.user_open = false;  // the server application's, as an accepted child
    } else if (tcp) {
      s.user_open = HeldByApplication(p.state) || (p.state == TcpState::kFinWait2 && p.held_by_application);
    }
    // bind()/listen() or a listener's child: explicit; the kernel autobinds
    // only inside ip_local_port_range.
    const bool in_range = knobs_->ip_local_port_range.Contains(net::Port(port));
    s.explicit_bind = parent.has_value() || !in_range || (tcp && p.state == TcpState::kListen);
    s.local_port = port;
    AddOwner(index);
    if (Listens(p)) {
      if (tcp) {
        s.state = TcpState::kListen;
        // Two listeners on one port: the kernel let them share it, which
        // only SO_REUSEPORT allows.
        if (const PortTable::Owners* owners = ports(proto).OwnersOf(port); owners && owners->size() > 1) {
          s.reuseport = true;
          for (uint32_t o : *owners) sockets_[o].reuseport = sockets_[o].reuseport || sockets_[o].state == TcpState::kListen;
        }
      }
      AddListener(index);
      continue;
    }
    s.remote_addr = routes_.RemoteId(p.remote->address);
    s.remote_port = p.remote->port.value();
    AddConnection(index);
    if (!tcp) continue;
    s.snd_nxt = ConnectIsn(s) + 1;
    s.rcv_nxt = 1;
    s.timestamps = knobs_->tcp_timestamps;
    // The figures SetState keeps, without a trace line: placing is not an
    // event of the run.
    s.state = p.state;
    stack::ProtocolFigures& f = fig(proto);
    if (p.state == TcpState::kEstablished) ++f.established;
    switch (p.state) {
      case TcpState::kTimeWait: {
        ++f.time_wait;
        f.peak_time_wait = std::max(f.peak_time_wait, f.time_wait);
        const Duration left = p.timer.value_or(tw_full);
        // Entered TIME-WAIT (time_wait - left) ago, as the rules of
        // time_wait_rules.h read it.
        s.time_wait_since = now - (knobs_->time_wait - left).nanos();
        ports(proto).SetDestTimeWait(DestKey{s.local_addr, s.remote_addr, s.remote_port}, port);
        if (time_wait_queue_.Push({now + left.nanos(), index, s.generation})) {
          env_.ArmTimer(SimTime::FromNanos(now + left.nanos()), TimerKind::kTimeWaitSweep, 0, 0);
        }
        break;
      }
      case TcpState::kFinWait2:
        if (!s.user_open) {
          env_.ArmTimer(SimTime::FromNanos(now + p.timer.value_or(knobs_->tcp_fin_timeout).nanos()),
                        TimerKind::kFinWait2, index, s.timer_generation);
        }
        break;
      case TcpState::kSynSent:
        s.syn_transmissions = 1;
        ArmSynTimer(index);
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace portlab::stack
