#include "portlab/stack/firewall.h"

namespace portlab::stack {

bool Firewall::Match(net::Protocol p, uint16_t port, bool* drop) const {
  for (const FirewallEntry& f : rules_) {
    if (f.protocol == p && f.port == port) {
      *drop = f.drop;
      return true;
    }
  }
  return false;
}

}  // namespace portlab::stack
