// Translations already in the NAT when the run starts (nat/placed_session.h
// says where each goes and why).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/nat/nat_box.h"

namespace portlab::nat {

absl::Status NatBox::PlaceSessions(absl::Span<const PlacedSession> sessions, SimTime now, size_t* failed) {
  latest_ = std::max(latest_, now);
  for (size_t i = 0; i < sessions.size(); ++i) {
    *failed = i;
    if (absl::Status s = PlaceSession(sessions[i], now); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status NatBox::PlaceSession(const PlacedSession& p, SimTime now) {
  const std::string where = absl::StrCat(AV(net::ProtocolName(p.protocol)), " ", p.inside.ToString(), " as ",
                                         p.outside.ToString(), " -> ", p.remote.ToString());
  auto refuse = [&](const std::string& why) { return absl::InvalidArgumentError(absl::StrCat(where, ": ", why)); };
  const bool tcp = p.protocol == net::Protocol::kTcp;
  const bool udp_state = p.state == SessionState::kUdpUnreplied || p.state == SessionState::kUdpReplied ||
                         p.state == SessionState::kUdpStream;
  if (p.state == SessionState::kStatic || tcp == udp_state) {
    return refuse(absl::StrCat(AV(SessionStateName(p.state)), " is not a ", tcp ? "TCP" : "UDP", " session's state"));
  }
  if (!InsideNetworkContains(p.inside.address)) {
    return refuse(absl::StrCat(p.inside.address.ToString(), " is not in the inside network"));
  }
  const net::AddrId out = p.outside.address.is_v4() ? pool_.Intern(p.outside.address) : 0;
  const auto out_at = std::find(outside_.begin(), outside_.end(), out);
  if (!p.outside.address.is_v4() || out_at == outside_.end()) {
    return refuse(absl::StrCat(p.outside.address.ToString(), " is not an outside address of NAT ", spec_.name));
  }
  if (!p.remote.address.is_v4() || InsideNetworkContains(p.remote.address)) {
    return refuse("the remote end must be an IPv4 address outside the inside network");
  }
  const net::AddrId x = pool_.Intern(p.inside.address);
  const net::AddrId y = pool_.Intern(p.remote.address);
  if (IsOutsideAddress(y)) return refuse("the remote end is one of the NAT's own outside addresses");
  if (p.inside.port.is_zero() || p.outside.port.is_zero() || p.remote.port.is_zero()) {
    return refuse("ports must be 1 to 65535");
  }
  const uint16_t xp = p.inside.port.value(), op = p.outside.port.value(), yp = p.remote.port.value();
  if (sessions_.FindInside(TupleKey::Of(p.protocol, x, xp, y, yp))) {
    return refuse("an earlier entry holds this inside endpoint toward this remote");
  }
  if (sessions_.OutsideInUse(TupleKey::Of(p.protocol, out, op, y, yp))) {
    return refuse("an earlier entry holds this outside endpoint toward this remote");
  }
  const uint32_t out_index = static_cast<uint32_t>(out_at - outside_.begin());
  absl::StatusOr<uint32_t> mapping = PlacedMapping(p, x, out_index, y, now);
  if (!mapping.ok()) return refuse(std::string(mapping.status().message()));
  const uint32_t sid = AddSession(*mapping, y, yp, /*inbound=*/false, now);
  Session& s = sessions_.at(sid);
  // The FINs a state has seen (placed_session.h): FIN-WAIT the inside's,
  // TIME-WAIT both.
  if (p.state == SessionState::kTcpFinWait) s.fins = 1;
  if (p.state == SessionState::kTcpTimeWait) s.fins = 3;
  // Every state but these has seen the other side (rst_ends_unreplied).
  s.replied = p.state != SessionState::kTcpSynSent && p.state != SessionState::kUdpUnreplied;
  sessions_.SetState(sid, p.state, /*opened_inbound=*/false);
  sessions_.SetExpiry(sid, now + p.timer.value_or(IdleTimeout(spec_.config.timeouts, p.state)));
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> NatBox::PlacedMapping(const PlacedSession& p, net::AddrId x, uint32_t out_index,
                                               net::AddrId y, SimTime now) {
  const NatConfig& c = spec_.config;
  const net::AddrId out = outside_[out_index];
  const uint16_t xp = p.inside.port.value(), op = p.outside.port.value(), yp = p.remote.port.value();
  const TupleKey key = MappingKey(p.protocol, x, xp, y, yp);
  if (std::optional<uint32_t> id = mappings_.Find(key)) {
    const Mapping& m = mappings_.at(*id);
    if (m.outside_addr == out && m.outside_port == op) return *id;
  }
  if (static_ports_.contains(TupleKey::Of(p.protocol, out, op, 0, 0))) {
    return absl::InvalidArgumentError("a port forward holds this outside port");
  }
  // Without port overlapping an outside port has one inside endpoint
  // (RFC 4787 REQ-3, RFC 5382 REQ-7); with it, only the 5-tuple is unique
  // (RFC 7857 §3, checked by the caller).
  if (!c.port_overlapping && mappings_.PortUsers(p.protocol, out, op) > 0) {
    return absl::InvalidArgumentError(
        "another inside endpoint's mapping uses this outside port, and the NAT does not overlap ports");
  }
  if (c.max_ports_per_subscriber && subscribers_.Ports(x) >= int64_t{c.max_ports_per_subscriber}) {
    return absl::InvalidArgumentError(absl::StrCat("the inside address already holds max_ports_per_subscriber (",
                                                   c.max_ports_per_subscriber, ") mappings"));
  }
  if (c.deterministic) {
    // RFC 7422: the subscriber's offset fixes its address and range.
    const PortBlock b = DeterministicBlock(pool_.Get(x).v4() - inside_base_, inside_size_,
                                           static_cast<uint32_t>(outside_.size()), c.port_lo, c.port_hi);
    if (!b.Holds(out_index, op)) {
      return absl::InvalidArgumentError(absl::StrCat("deterministic NAT gives this inside address ",
                                                     pool_.Get(outside_[b.address_index]).ToString(), " ports ",
                                                     b.lo, "-", b.hi));
    }
  } else if (blocks_) {
    const size_t held = blocks_->Of(x).size();
    if (!blocks_->GrantContaining(x, out_index, op)) {
      return absl::InvalidArgumentError(
          blocks_->AtLimit(x) ? absl::StrCat("the port lies in none of the inside address's ", held,
                                             " port blocks, the most it may hold")
                              : "the port block holding this port is another inside address's (or past the last "
                                "whole block)");
    }
    if (blocks_->Of(x).size() > held) {
      ++subscribers_[x].blocks;
      figures_.peak_port_blocks = std::max(figures_.peak_port_blocks, blocks_->in_use());
    }
  }
  return AddMapping(p.protocol, x, xp, out_index, op, key, /*is_static=*/false, now, /*placed=*/true);
}

}  // namespace portlab::nat
