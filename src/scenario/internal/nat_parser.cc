#include "scenario/internal/nat_parser.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "scenario/internal/host_parser.h"
#include "scenario/internal/nat_session_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kNatKeys[] = {"profile", "inside", "outside", "knobs", "forward", "sessions"};
constexpr absl::string_view kForwardKeys[] = {"proto", "outside", "inside"};

absl::Status ReadPrefix(const NodeReader& r, const YAML::Node& node, NatSpec& nat) {
  SCENARIO_ASSIGN_OR_RETURN(std::string text, r.ReadString(node, "inside"));
  size_t slash = text.find('/');
  int prefix = 0;
  absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(text.substr(0, slash));
  if (slash == std::string::npos || !a.ok() || !a->is_v4() ||
      !absl::SimpleAtoi(absl::string_view(text).substr(slash + 1), &prefix) || prefix < 8 || prefix > 30) {
    return r.ErrorAt(node, absl::StrCat("inside: \"", text,
                                        "\" is not an IPv4 prefix such as 192.168.1.0/24 (length 8 to 30)"));
  }
  nat.inside = *a;
  nat.inside_prefix = prefix;
  return absl::OkStatus();
}

absl::StatusOr<PortForwardSpec> ParseForward(const NodeReader& r, const YAML::Node& node) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "forward entry", kForwardKeys));
  PortForwardSpec fw;
  fw.location = r.Locate(node);
  const MapFields::Entry* outside = f.Find("outside");
  const MapFields::Entry* inside = f.Find("inside");
  if (outside == nullptr || inside == nullptr) {
    return r.ErrorAt(node, "forward entry needs outside: \"ADDR:PORT\" and inside: \"ADDR:PORT\" (proto: tcp by default)");
  }
  if (const MapFields::Entry* p = f.Find("proto")) {
    SCENARIO_ASSIGN_OR_RETURN(fw.protocol, r.ReadProtocol(p->value, "proto"));
  }
  SCENARIO_ASSIGN_OR_RETURN(fw.outside, r.ReadEndpoint(outside->value, "outside"));
  SCENARIO_ASSIGN_OR_RETURN(fw.inside, r.ReadEndpoint(inside->value, "inside"));
  if (fw.outside.port.is_zero() || fw.inside.port.is_zero()) {
    return r.ErrorAt(node, "forward ports must be 1 to 65535");
  }
  return fw;
}

absl::StatusOr<NatSpec> ParseNat(const NodeReader& r, const MapFields::Entry& entry, int64_t* placed_sessions) {
  NatSpec nat;
  nat.name = entry.key;
  nat.location = r.Locate(entry.key_node);
  if (!IsSimpleName(nat.name)) {
    return r.ErrorAt(entry.key_node, absl::StrCat("NAT name ", Quote(nat.name),
                                                  " must be made of letters, digits, '_', '.' and '-'"));
  }
  std::string what = absl::StrCat("NAT ", nat.name);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, entry.value, what, kNatKeys));
  const MapFields::Entry* inside = f.Find("inside");
  const MapFields::Entry* outside = f.Find("outside");
  if (inside == nullptr || outside == nullptr) {
    return r.ErrorAt(entry.key_node,
                     absl::StrCat(what, " needs inside: PREFIX (192.168.1.0/24) and outside: ADDR (or a list)"));
  }
  SCENARIO_RETURN_IF_ERROR(ReadPrefix(r, inside->value, nat));
  if (outside->value.IsSequence()) {
    for (YAML::Node a : outside->value) {
      SCENARIO_ASSIGN_OR_RETURN(net::IpAddress addr, r.ReadAddress(a, "outside"));
      if (std::find(nat.outside.begin(), nat.outside.end(), addr) != nat.outside.end()) {
        return r.ErrorAt(a, absl::StrCat("outside: ", addr.ToString(), " is listed twice"));
      }
      nat.outside.push_back(addr);
    }
    if (nat.outside.empty()) return r.ErrorAt(outside->value, "outside: needs at least one address");
  } else {
    SCENARIO_ASSIGN_OR_RETURN(net::IpAddress addr, r.ReadAddress(outside->value, "outside"));
    nat.outside.push_back(addr);
  }
  if (const MapFields::Entry* p = f.Find("profile")) {
    SCENARIO_ASSIGN_OR_RETURN(nat.profile, r.ReadString(p->value, "profile"));
    nat.profile_location = r.Locate(p->value);
  }
  if (const MapFields::Entry* k = f.Find("knobs")) {
    SCENARIO_ASSIGN_OR_RETURN(nat.knobs, r.ReadSysctl(k->value, "knobs"));
  }
  if (const MapFields::Entry* fw = f.Find("forward")) {
    SCENARIO_RETURN_IF_ERROR(r.RequireList(fw->value, "forward"));
    for (YAML::Node n : fw->value) {
      SCENARIO_ASSIGN_OR_RETURN(PortForwardSpec spec, ParseForward(r, n));
      nat.forwards.push_back(spec);
    }
  }
  // Each entry's error is reported there; the NAT stands with the rest.
  if (const MapFields::Entry* s = f.Find("sessions")) nat.sessions = ParseNatSessions(r, s->value, nat, placed_sessions);
  return nat;
}

}  // namespace

absl::StatusOr<std::vector<NatSpec>> ParseNats(const NodeReader& reader, const YAML::Node& node) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields nats, MapFields::ReadAny(reader, node, "nats"));
  std::vector<NatSpec> out;
  int64_t placed_sessions = 0;
  for (const MapFields::Entry& e : nats.entries()) {
    if (reader.diagnostics().full()) break;
    absl::StatusOr<NatSpec> n = ParseNat(reader, e, &placed_sessions);
    if (n.ok()) {
      out.push_back(*std::move(n));
    } else {
      // Reported, and the next NAT read; steps naming it are excused.
      reader.Report(n.status());
      reader.diagnostics().Excuse(Defined::kNat, e.key);
    }
  }
  return out;
}

}  // namespace portlab::scenario::internal
