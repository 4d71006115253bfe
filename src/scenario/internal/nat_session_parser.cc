#include "scenario/internal/nat_session_parser.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"
#include "scenario/internal/socket_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kSessionKeys[] = {"proto", "state", "inside", "outside", "ports",
                                              "remote", "timer", "count"};

bool InPrefix(const net::IpAddress& a, const NatSpec& nat) {
  const uint32_t mask = net::IpAddress::V4Netmask(nat.inside_prefix);
  return a.is_v4() && (a.v4() & mask) == (nat.inside.v4() & mask);
}

std::string Prefix(const NatSpec& nat) { return absl::StrCat(nat.inside.ToString(), "/", nat.inside_prefix); }

absl::Status CheckInside(const NodeReader& r, const YAML::Node& at, const net::IpAddress& a, const NatSpec& nat) {
  if (InPrefix(a, nat)) return absl::OkStatus();
  return r.ErrorAt(at, absl::StrCat("inside: ", a.ToString(), " is not in NAT ", nat.name, "'s inside network ",
                                    Prefix(nat)));
}

absl::Status CheckOutside(const NodeReader& r, const YAML::Node& at, const net::IpAddress& a, const NatSpec& nat) {
  if (std::find(nat.outside.begin(), nat.outside.end(), a) != nat.outside.end()) return absl::OkStatus();
  std::vector<std::string> names;
  for (const net::IpAddress& o : nat.outside) names.push_back(o.ToString());
  return r.ErrorAt(at, absl::StrCat("outside: ", a.ToString(), " is not an outside address of NAT ", nat.name, " (",
                                    absl::StrJoin(names, ", "), ")"));
}

absl::StatusOr<PresetNatSessionSpec> ParseSession(const NodeReader& r, const YAML::Node& node, const NatSpec& nat) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "sessions entry", kSessionKeys));
  PresetNatSessionSpec s;
  s.location = r.Locate(node);
  if (const MapFields::Entry* p = f.Find("proto")) {
    SCENARIO_ASSIGN_OR_RETURN(s.protocol, r.ReadProtocol(p->value, "proto"));
  }
  const MapFields::Entry* state = f.Find("state");
  const MapFields::Entry* inside = f.Find("inside");
  const MapFields::Entry* outside = f.Find("outside");
  const MapFields::Entry* remote = f.Find("remote");
  if (state == nullptr || inside == nullptr || outside == nullptr || remote == nullptr) {
    return r.ErrorAt(node, "sessions entry needs state:, inside: \"ADDR:PORT\", outside: \"ADDR:PORT\" and "
                           "remote: \"ADDR:PORT\" (or inside: and outside: addresses with ports:)");
  }
  SCENARIO_ASSIGN_OR_RETURN(std::string state_name, r.ReadString(state->value, "state"));
  std::optional<nat::SessionState> st = nat::ParseSessionState(state_name, s.protocol);
  if (!st) {
    return r.ErrorAt(state->value, absl::StrCat("state: ", Quote(state_name), " is not a ",
                                                s.protocol == net::Protocol::kTcp ? "TCP" : "UDP",
                                                " conntrack state; ", AV(nat::SessionStateNames(s.protocol))));
  }
  s.state = *st;
  if (const MapFields::Entry* ports = f.Find("ports")) {
    SCENARIO_ASSIGN_OR_RETURN(s.inside, r.ReadAddress(inside->value, "inside (an address, since ports: gives the ports)"));
    SCENARIO_ASSIGN_OR_RETURN(s.outside,
                              r.ReadAddress(outside->value, "outside (an address, since ports: gives the ports)"));
    SCENARIO_ASSIGN_OR_RETURN(std::string text, r.ReadString(ports->value, "ports"));
    absl::StatusOr<std::vector<PresetSocketSpec::PortSpan>> spans = ParseSocketPorts(text);
    if (!spans.ok()) return r.ErrorAt(ports->value, absl::StrCat("ports: ", spans.status().message()));
    s.ports = *std::move(spans);
  } else {
    SCENARIO_ASSIGN_OR_RETURN(net::Endpoint in, r.ReadEndpoint(inside->value, "inside"));
    SCENARIO_ASSIGN_OR_RETURN(net::Endpoint out, r.ReadEndpoint(outside->value, "outside"));
    if (in.port.is_zero()) return r.ErrorAt(inside->value, "inside: the port must be 1 to 65535");
    if (out.port.is_zero()) return r.ErrorAt(outside->value, "outside: the port must be 1 to 65535");
    s.inside = in.address;
    s.outside = out.address;
    s.ports.push_back({in.port.value(), in.port.value()});
    s.outside_port = out.port.value();
  }
  SCENARIO_RETURN_IF_ERROR(CheckInside(r, inside->value, s.inside, nat));
  SCENARIO_RETURN_IF_ERROR(CheckOutside(r, outside->value, s.outside, nat));
  SCENARIO_ASSIGN_OR_RETURN(s.remote, r.ReadEndpoint(remote->value, "remote"));
  if (s.remote.port.is_zero()) return r.ErrorAt(remote->value, "remote: the port must be 1 to 65535");
  if (!s.remote.address.is_v4() || InPrefix(s.remote.address, nat) ||
      std::find(nat.outside.begin(), nat.outside.end(), s.remote.address) != nat.outside.end()) {
    return r.ErrorAt(remote->value, absl::StrCat("remote: ", s.remote.address.ToString(),
                                                 " must be an IPv4 address beyond NAT ", nat.name,
                                                 " (neither inside ", Prefix(nat), " nor one of its outside addresses)"));
  }
  s.count = CountPorts(s.ports);
  if (const MapFields::Entry* t = f.Find("timer")) {
    SCENARIO_ASSIGN_OR_RETURN(s.timer, r.ReadDuration(t->value, "timer"));
  }
  SCENARIO_RETURN_IF_ERROR(CheckPortCount(r, f, s.count));
  return s;
}

// The ports the entries so far hold on one side of the NAT, per
// (protocol, that side's address, remote), as disjoint spans: what must be
// unique per NAT is the 5-tuple (RFC 4787 REQ-3, RFC 7857 §3: a NAT tells
// its sessions apart by them). Spans, not ports: 20,000,000 sessions are a
// few hundred entries, and the loader keeps a few hundred spans.
class TakenPorts {
 public:
  using Key = std::tuple<int, net::IpAddress, net::Endpoint>;
  // The first port of [lo, hi] an earlier Take holds, or nullopt.
  std::optional<uint16_t> Held(const Key& k, uint16_t lo, uint16_t hi) const {
    auto m = taken_.find(k);
    if (m == taken_.end()) return std::nullopt;
    auto it = m->second.upper_bound(lo);
    if (it != m->second.begin() && std::prev(it)->second >= lo) return lo;
    if (it != m->second.end() && it->first <= hi) return it->first;
    return std::nullopt;
  }
  // REQUIRES: !Held(k, lo, hi).
  void Take(const Key& k, uint16_t lo, uint16_t hi) { taken_[k][lo] = hi; }

 private:
  std::map<Key, std::map<uint16_t, uint16_t>> taken_;  // lo -> hi
};

}  // namespace

std::vector<PresetNatSessionSpec> ParseNatSessions(const NodeReader& reader, const YAML::Node& node,
                                                   const NatSpec& nat, int64_t* placed) {
  std::vector<PresetNatSessionSpec> out;
  if (absl::Status s = reader.RequireList(node, "sessions"); !s.ok()) {
    reader.Report(s);
    return out;
  }
  TakenPorts inside_ports, outside_ports;
  for (YAML::Node entry : node) {
    if (reader.diagnostics().full()) break;
    absl::StatusOr<PresetNatSessionSpec> s = ParseSession(reader, entry, nat);
    if (!s.ok()) {
      reader.Report(s.status());
      continue;
    }
    if (*placed + s->count > kMaxPlacedNatSessions) {
      reader.ReportAt(entry, absl::StrCat("sessions: more than ", kMaxPlacedNatSessions,
                                          " sessions placed at the start in all; portlab refuses more in one "
                                          "scenario (huge requests are refused)"));
      break;
    }
    // The entry's spans on each side: its inside ports, and outside the
    // same ports or its one outside port.
    const int proto = static_cast<int>(s->protocol);
    const TakenPorts::Key in_key{proto, s->inside, s->remote}, out_key{proto, s->outside, s->remote};
    std::vector<PresetSocketSpec::PortSpan> out_spans = s->ports;
    if (s->outside_port) out_spans = {{s->outside_port, s->outside_port}};
    std::string twice;
    for (const PresetSocketSpec::PortSpan& span : s->ports) {
      if (std::optional<uint16_t> p = inside_ports.Held(in_key, span.lo, span.hi); p && twice.empty()) {
        twice = absl::StrCat("inside ", net::Endpoint{s->inside, net::Port(*p)}.ToString());
      }
    }
    for (const PresetSocketSpec::PortSpan& span : out_spans) {
      if (std::optional<uint16_t> p = outside_ports.Held(out_key, span.lo, span.hi); p && twice.empty()) {
        twice = absl::StrCat("outside ", net::Endpoint{s->outside, net::Port(*p)}.ToString());
      }
    }
    if (!twice.empty()) {
      reader.ReportAt(entry, absl::StrCat("sessions entry: ", AV(net::ProtocolName(s->protocol)), " ", twice,
                                          " toward ", s->remote.ToString(), " is held by an earlier entry"));
      continue;
    }
    for (const PresetSocketSpec::PortSpan& span : s->ports) inside_ports.Take(in_key, span.lo, span.hi);
    for (const PresetSocketSpec::PortSpan& span : out_spans) outside_ports.Take(out_key, span.lo, span.hi);
    *placed += s->count;
    out.push_back(*std::move(s));
  }
  return out;
}

}  // namespace portlab::scenario::internal
