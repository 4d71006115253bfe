// BindConflicts: which owner of a port stands in the way of a socket that
// would bind it. The owners are a PortTable's; each is checked against the
// socket by the bind rules of the host's OS (stack/bind_rules.h: Linux's
// TCP rule, inet_csk_bind_conflict, and UDP rule, udp_lib_lport_inuse, or
// Windows' SO_REUSEADDR / SO_EXCLUSIVEADDRUSE rule). What bind(), listen()
// and the BindTester (stack/port_testers.h) ask.
//
// Example:
//   BindConflicts conflicts(tcp_ports, sockets, pool, knobs.windows_bind_rules);
//   if (conflicts.First(s, 80, /*relax=*/true, /*reuseport_ok=*/true)) {
//     FailureCause why = conflicts.Cause(s, 80);   // kPortInUseByListener, ...
//   }
//
// Invariants:
//   - A view: it changes nothing, and answers from the tables as they are
//     when asked. A socket never conflicts with itself.
//   - First() is nullopt exactly when no owner of the port conflicts with
//     the socket under the rule asked; otherwise the first that does, in
//     the port's owner order.
//   - Cause() does not depend on the owners' order: a listener if any
//     conflicting owner listens, else a live socket if any conflicting
//     owner is not in TIME-WAIT, else TIME-WAIT (kPortInUse when none
//     conflicts).
//
// Lifetimes: the tables and the pool must outlive the view. Thread safety:
// none; the core is single-threaded.
#ifndef PORTLAB_STACK_BIND_CONFLICTS_H_
#define PORTLAB_STACK_BIND_CONFLICTS_H_

#include <cstdint>
#include <optional>

#include "portlab/net/address_pool.h"
#include "portlab/stack/bind_rules.h"
#include "portlab/stack/failure_cause.h"
#include "portlab/stack/port_table.h"
#include "portlab/stack/socket.h"
#include "portlab/stack/socket_slots.h"

namespace portlab::stack {

class BindConflicts {
 public:
  // `ports`: the table of the socket's protocol. `windows_rules`: the
  // Windows rule for both protocols instead of Linux's.
  BindConflicts(const PortTable& ports, const SocketSlots& sockets, const net::AddressPool& pool,
                bool windows_rules)
      : ports_(ports), sockets_(sockets), pool_(pool), windows_rules_(windows_rules) {}

  // The first owner of `port` that conflicts with `s`: `relax` and
  // `reuseport_ok` as TcpBindConflict takes them (both true for an
  // explicit bind(), false for bind(0); Windows' rule with relax false is
  // "the addresses overlap").
  std::optional<uint32_t> First(const Socket& s, uint16_t port, bool relax, bool reuseport_ok) const;
  // Why an explicit bind() of `port` by `s` fails (see the invariants).
  FailureCause Cause(const Socket& s, uint16_t port) const;

 private:
  BindParty PartyOf(const Socket& s) const;
  // Whether `owner` conflicts with `me`, the party of `s`.
  bool Conflict(const Socket& s, const BindParty& me, const BindParty& owner, bool relax,
                bool reuseport_ok) const;

  const PortTable& ports_;
  const SocketSlots& sockets_;
  const net::AddressPool& pool_;
  bool windows_rules_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_BIND_CONFLICTS_H_
