// Firewall: a host's inbound filter, consulted before demultiplexing. A rule
// names a protocol and a destination port and either drops a matching
// segment silently or rejects it (TCP answers RST, UDP ICMP port
// unreachable).
//
// Example:
//   Firewall fw;
//   fw.Add({net::Protocol::kTcp, 22, /*drop=*/true});
//   bool drop = false;
//   if (fw.Match(net::Protocol::kTcp, 22, &drop)) ...  // drop == true
//
// Invariants:
//   - Rules are kept in the order they were added; the first rule naming
//     (protocol, port) decides, later ones for the same pair never match.
//   - No rule, no effect: an empty firewall matches nothing.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_FIREWALL_H_
#define PORTLAB_STACK_FIREWALL_H_

#include <cstdint>
#include <vector>

#include "portlab/net/port.h"

namespace portlab::stack {

struct FirewallEntry {
  net::Protocol protocol;
  uint16_t port;
  bool drop;  // false: reject (RST / ICMP)
};

class Firewall {
 public:
  void Add(const FirewallEntry& rule) { rules_.push_back(rule); }
  // Whether a rule names (p, port); if so, *drop says whether it drops
  // (true) or rejects (false). *drop is untouched when nothing matches.
  bool Match(net::Protocol p, uint16_t port, bool* drop) const;

 private:
  std::vector<FirewallEntry> rules_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_FIREWALL_H_
