// The listener half of the demultiplexer, and the rules' names.
#include "portlab/stack/connection_table.h"

#include <algorithm>

#include "portlab/base/rng.h"

namespace portlab::stack {

std::string_view DemuxRuleName(DemuxRule r) {
  switch (r) {
    case DemuxRule::kExact: return "exact";
    case DemuxRule::kListenerAddress: return "listener-address";
    case DemuxRule::kListenerWildcard: return "listener-wildcard";
    case DemuxRule::kNone: return "none";
    case DemuxRule::kFiltered: return "filtered";
    case DemuxRule::kRejected: return "rejected";
  }
  return "?";
}

void ConnectionTable::RemoveListener(uint16_t port, uint32_t index) {
  auto it = listeners_.find(port);
  if (it == listeners_.end()) return;
  auto pos = std::find(it->second.begin(), it->second.end(), index);
  if (pos == it->second.end()) return;
  it->second.erase(pos);
  if (it->second.empty()) listeners_.erase(it);
}

std::optional<uint32_t> ConnectionTable::FindListener(net::Protocol p, net::AddrId addr,
                                                      uint16_t port, const net::Segment& seg,
                                                      const Sockets& sockets,
                                                      const net::AddressPool& pool,
                                                      uint64_t reuseport_key, bool* specific) const {
  auto it = listeners_.find(port);
  if (it == listeners_.end()) return std::nullopt;
  const net::IpAddress& dst = pool.Get(addr);
  // Most specific first: a socket bound to the destination address beats a
  // wildcard one (Linux compute_score). Among equals, an SO_REUSEPORT group
  // picks a member by a keyed hash of the 4-tuple (reuseport_select_sock).
  absl::InlinedVector<uint32_t, 4> exact, wildcard;
  for (uint32_t i : it->second) {
    const Socket& s = sockets[i];
    if (p == net::Protocol::kUdp && s.connected) continue;
    const net::IpAddress& bound = pool.Get(s.local_addr);
    net::IpAddress b = bound.MappedV4().value_or(bound);
    if (b.IsUnspecified()) {
      bool family_ok = dst.is_v4() ? (!s.v6 || !s.v6only || b.is_v4()) && (b.is_v4() || !s.v6only)
                                   : s.v6;
      if (family_ok) wildcard.push_back(i);
    } else if (b == dst) {
      exact.push_back(i);
    }
  }
  const auto& group = !exact.empty() ? exact : wildcard;
  if (group.empty()) return std::nullopt;
  *specific = !exact.empty();
  if (group.size() == 1) return group[0];
  uint64_t h = Mix64(reuseport_key ^ (uint64_t{seg.src} << 32 | seg.dst) ^
                          (uint64_t{seg.sport} << 16 | seg.dport));
  // Only members with SO_REUSEPORT form a group. Otherwise TCP has one
  // listener; UDP sockets sharing a port through SO_REUSEADDR deliver to the
  // one bound last (udp_lib_get_port adds it at the head of the chain).
  absl::InlinedVector<uint32_t, 4> members;
  for (uint32_t i : group)
    if (sockets[i].reuseport) members.push_back(i);
  if (members.size() < 2) return p == net::Protocol::kUdp ? group.back() : group[0];
  return members[h % members.size()];
}

}  // namespace portlab::stack
