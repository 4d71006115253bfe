// Which owner of a port stands in the way (stack/bind_conflicts.h).
#include "portlab/stack/bind_conflicts.h"

namespace portlab::stack {

BindParty BindConflicts::PartyOf(const Socket& s) const {
  BindParty p;
  p.address = pool_.Get(s.local_addr);
  p.v6_socket = s.v6;
  p.v6only = s.v6only;
  p.reuseaddr = s.reuseaddr;
  p.reuseport = s.reuseport;
  p.uid = s.uid;
  p.listening = s.protocol == net::Protocol::kTcp && s.state == TcpState::kListen;
  p.time_wait = s.state == TcpState::kTimeWait;
  p.exclusive = s.exclusiveaddruse;
  return p;
}

bool BindConflicts::Conflict(const Socket& s, const BindParty& me, const BindParty& owner, bool relax,
                             bool reuseport_ok) const {
  // Windows picks an automatic port only where nobody is (relax is false
  // for bind(0)); SO_REUSEADDR matters for explicit binds.
  if (windows_rules_) return relax ? WindowsBindConflict(me, owner) : AddressesOverlap(me, owner);
  return s.protocol == net::Protocol::kTcp ? TcpBindConflict(me, owner, relax, reuseport_ok)
                                           : UdpBindConflict(me, owner);
}

std::optional<uint32_t> BindConflicts::First(const Socket& s, uint16_t port, bool relax,
                                             bool reuseport_ok) const {
  const PortTable::Owners* owners = ports_.OwnersOf(port);
  if (owners == nullptr) return std::nullopt;
  const BindParty me = PartyOf(s);
  for (uint32_t owner : *owners) {
    const Socket& o = sockets_[owner];
    if (&o == &s) continue;
    if (Conflict(s, me, PartyOf(o), relax, reuseport_ok)) return owner;
  }
  return std::nullopt;
}

FailureCause BindConflicts::Cause(const Socket& s, uint16_t port) const {
  const PortTable::Owners* owners = ports_.OwnersOf(port);
  if (owners == nullptr) return FailureCause::kPortInUse;
  const BindParty me = PartyOf(s);
  bool live = false, tw = false;
  for (uint32_t owner : *owners) {
    const Socket& o = sockets_[owner];
    if (&o == &s) continue;
    const BindParty them = PartyOf(o);
    if (!Conflict(s, me, them, /*relax=*/true, /*reuseport_ok=*/true)) continue;
    if (them.listening) return FailureCause::kPortInUseByListener;
    (them.time_wait ? tw : live) = true;
  }
  return live || !tw ? FailureCause::kPortInUse : FailureCause::kPortHeldByTimeWait;
}

}  // namespace portlab::stack
