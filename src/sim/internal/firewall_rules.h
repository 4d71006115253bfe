// The firewall of a scenario (plain data, scenario/scenario.h) as the
// host's model (stack/firewall_rule.h), and the changes `op: firewall`
// steps make. Pure conversions and one call each on the host.
#ifndef PORTLAB_SIM_INTERNAL_FIREWALL_RULES_H_
#define PORTLAB_SIM_INTERNAL_FIREWALL_RULES_H_

#include "portlab/scenario/scenario.h"
#include "portlab/stack/firewall_rule.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

stack::FirewallRule ToStackRule(const scenario::FirewallRule& r);

// The host's rules and policies as the scenario gives them.
void InstallFirewall(const scenario::HostSpec& spec, stack::Host& host);

// One change of an `op: firewall` step. False when it names a rule the
// host does not have (delete: N beyond the last rule).
bool ApplyFirewallChange(const scenario::FirewallChange& c, stack::Host& host);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_FIREWALL_RULES_H_
