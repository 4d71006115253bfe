#include "scenario/internal/host_parser.h"

#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/limits.h"
#include "scenario/internal/firewall_parser.h"
#include "scenario/internal/socket_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kHostKeys[] = {"address", "addresses", "os",
                                           "sysctl",  "firewall",  "quantity",
                                           "default_route", "firewall_policy", "sockets"};

constexpr int64_t kMaxQuantity = limits::kMaxHostQuantity;
// An address, optionally with its prefix length ("10.8.0.1/24"), which
// puts its network on the host's link.
absl::Status AddAddress(const NodeReader& r, const YAML::Node& node,
                        absl::string_view what, HostSpec& host) {
  std::string text = node.IsScalar() ? node.Scalar() : std::string();
  const size_t slash = text.find('/');
  std::optional<int> prefix;
  net::IpAddress a;
  if (slash == std::string::npos) {
    SCENARIO_ASSIGN_OR_RETURN(a, r.ReadAddress(node, what));
  } else {
    absl::StatusOr<net::IpAddress> parsed = net::IpAddress::Parse(text.substr(0, slash));
    if (!parsed.ok()) return r.ErrorAt(node, absl::StrCat(what, ": ", parsed.status().message()));
    a = *parsed;
    const int full = a.is_v4() ? 32 : 128;
    int n = 0;
    if (!absl::SimpleAtoi(absl::string_view(text).substr(slash + 1), &n) || n < 1 || n > full) {
      return r.ErrorAt(node, absl::StrCat(what, ": \"", text, "\": the prefix length after / must be 1 to ",
                                          full, " (10.8.0.1/24, 2001:db8::1/64)"));
    }
    prefix = n;
  }
  // Every host has 127.0.0.0/8 and ::1 on its own loopback interface; as a
  // network address one would make another host's loopback reachable.
  if (a.IsLoopback()) {
    return r.ErrorAt(node, absl::StrCat(what, ": ", a.ToString(),
                                        " is a loopback address: every host already has 127.0.0.0/8 "
                                        "and ::1 on its own loopback, which no other host reaches; "
                                        "give a network address (10.0.0.1, 2001:db8::1)"));
  }
  for (const net::IpAddress& have : host.addresses) {
    if (have == a) {
      return r.ErrorAt(
          node, absl::StrCat(what, ": ", a.ToString(), " is listed twice"));
    }
  }
  host.addresses.push_back(a);
  host.prefixes.push_back(prefix.value_or(a.is_v4() ? 32 : 128));
  return absl::OkStatus();
}

// `quantity:` copies of `host`, named NAME.0, NAME.1, ..., each address of
// member i being the host's address + i (IPv4 only).
absl::StatusOr<std::vector<HostSpec>> Expand(const NodeReader& r,
                                             const HostSpec& host,
                                             const MapFields::Entry& q) {
  SCENARIO_ASSIGN_OR_RETURN(int64_t n,
                            r.ReadInt(q.value, "quantity", 1, kMaxQuantity));
  std::vector<HostSpec> out;
  out.reserve(static_cast<size_t>(n));
  for (const net::IpAddress& a : host.addresses) {
    if (!a.is_v4()) {
      return r.ErrorAt(q.key_node, absl::StrCat("quantity: needs IPv4 addresses (",
                                                a.ToString(), " is IPv6)"));
    }
    if (uint64_t{a.v4()} + static_cast<uint64_t>(n) - 1 > 0xffffffffULL) {
      return r.ErrorAt(q.value, absl::StrCat("quantity: ", n, " hosts from ",
                                             a.ToString(), " run past 255.255.255.255"));
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    HostSpec m = host;
    m.name = absl::StrCat(host.name, ".", i);
    m.quantity_member = true;
    for (net::IpAddress& a : m.addresses) {
      a = net::IpAddress::V4(a.v4() + static_cast<uint32_t>(i));
    }
    out.push_back(std::move(m));
  }
  return out;
}

absl::StatusOr<HostSpec> ParseHost(const NodeReader& r,
                                   const MapFields::Entry& entry,
                                   std::optional<MapFields::Entry>* quantity) {
  HostSpec host;
  host.name = entry.key;
  host.location = r.Locate(entry.key_node);
  if (!IsSimpleName(host.name)) {
    return r.ErrorAt(
        entry.key_node,
        absl::StrCat("host name ", Quote(host.name),
                     " must be made of letters, digits, '_', '.' and '-'"));
  }
  std::string what = absl::StrCat("host ", host.name);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r, entry.value, what, kHostKeys));
  const MapFields::Entry* address = f.Find("address");
  const MapFields::Entry* addresses = f.Find("addresses");
  if (address != nullptr && addresses != nullptr) {
    return r.ErrorAt(
        addresses->key_node,
        absl::StrCat(what, ": give address: or addresses:, not both"));
  }
  if (address != nullptr) {
    SCENARIO_RETURN_IF_ERROR(AddAddress(r, address->value, "address", host));
  } else if (addresses != nullptr) {
    SCENARIO_RETURN_IF_ERROR(r.RequireList(addresses->value, "addresses"));
    for (YAML::Node a : addresses->value) {
      SCENARIO_RETURN_IF_ERROR(AddAddress(r, a, "addresses", host));
    }
    if (host.addresses.empty()) {
      return r.ErrorAt(
          addresses->value,
          absl::StrCat(what, ": addresses: needs at least one address"));
    }
  } else {
    return r.ErrorAt(
        entry.key_node,
        absl::StrCat(what, " needs address: IP (or addresses: [IP, ...])"));
  }
  if (const MapFields::Entry* q = f.Find("quantity")) *quantity = *q;
  // From here each key stands alone: its error is reported and the host
  // read on, so one host's mistakes are all found at once.
  auto read = [&r](auto value, auto& field) {
    if (value.ok()) {
      field = *std::move(value);
    } else {
      r.Report(value.status());
    }
  };
  if (const MapFields::Entry* sockets = f.Find("sockets")) {
    if (f.Find("quantity") != nullptr) {
      r.Report(r.ErrorAt(sockets->key_node,
                         absl::StrCat(what, ": sockets: name one host's addresses; give them to a host without quantity:")));
    } else {
      read(ParseSockets(r, sockets->value), host.sockets);
    }
  }
  if (const MapFields::Entry* d = f.Find("default_route")) {
    read(r.ReadBool(d->value, "default_route"), host.default_route);
  }
  if (const MapFields::Entry* os = f.Find("os")) {
    // The OS name is checked by the model, which knows the profiles.
    read(r.ReadString(os->value, "os"), host.os);
    const SourceLocation at = r.Locate(os->value);
    host.os_line = at.line;
    host.os_column = at.column;
  }
  if (const MapFields::Entry* sysctl = f.Find("sysctl")) {
    read(r.ReadSysctl(sysctl->value, "sysctl"), host.sysctl);
  }
  if (const MapFields::Entry* firewall = f.Find("firewall")) {
    if (absl::Status st = r.RequireList(firewall->value, "firewall"); !st.ok()) {
      r.Report(st);
    } else {
      for (YAML::Node rule_node : firewall->value) {
        absl::StatusOr<FirewallRule> rule = ParseFirewallRule(r, rule_node);
        if (rule.ok()) {
          host.firewall.push_back(*rule);
        } else {
          r.Report(rule.status());
        }
      }
    }
  }
  if (const MapFields::Entry* policy = f.Find("firewall_policy")) {
    r.Report(ParseFirewallPolicy(r, policy->value, host));
  }
  return host;
}

}  // namespace

bool IsSimpleName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<HostSpec>> ParseHosts(
    const NodeReader& reader, const YAML::Node& node,
    std::map<std::string, std::vector<std::string>>* groups) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields hosts,
                            MapFields::ReadAny(reader, node, "hosts"));
  if (hosts.entries().empty()) {
    return reader.ErrorAt(node, "hosts: needs at least one host");
  }
  std::vector<HostSpec> out;
  out.reserve(hosts.entries().size());
  for (const MapFields::Entry& e : hosts.entries()) {
    if (reader.diagnostics().full()) break;
    // A host's error is reported and the next host read; what names the
    // host (or its group's members) is excused, having no error of its own.
    std::optional<MapFields::Entry> quantity;
    absl::StatusOr<HostSpec> h = ParseHost(reader, e, &quantity);
    absl::StatusOr<std::vector<HostSpec>> members = std::vector<HostSpec>();
    if (h.ok() && quantity) members = Expand(reader, *h, *quantity);
    if (!h.ok() || !members.ok()) {
      reader.Report(!h.ok() ? h.status() : members.status());
      reader.diagnostics().Excuse(Defined::kHost, e.key);
      // A group's members, NAME.0, NAME.1, ...: any name under the group.
      reader.diagnostics().ExcusePrefix(Defined::kHost, absl::StrCat(e.key, "."));
      continue;
    }
    if (!quantity) {
      out.push_back(*std::move(h));
      continue;
    }
    if (groups != nullptr) {
      std::vector<std::string>& names = (*groups)[h->name];
      names.reserve(members->size());
      for (const HostSpec& m : *members) names.push_back(m.name);
    }
    for (HostSpec& m : *members) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace portlab::scenario::internal
