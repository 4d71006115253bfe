#include "scenario/internal/firewall_parser.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "scenario/internal/host_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kRuleKeys[] = {"dir",   "proto", "port", "sport",  "dport", "saddr",
                                           "daddr", "ct",    "add",  "action", "with"};
constexpr absl::string_view kDirections[] = {"in", "out"};
constexpr absl::string_view kActions[] = {"drop", "reject", "accept", "continue"};
constexpr absl::string_view kShortActions[] = {"drop", "reject"};
constexpr absl::string_view kRejectWith[] = {"tcp-reset", "port-unreachable", "admin-prohibited",
                                             "host-unreachable", "net-unreachable"};
constexpr absl::string_view kPolicies[] = {"accept", "drop"};
constexpr absl::string_view kAddKeys[] = {"set", "timeout"};

// The scalars of a node that is one scalar or a list of them.
absl::StatusOr<std::vector<std::pair<std::string, YAML::Node>>> Scalars(const NodeReader& r,
                                                                         const YAML::Node& n,
                                                                         absl::string_view what) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (n.IsSequence()) {
    for (YAML::Node e : n) {
      SCENARIO_ASSIGN_OR_RETURN(std::string s, r.ReadString(e, what));
      out.push_back({s, e});
    }
  } else {
    SCENARIO_ASSIGN_OR_RETURN(std::string s, r.ReadString(n, what));
    out.push_back({s, n});
  }
  if (out.empty()) return r.ErrorAt(n, absl::StrCat(what, ": needs at least one value"));
  return out;
}

// "22", "21-23,25", 22, or a list of them.
absl::StatusOr<std::vector<FirewallRule::PortSpan>> ReadPorts(const NodeReader& r, const YAML::Node& n,
                                                              absl::string_view what) {
  SCENARIO_ASSIGN_OR_RETURN(auto items, Scalars(r, n, what));
  std::vector<FirewallRule::PortSpan> out;
  const std::string form = absl::StrCat(what, ": expected ports 1..65535 as \"22\", \"21-23,25\" or a list");
  for (const auto& [text, node] : items) {
    for (absl::string_view part : absl::StrSplit(text, ',')) {
      part = absl::StripAsciiWhitespace(part);
      std::vector<absl::string_view> ends = absl::StrSplit(part, absl::MaxSplits('-', 1));
      int lo = 0, hi = 0;
      if (!absl::SimpleAtoi(ends[0], &lo) || (ends.size() == 2 && !absl::SimpleAtoi(ends[1], &hi))) {
        return r.ErrorAt(node, absl::StrCat(form, ", not ", Quote(text)));
      }
      if (ends.size() == 1) hi = lo;
      if (lo < 1 || hi > 65535 || lo > hi) {
        return r.ErrorAt(node, absl::StrCat(form, "; ", Quote(part), " is out of range or reversed"));
      }
      out.push_back({static_cast<uint16_t>(lo), static_cast<uint16_t>(hi)});
    }
  }
  return out;
}

// "10.0.0.0/8", "2001:db8::/32", "10.0.0.7", a list of them, or "@set".
absl::Status ReadRuleAddresses(const NodeReader& r, const YAML::Node& n, absl::string_view what,
                           std::vector<FirewallRule::Prefix>& prefixes, std::string& set) {
  SCENARIO_ASSIGN_OR_RETURN(auto items, Scalars(r, n, what));
  for (const auto& [text, node] : items) {
    if (!text.empty() && text[0] == '@') {
      if (items.size() != 1 || !IsSimpleName(text.substr(1))) {
        return r.ErrorAt(node, absl::StrCat(what, ": a set is written alone, as \"@name\" ([A-Za-z0-9_.-])"));
      }
      set = text.substr(1);
      continue;
    }
    const size_t slash = text.find('/');
    absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(text.substr(0, slash));
    if (!a.ok()) return r.ErrorAt(node, absl::StrCat(what, ": ", a.status().message()));
    FirewallRule::Prefix p{*a, a->is_v4() ? 32 : 128};
    if (slash != std::string::npos) {
      if (!absl::SimpleAtoi(text.substr(slash + 1), &p.length) || p.length < 0 ||
          p.length > (a->is_v4() ? 32 : 128)) {
        return r.ErrorAt(node, absl::StrCat(what, ": bad prefix length in ", Quote(text)));
      }
    }
    if (!prefixes.empty() && prefixes[0].address.family() != a->family()) {
      return r.ErrorAt(node, absl::StrCat(what, ": IPv4 and IPv6 prefixes in one rule (nft: ip or ip6, not both)"));
    }
    prefixes.push_back(p);
  }
  return absl::OkStatus();
}

bool IsShortForm(const MapFields& f) { return f.Find("port") != nullptr; }

absl::StatusOr<FirewallPolicy> ReadPolicy(const NodeReader& r, const YAML::Node& n, absl::string_view what) {
  absl::StatusOr<std::string> p = r.ReadChoice(n, what, kPolicies);
  if (!p.ok()) return p.status();
  return *p == "drop" ? FirewallPolicy::kDrop : FirewallPolicy::kAccept;
}

}  // namespace

absl::StatusOr<FirewallRule> ParseFirewallRule(const NodeReader& r, const YAML::Node& node) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "firewall rule", kRuleKeys));
  FirewallRule rule;
  rule.location = r.Locate(node);
  if (IsShortForm(f)) {
    // {proto, port, action}: as it always read.
    for (const MapFields::Entry& e : f.entries()) {
      if (e.key != "proto" && e.key != "port" && e.key != "action") {
        return r.ErrorAt(e.key_node, absl::StrCat("firewall rule: key ", Quote(e.key),
                                                  " does not go with port: (the short form takes proto, port, "
                                                  "action; write dport: for the full form)"));
      }
    }
    const MapFields::Entry* proto = f.Find("proto");
    if (proto == nullptr) return r.ErrorAt(node, "firewall rule needs proto: (tcp or udp) and port: (1 to 65535)");
    SCENARIO_ASSIGN_OR_RETURN(rule.protocol, r.ReadProtocol(proto->value, "proto"));
    SCENARIO_ASSIGN_OR_RETURN(rule.port, r.ReadPort(f.Find("port")->value, "port", 1));
    rule.dport = {{rule.port->value(), rule.port->value()}};
    if (const MapFields::Entry* action = f.Find("action")) {
      SCENARIO_ASSIGN_OR_RETURN(std::string a, r.ReadChoice(action->value, "action", kShortActions));
      rule.action = a == "reject" ? FirewallRule::Action::kReject : FirewallRule::Action::kDrop;
    }
    return rule;
  }
  if (const MapFields::Entry* e = f.Find("dir")) {
    SCENARIO_ASSIGN_OR_RETURN(std::string d, r.ReadChoice(e->value, "dir", kDirections));
    rule.direction = d == "out" ? FirewallRule::Direction::kOut : FirewallRule::Direction::kIn;
  }
  if (const MapFields::Entry* e = f.Find("proto")) {
    SCENARIO_ASSIGN_OR_RETURN(rule.protocol, r.ReadProtocol(e->value, "proto"));
  }
  if (const MapFields::Entry* e = f.Find("sport")) {
    SCENARIO_ASSIGN_OR_RETURN(rule.sport, ReadPorts(r, e->value, "sport"));
  }
  if (const MapFields::Entry* e = f.Find("dport")) {
    SCENARIO_ASSIGN_OR_RETURN(rule.dport, ReadPorts(r, e->value, "dport"));
  }
  if (const MapFields::Entry* e = f.Find("saddr")) {
    SCENARIO_RETURN_IF_ERROR(ReadRuleAddresses(r, e->value, "saddr", rule.saddr, rule.saddr_set));
  }
  if (const MapFields::Entry* e = f.Find("daddr")) {
    SCENARIO_RETURN_IF_ERROR(ReadRuleAddresses(r, e->value, "daddr", rule.daddr, rule.daddr_set));
  }
  if (const MapFields::Entry* e = f.Find("ct")) {
    SCENARIO_ASSIGN_OR_RETURN(auto items, Scalars(r, e->value, "ct"));
    for (const auto& [text, n] : items) {
      for (absl::string_view s : absl::StrSplit(text, ',')) {
        s = absl::StripAsciiWhitespace(s);
        if (s == "new") rule.ct_new = true;
        else if (s == "established") rule.ct_established = true;
        else if (s == "related") rule.ct_related = true;
        else return r.ErrorAt(n, absl::StrCat("ct: expected new, established, related (comma-separated), not ", Quote(s)));
      }
    }
  }
  if (const MapFields::Entry* e = f.Find("add")) {
    SCENARIO_ASSIGN_OR_RETURN(MapFields a, MapFields::Read(r, e->value, "add", kAddKeys));
    const MapFields::Entry* set = a.Find("set");
    if (set == nullptr) return r.ErrorAt(e->value, "add: needs set: (the name of the set the source joins)");
    SCENARIO_ASSIGN_OR_RETURN(rule.add_set, r.ReadString(set->value, "set"));
    if (!IsSimpleName(rule.add_set)) return r.ErrorAt(set->value, "set: a name of [A-Za-z0-9_.-]");
    if (const MapFields::Entry* t = a.Find("timeout")) {
      SCENARIO_ASSIGN_OR_RETURN(rule.add_timeout, r.ReadDuration(t->value, "timeout"));
    }
  }
  if (const MapFields::Entry* e = f.Find("action")) {
    SCENARIO_ASSIGN_OR_RETURN(std::string a, r.ReadChoice(e->value, "action", kActions));
    rule.action = a == "reject"   ? FirewallRule::Action::kReject
                  : a == "accept" ? FirewallRule::Action::kAccept
                  : a == "continue" ? FirewallRule::Action::kContinue
                                    : FirewallRule::Action::kDrop;
  }
  if (const MapFields::Entry* e = f.Find("with")) {
    if (rule.action != FirewallRule::Action::kReject) {
      return r.ErrorAt(e->key_node, "with: goes only with action: reject");
    }
    SCENARIO_ASSIGN_OR_RETURN(std::string w, r.ReadChoice(e->value, "with", kRejectWith));
    using W = FirewallRule::RejectWith;
    rule.with = w == "tcp-reset"          ? W::kTcpReset
                : w == "port-unreachable" ? W::kPortUnreachable
                : w == "admin-prohibited" ? W::kAdminProhibited
                : w == "host-unreachable" ? W::kHostUnreachable
                                          : W::kNetUnreachable;
    // nft: "reject with tcp reset" needs a TCP match (the rule could
    // otherwise meet a datagram it cannot answer so).
    if (rule.with == W::kTcpReset && rule.protocol != net::Protocol::kTcp) {
      return r.ErrorAt(e->value, "with: tcp-reset needs proto: tcp");
    }
  }
  return rule;
}

absl::Status ParseFirewallPolicy(const NodeReader& r, const YAML::Node& node, HostSpec& host) {
  auto read = [&](const YAML::Node& n, absl::string_view what) { return ReadPolicy(r, n, what); };
  if (!node.IsMap()) {
    SCENARIO_ASSIGN_OR_RETURN(host.firewall_policy_in, read(node, "firewall_policy"));
    return absl::OkStatus();
  }
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "firewall_policy", kDirections));
  if (const MapFields::Entry* e = f.Find("in")) {
    SCENARIO_ASSIGN_OR_RETURN(host.firewall_policy_in, read(e->value, "in"));
  }
  if (const MapFields::Entry* e = f.Find("out")) {
    SCENARIO_ASSIGN_OR_RETURN(host.firewall_policy_out, read(e->value, "out"));
  }
  return absl::OkStatus();
}

absl::StatusOr<FirewallChange> ParseFirewallChange(const NodeReader& r, const YAML::Node& step,
                                                   const MapFields& f) {
  FirewallChange c;
  int kinds = 0;
  for (absl::string_view k : {"add", "insert", "delete", "flush", "policy"}) kinds += f.Find(k) != nullptr;
  if (kinds != 1) {
    return r.ErrorAt(step, "op firewall needs exactly one of add: RULE, insert: RULE (with position: N), "
                           "delete: N, flush: true, policy: accept|drop (with dir: in|out)");
  }
  const MapFields::Entry* position = f.Find("position");
  const MapFields::Entry* dir = f.Find("dir");
  if (position != nullptr && f.Find("insert") == nullptr) {
    return r.ErrorAt(position->key_node, "position: goes only with insert:");
  }
  if (dir != nullptr && f.Find("policy") == nullptr) {
    return r.ErrorAt(dir->key_node, "dir: goes only with policy: (a rule says its own dir:)");
  }
  if (const MapFields::Entry* e = f.Find("add")) {
    c.kind = FirewallChange::Kind::kAdd;
    SCENARIO_ASSIGN_OR_RETURN(c.rule, ParseFirewallRule(r, e->value));
  } else if (const MapFields::Entry* e = f.Find("insert")) {
    c.kind = FirewallChange::Kind::kInsert;
    SCENARIO_ASSIGN_OR_RETURN(c.rule, ParseFirewallRule(r, e->value));
    if (position != nullptr) {
      SCENARIO_ASSIGN_OR_RETURN(int64_t p, r.ReadInt(position->value, "position", 1, 65535));
      c.position = static_cast<int>(p);
    }
  } else if (const MapFields::Entry* e = f.Find("delete")) {
    c.kind = FirewallChange::Kind::kDelete;
    SCENARIO_ASSIGN_OR_RETURN(int64_t p, r.ReadInt(e->value, "delete", 1, 65535));
    c.position = static_cast<int>(p);
  } else if (const MapFields::Entry* e = f.Find("flush")) {
    c.kind = FirewallChange::Kind::kFlush;
    SCENARIO_ASSIGN_OR_RETURN(bool yes, r.ReadBool(e->value, "flush"));
    if (!yes) return r.ErrorAt(e->value, "flush: true is the only value (leave the step out otherwise)");
  } else if (const MapFields::Entry* e = f.Find("policy")) {
    c.kind = FirewallChange::Kind::kPolicy;
    SCENARIO_ASSIGN_OR_RETURN(std::string p, r.ReadChoice(e->value, "policy", kPolicies));
    c.policy = p == "drop" ? FirewallPolicy::kDrop : FirewallPolicy::kAccept;
    if (dir != nullptr) {
      SCENARIO_ASSIGN_OR_RETURN(std::string d, r.ReadChoice(dir->value, "dir", kDirections));
      c.direction = d == "out" ? FirewallRule::Direction::kOut : FirewallRule::Direction::kIn;
    }
  }
  return c;
}

}  // namespace portlab::scenario::internal
