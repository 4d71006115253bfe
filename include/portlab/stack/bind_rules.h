// Bind rules: when two sockets may own the same port (Linux 6.x).
//
// An owner conflicts with a newcomer only when their bound addresses
// overlap: 0.0.0.0 covers every IPv4 address; :: covers every IPv6 address
// and, unless IPV6_V6ONLY, every IPv4 address; ::ffff:a.b.c.d is the IPv4
// address a.b.c.d. This set model reproduces the bind_wildcard.c selftest
// table (tests/stack/bind_rules_test.cc).
//
// TCP (net/ipv4/inet_connection_sock.c inet_csk_bind_conflict): overlapping
// owners conflict unless both have SO_REUSEADDR and the owner is not
// listening, or both have SO_REUSEPORT with the same uid (or the owner is in
// TIME-WAIT). bind(0) calls it with relax = reuseport_ok = false, so any
// overlapping owner blocks a candidate; an explicit bind with both true.
// UDP (net/ipv4/udp.c udp_lib_lport_inuse): overlapping owners conflict
// unless both have SO_REUSEADDR, or both SO_REUSEPORT with the same uid.
#ifndef PORTLAB_STACK_BIND_RULES_H_
#define PORTLAB_STACK_BIND_RULES_H_

#include <cstdint>

#include "portlab/net/ip_address.h"

namespace portlab::stack {

struct BindParty {
  net::IpAddress address;  // the bound address (wildcard allowed)
  bool v6_socket = false;
  bool v6only = false;
  bool reuseaddr = false;
  bool reuseport = false;
  uint32_t uid = 0;
  bool listening = false;
  bool time_wait = false;
  bool exclusive = false;  // SO_EXCLUSIVEADDRUSE (Windows)
};

bool AddressesOverlap(const BindParty& a, const BindParty& b);

bool TcpBindConflict(const BindParty& newcomer, const BindParty& owner,
                     bool relax, bool reuseport_ok);

bool UdpBindConflict(const BindParty& newcomer, const BindParty& owner);

// Windows (documentation: "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE"):
// overlapping owners conflict unless the newcomer sets SO_REUSEADDR, which
// lets it bind even over a listener, and the owner did not set
// SO_EXCLUSIVEADDRUSE; a newcomer with SO_EXCLUSIVEADDRUSE shares with no one.
bool WindowsBindConflict(const BindParty& newcomer, const BindParty& owner);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_BIND_RULES_H_
