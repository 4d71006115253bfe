#include "sim/internal/firewall_rules.h"

namespace portlab::sim {
namespace {

stack::FwDirection ToDirection(scenario::FirewallRule::Direction d) {
  return d == scenario::FirewallRule::Direction::kOut ? stack::FwDirection::kOut : stack::FwDirection::kIn;
}

stack::Verdict ToPolicy(scenario::FirewallPolicy p) {
  return p == scenario::FirewallPolicy::kDrop ? stack::Verdict::kDrop : stack::Verdict::kAccept;
}

}  // namespace

stack::FirewallRule ToStackRule(const scenario::FirewallRule& r) {
  using A = scenario::FirewallRule::Action;
  using W = scenario::FirewallRule::RejectWith;
  stack::FirewallRule s;
  s.direction = ToDirection(r.direction);
  s.protocol = r.protocol;
  for (const auto& p : r.sport) s.sport.push_back({p.lo, p.hi});
  for (const auto& p : r.dport) s.dport.push_back({p.lo, p.hi});
  for (const auto& p : r.saddr) s.saddr.push_back({p.address, p.length});
  for (const auto& p : r.daddr) s.daddr.push_back({p.address, p.length});
  s.saddr_set = r.saddr_set;
  s.daddr_set = r.daddr_set;
  s.ct_states = (r.ct_new ? stack::kCtNew : 0) | (r.ct_established ? stack::kCtEstablished : 0) |
                (r.ct_related ? stack::kCtRelated : 0);
  s.add_to_set = r.add_set;
  s.add_timeout = r.add_timeout;
  s.verdict = r.action == A::kAccept   ? stack::Verdict::kAccept
              : r.action == A::kReject ? stack::Verdict::kReject
              : r.action == A::kDrop   ? stack::Verdict::kDrop
                                       : stack::Verdict::kNone;
  switch (r.with) {
    case W::kDefault:
      // The short form answers as portlab's firewall always did; the full
      // form as nft's `reject` alone.
      s.reject_with = r.port ? stack::RejectWith::kResetOrPortUnreachable : stack::RejectWith::kPortUnreachable;
      break;
    case W::kTcpReset: s.reject_with = stack::RejectWith::kTcpReset; break;
    case W::kPortUnreachable: s.reject_with = stack::RejectWith::kPortUnreachable; break;
    case W::kAdminProhibited: s.reject_with = stack::RejectWith::kAdminProhibited; break;
    case W::kHostUnreachable: s.reject_with = stack::RejectWith::kHostUnreachable; break;
    case W::kNetUnreachable: s.reject_with = stack::RejectWith::kNetUnreachable; break;
  }
  return s;
}

void InstallFirewall(const scenario::HostSpec& spec, stack::Host& host) {
  for (const scenario::FirewallRule& r : spec.firewall) host.AppendFirewallRule(ToStackRule(r));
  if (spec.firewall_policy_in != scenario::FirewallPolicy::kAccept) {
    host.SetFirewallPolicy(stack::FwDirection::kIn, ToPolicy(spec.firewall_policy_in));
  }
  if (spec.firewall_policy_out != scenario::FirewallPolicy::kAccept) {
    host.SetFirewallPolicy(stack::FwDirection::kOut, ToPolicy(spec.firewall_policy_out));
  }
}

bool ApplyFirewallChange(const scenario::FirewallChange& c, stack::Host& host) {
  using K = scenario::FirewallChange::Kind;
  switch (c.kind) {
    case K::kAdd: host.AppendFirewallRule(ToStackRule(c.rule)); return true;
    case K::kInsert: host.InsertFirewallRule(static_cast<size_t>(c.position - 1), ToStackRule(c.rule)); return true;
    case K::kDelete: return host.DeleteFirewallRule(static_cast<size_t>(c.position - 1));
    case K::kFlush: host.FlushFirewall(); return true;
    case K::kPolicy: host.SetFirewallPolicy(ToDirection(c.direction), ToPolicy(c.policy)); return true;
  }
  return false;
}

}  // namespace portlab::sim
