// NatProfile: a named NAT behaviour with its source (docs/ARCHITECTURE.md,
// "The NAT box"; reference/nat.md). `portlab list` prints them; a scenario's NAT
// names one and changes knobs on top.
//
// Example:
//   const NatProfile* p = FindNatProfile("linux-masquerade");
//   NatConfig c = p->config;
#ifndef PORTLAB_NAT_NAT_PROFILES_H_
#define PORTLAB_NAT_NAT_PROFILES_H_

#include <string_view>
#include <vector>

#include "portlab/nat/nat_config.h"

namespace portlab::nat {

struct NatProfile {
  std::string_view name;
  std::string_view description;
  std::string_view source;
  NatConfig config;
  // What RFC 5780 discovery should find: the classic RFC 3489 name.
  std::string_view classic;
  // The values no primary source confirmed, which portlab chose; empty
  // when every value is sourced. `portlab list` prints them.
  std::string_view unverified = {};
};

// Every profile, in a stable order.
const std::vector<NatProfile>& NatProfiles();
// nullptr when there is no profile of that name.
const NatProfile* FindNatProfile(std::string_view name);

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_PROFILES_H_
