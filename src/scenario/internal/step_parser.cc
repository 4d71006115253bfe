#include "scenario/internal/step_parser.h"

#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "portlab/base/strings.h"
#include "scenario/internal/firewall_parser.h"
#include "scenario/internal/host_parser.h"
#include "scenario/internal/scan_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kStepKeys[] = {"at",
                                           "host",
                                           "op",
                                           "proto",
                                           "address",
                                           "port",
                                           "to",
                                           "bind",
                                           "count",
                                           "as",
                                           "sockets",
                                           "options",
                                           "local_port_range",
                                           "sysctl",
                                           "bytes",
                                           "close_after",
                                           "uid",
                                           "ipv6",
                                           "workload",
                                           "nat",
                                           "app",
                                           "expect_reply",
                                           "to_sender",
                                           "rate",
                                           "rtt",
                                           "trials",
                                           "query_port",
                                           // scan (scan_parser.h)
                                           "target",
                                           "type",
                                           "ports",
                                           "retries",
                                           "timeout",
                                           // firewall (firewall_parser.h)
                                           "add",
                                           "insert",
                                           "position",
                                           "delete",
                                           "flush",
                                           "policy",
                                           "dir"};

constexpr absl::string_view kOpNames[] = {"bind",  "listen", "connect",
                                          "send",  "close",  "abort",
                                          "set",   "start",  "stop",
                                          "nat-probe", "dns-poison", "scan", "firewall"};
constexpr StepOp kOps[] = {StepOp::kBind,  StepOp::kListen, StepOp::kConnect,
                           StepOp::kSend,  StepOp::kClose,  StepOp::kAbort,
                           StepOp::kSet,   StepOp::kStart,  StepOp::kStop,
                           StepOp::kNatProbe, StepOp::kDnsPoison, StepOp::kScan,
                           StepOp::kFirewall};

constexpr absl::string_view kOptionNames[] = {"reuseaddr", "reuseport",
                                              "bind_address_no_port", "v6only", "no_v6only",
                                              "randomport", "exclusiveaddruse",
                                              "broadcast"};

// The keys each op takes, besides at/host/op. Anything else is rejected so a
// key that would be silently ignored (port: on a close) is caught.
constexpr absl::string_view kBindKeys[] = {
    "proto",   "address",          "port", "count", "as",
    "options", "local_port_range", "uid",  "ipv6",  "app"};
constexpr absl::string_view kListenKeys[] = {
    "proto",   "address",          "port", "count", "as",         "sockets",
    "options", "local_port_range", "uid",  "ipv6",  "close_after", "app"};
constexpr absl::string_view kConnectKeys[] = {
    "proto", "to",      "bind",    "count",
    "as",    "sockets", "options", "local_port_range",
    "uid",   "ipv6"};
constexpr absl::string_view kSendKeys[] = {
    "proto", "to",      "sockets",          "bytes", "count",
    "as",    "options", "local_port_range", "uid",   "ipv6", "expect_reply", "to_sender"};
constexpr absl::string_view kCloseKeys[] = {"proto", "sockets"};
constexpr absl::string_view kSetKeys[] = {"sysctl"};
constexpr absl::string_view kWorkloadOpKeys[] = {"workload"};
constexpr absl::string_view kNatProbeKeys[] = {"nat"};
constexpr absl::string_view kDnsPoisonKeys[] = {"rate", "rtt", "trials", "query_port"};
// Beyond these a dns-poison step is refused before it runs: 10^9 forged
// answers per second is past any link, 10^6 trials past any lesson.
constexpr int64_t kMaxPoisonRate = 1'000'000'000;
constexpr int64_t kMaxPoisonTrials = 1'000'000;

absl::Span<const absl::string_view> OpKeys(StepOp op) {
  switch (op) {
    case StepOp::kBind:
      return kBindKeys;
    case StepOp::kListen:
      return kListenKeys;
    case StepOp::kConnect:
      return kConnectKeys;
    case StepOp::kSend:
      return kSendKeys;
    case StepOp::kClose:
    case StepOp::kAbort:
      return kCloseKeys;
    case StepOp::kSet:
      return kSetKeys;
    case StepOp::kStart:
    case StepOp::kStop:
      return kWorkloadOpKeys;
    case StepOp::kNatProbe:
      return kNatProbeKeys;
    case StepOp::kDnsPoison:
      return kDnsPoisonKeys;
    case StepOp::kScan:
      return kScanStepKeys;
    case StepOp::kFirewall:
      return kFirewallStepKeys;
  }
  return {};
}

// StepOpName returns std::string_view, which Debian's Abseil (built with its
// own absl::string_view) does not take; a std::string suits both.
std::string OpName(StepOp op) { return std::string(StepOpName(op)); }

bool Contains(absl::Span<const absl::string_view> set, absl::string_view key) {
  for (absl::string_view k : set) {
    if (k == key) return true;
  }
  return false;
}

constexpr absl::string_view kAppNames[] = {"discard", "echo", "respond"};
constexpr absl::string_view kAppKeys[] = {"discard", "echo",          "respond",
                                          "close",   "from_new_port", "answers"};
constexpr absl::string_view kAppForms =
    "discard, echo, or a map with one of respond: BYTES, echo: true, discard: true, and "
    "optionally close: true, from_new_port: true, answers: N";

// `app:`: a name (`echo`), or a map naming the behaviour and its options
// (`{respond: 512, close: true}`).
absl::StatusOr<AppSpec> ReadApp(const NodeReader& r, const YAML::Node& n) {
  AppSpec app;
  app.location = r.Locate(n);
  if (n.IsScalar()) {
    SCENARIO_ASSIGN_OR_RETURN(std::string name, r.ReadChoice(n, "app", {"discard", "echo"}));
    app.kind = name == "echo" ? AppSpec::Kind::kEcho : AppSpec::Kind::kDiscard;
    return app;
  }
  if (!n.IsMap()) {
    return r.ErrorAt(n, absl::StrCat("app: expected ", kAppForms, ", found ", Describe(n)));
  }
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "app", kAppKeys));
  int kinds = 0;
  for (absl::string_view name : kAppNames) kinds += f.Find(name) != nullptr;
  if (kinds != 1) {
    return r.ErrorAt(n, absl::StrCat("app: give exactly one of respond:, echo:, discard: (",
                                     kAppForms, ")"));
  }
  if (const MapFields::Entry* e = f.Find("respond")) {
    app.kind = AppSpec::Kind::kRespond;
    SCENARIO_ASSIGN_OR_RETURN(app.bytes, r.ReadInt(e->value, "app respond", 0, UINT32_MAX));
  }
  for (absl::string_view name : {"echo", "discard"}) {
    const MapFields::Entry* e = f.Find(name);
    if (e == nullptr) continue;
    SCENARIO_ASSIGN_OR_RETURN(bool on, r.ReadBool(e->value, absl::StrCat("app ", name)));
    if (!on) {
      return r.ErrorAt(e->value, absl::StrCat("app ", name, ": only true makes sense (",
                                              kAppForms, ")"));
    }
    app.kind = name == "echo" ? AppSpec::Kind::kEcho : AppSpec::Kind::kDiscard;
  }
  if (const MapFields::Entry* e = f.Find("close")) {
    SCENARIO_ASSIGN_OR_RETURN(app.close, r.ReadBool(e->value, "app close"));
  }
  if (const MapFields::Entry* e = f.Find("from_new_port")) {
    SCENARIO_ASSIGN_OR_RETURN(app.from_new_port, r.ReadBool(e->value, "app from_new_port"));
  }
  if (const MapFields::Entry* e = f.Find("answers")) {
    SCENARIO_ASSIGN_OR_RETURN(app.answers, r.ReadInt(e->value, "app answers", 1, UINT32_MAX));
  }
  return app;
}

// Parses and checks one step at a time, remembering what earlier steps
// defined (time, labels).
class StepParser {
 public:
  StepParser(const NodeReader& reader, const StepNames& names) : r_(reader), names_(names) {}

  absl::StatusOr<StepSpec> Parse(const YAML::Node& node, int index);

 private:
  absl::Status CheckKeysForOp(const MapFields& f, StepSpec& step);
  absl::Status ReadCommon(const MapFields& f, StepSpec& step);
  absl::Status ReadAddresses(const MapFields& f, StepSpec& step);
  absl::Status ReadLabels(const MapFields& f, StepSpec& step);
  absl::Status ReadOptions(const MapFields& f, StepSpec& step);
  absl::Status ReadPoison(const MapFields& f, StepSpec& step);
  absl::Status CheckOpNeeds(const YAML::Node& node, const MapFields& f,
                            const StepSpec& step);
  absl::StatusOr<std::pair<uint16_t, uint16_t>> ReadLocalPortRange(
      const YAML::Node& n);

  const NodeReader& r_;
  const StepNames& names_;
  SimTime last_at_;
  // Label -> index of the step whose `as:` defined it.
  absl::flat_hash_map<std::string, int> labels_;
  absl::flat_hash_map<std::string, net::Protocol> label_protocols_;
};

absl::StatusOr<StepSpec> StepParser::Parse(const YAML::Node& node, int index) {
  std::string what = absl::StrCat("step ", index);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r_, node, what, kStepKeys));
  StepSpec step;
  step.index = index;
  step.location = r_.Locate(node);

  const MapFields::Entry* op = f.Find("op");
  if (op == nullptr) {
    return r_.ErrorAt(node, absl::StrCat(what, " needs op: (one of ",
                                         absl::StrJoin(kOpNames, ", "), ")"));
  }
  SCENARIO_ASSIGN_OR_RETURN(std::string op_name,
                            r_.ReadChoice(op->value, "op", kOpNames));
  for (size_t i = 0; i < std::size(kOpNames); ++i) {
    if (op_name == kOpNames[i]) step.op = kOps[i];
  }
  SCENARIO_RETURN_IF_ERROR(CheckKeysForOp(f, step));
  SCENARIO_RETURN_IF_ERROR(ReadCommon(f, step));
  SCENARIO_RETURN_IF_ERROR(ReadAddresses(f, step));
  SCENARIO_RETURN_IF_ERROR(ReadLabels(f, step));
  SCENARIO_RETURN_IF_ERROR(ReadOptions(f, step));
  if (step.op == StepOp::kDnsPoison) SCENARIO_RETURN_IF_ERROR(ReadPoison(f, step));
  SCENARIO_RETURN_IF_ERROR(CheckOpNeeds(node, f, step));
  if (step.op == StepOp::kScan) {
    SCENARIO_ASSIGN_OR_RETURN(step.scan, ReadScan(r_, node, f, index));
    step.protocol = ScanProtocol(step.scan->type);
  }
  if (step.op == StepOp::kFirewall) {
    SCENARIO_ASSIGN_OR_RETURN(step.firewall, ParseFirewallChange(r_, node, f));
  }
  return step;
}

absl::Status StepParser::CheckKeysForOp(const MapFields& f, StepSpec& step) {
  absl::Span<const absl::string_view> keys = OpKeys(step.op);
  for (const MapFields::Entry& e : f.entries()) {
    // A nat-probe runs on a NAT, not on a host.
    const bool on_host = step.op != StepOp::kNatProbe;
    if (e.key == "at" || e.key == "op" || (on_host && e.key == "host") || Contains(keys, e.key))
      continue;
    return r_.ErrorAt(
        e.key_node,
        absl::StrCat("key ", Quote(e.key), " is not allowed for op ",
                     OpName(step.op), "; op ", OpName(step.op),
                     " takes: at, ", on_host ? "host, " : "", "op, ", absl::StrJoin(keys, ", ")));
  }
  // Keys that create sockets make no sense when the step acts on existing
  // ones: the labelled sockets are the ones acted on.
  if (f.Find("sockets") != nullptr) {
    for (absl::string_view key : {"count", "as", "ipv6"}) {
      if (const MapFields::Entry* e = f.Find(key)) {
        return r_.ErrorAt(
            e->key_node,
            absl::StrCat("key ", Quote(key),
                         " is not allowed with sockets: (op ", OpName(step.op),
                         " acts on the existing labelled sockets)"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status StepParser::ReadCommon(const MapFields& f, StepSpec& step) {
  step.at = last_at_;
  if (const MapFields::Entry* at = f.Find("at")) {
    SCENARIO_ASSIGN_OR_RETURN(Duration d,
                              r_.ReadDuration(at->value, "at"));
    step.at = SimTime() + d;
    if (step.at < last_at_) {
      return r_.ErrorAt(
          at->value, absl::StrCat("at: ", FormatDuration(d),
                                  " is earlier than the previous step's time (",
                                  FormatDuration(last_at_.since_start()),
                                  "); time must not go backwards"));
    }
  }
  last_at_ = step.at;

  if (step.op == StepOp::kNatProbe) {
    const MapFields::Entry* nat = f.Find("nat");
    if (nat == nullptr) {
      return r_.ErrorAt(step.location,
                        absl::StrCat("step ", step.index, ": op nat-probe needs nat: (a name under nats:)"));
    }
    SCENARIO_ASSIGN_OR_RETURN(step.nat, r_.ReadString(nat->value, "nat"));
    if (!names_.nats.contains(step.nat)) {
      return r_.UndefinedName(nat->value, "nat", Defined::kNat, step.nat, names_.nats,
                              "is not defined under nats:");
    }
    return absl::OkStatus();
  }

  const MapFields::Entry* host = f.Find("host");
  if (host == nullptr) {
    return r_.ErrorAt(step.location,
                      absl::StrCat("step ", step.index,
                                   " needs host: (a name under hosts:)"));
  }
  SCENARIO_ASSIGN_OR_RETURN(step.host, r_.ReadString(host->value, "host"));
  if (!names_.hosts.contains(step.host)) {
    return r_.UndefinedHost(host->value, "host", step.host, names_.hosts);
  }

  if (const MapFields::Entry* w = f.Find("workload")) {
    SCENARIO_ASSIGN_OR_RETURN(step.workload, r_.ReadString(w->value, "workload"));
    if (!names_.workloads.contains(step.workload)) {
      return r_.UndefinedName(w->value, "workload", Defined::kWorkload, step.workload,
                              names_.workloads, "is not defined under workloads:");
    }
  }
  if (IsSocketStep(step.op)) {
    // A step acting on labelled sockets takes their protocol (scenarios/README.md
    // writes `{op: close, sockets: first}`); proto:, if given, must agree.
    std::optional<net::Protocol> labelled;
    if (const MapFields::Entry* sockets = f.Find("sockets")) {
      if (sockets->value.IsScalar()) {
        auto it = label_protocols_.find(sockets->value.Scalar());
        if (it != label_protocols_.end()) {
          labelled = it->second;
        } else if (r_.diagnostics().Excused(Defined::kLabel, sockets->value.Scalar())) {
          return Consequence();  // labelled by a step that failed
        }
      }
    }
    const MapFields::Entry* proto = f.Find("proto");
    if (proto == nullptr && !labelled) {
      return r_.ErrorAt(
          f.Find("op")->value,
          absl::StrCat("op ", OpName(step.op), " needs proto: (tcp or udp)"));
    }
    if (proto == nullptr) {
      step.protocol = *labelled;
    } else {
      SCENARIO_ASSIGN_OR_RETURN(step.protocol,
                                r_.ReadProtocol(proto->value, "proto"));
      if (labelled && *labelled != step.protocol) {
        return r_.ErrorAt(proto->value,
                          absl::StrCat("proto: ", AV(net::ProtocolName(step.protocol)),
                                       " disagrees with the sockets it names, which are ",
                                       AV(net::ProtocolName(*labelled))));
      }
    }
  }
  if (const MapFields::Entry* port = f.Find("port")) {
    SCENARIO_ASSIGN_OR_RETURN(step.port, r_.ReadPort(port->value, "port", 0));
  }
  if (const MapFields::Entry* count = f.Find("count")) {
    SCENARIO_ASSIGN_OR_RETURN(step.count,
                              r_.ReadInt(count->value, "count", 1,
                                         std::numeric_limits<int64_t>::max()));
    if (step.count > kMaxStepCount) {
      return r_.ErrorAt(count->value,
                        absl::StrCat("count: ", step.count,
                                     " is too large; huge requests are "
                                     "refused (at most ",
                                     kMaxStepCount, " per step)"));
    }
  }
  if (const MapFields::Entry* sysctl = f.Find("sysctl")) {
    SCENARIO_ASSIGN_OR_RETURN(step.sysctl,
                              r_.ReadSysctl(sysctl->value, "sysctl"));
  }
  if (const MapFields::Entry* bytes = f.Find("bytes")) {
    SCENARIO_ASSIGN_OR_RETURN(step.bytes,
                              r_.ReadInt(bytes->value, "bytes", 0,
                                         std::numeric_limits<int64_t>::max()));
  }
  if (const MapFields::Entry* app = f.Find("app")) {
    SCENARIO_ASSIGN_OR_RETURN(step.app, ReadApp(r_, app->value));
    if (step.app->from_new_port && step.protocol != net::Protocol::kUdp) {
      return r_.ErrorAt(app->value,
                        "app: from_new_port is for udp (a TCP answer from another port "
                        "would meet no connection at the client)");
    }
  }
  if (const MapFields::Entry* e = f.Find("expect_reply")) {
    SCENARIO_ASSIGN_OR_RETURN(step.expect_reply, r_.ReadBool(e->value, "expect_reply"));
  }
  if (const MapFields::Entry* e = f.Find("to_sender")) {
    SCENARIO_ASSIGN_OR_RETURN(step.to_sender, r_.ReadBool(e->value, "to_sender"));
    if (step.to_sender && (step.protocol != net::Protocol::kUdp || f.Find("sockets") == nullptr ||
                           f.Find("to") != nullptr)) {
      return r_.ErrorAt(e->key_node,
                        "to_sender: is for udp sends on labelled sockets (sockets:), without "
                        "to: (it sends where the socket's last answer came from)");
    }
  }
  if (const MapFields::Entry* close_after = f.Find("close_after")) {
    SCENARIO_ASSIGN_OR_RETURN(
        step.close_after, r_.ReadDuration(close_after->value, "close_after"));
  }
  if (const MapFields::Entry* uid = f.Find("uid")) {
    SCENARIO_ASSIGN_OR_RETURN(
        int64_t v,
        r_.ReadInt(uid->value, "uid", 0, std::numeric_limits<uint32_t>::max()));
    step.uid = static_cast<uint32_t>(v);
  }
  return absl::OkStatus();
}

absl::Status StepParser::ReadAddresses(const MapFields& f, StepSpec& step) {
  std::optional<bool> ipv6;
  if (const MapFields::Entry* e = f.Find("ipv6")) {
    SCENARIO_ASSIGN_OR_RETURN(ipv6, r_.ReadBool(e->value, "ipv6"));
  }
  // An IPv6 address can only be used from an AF_INET6 socket, so it implies
  // ipv6: true; saying false as well is a contradiction worth reporting.
  auto note_family = [&](const MapFields::Entry& e,
                         const net::IpAddress& a) -> absl::Status {
    if (a.is_v4()) return absl::OkStatus();
    if (ipv6.has_value() && !*ipv6) {
      return r_.ErrorAt(e.value,
                        absl::StrCat(e.key, ": ", a.ToString(),
                                     " is IPv6 but the step says ipv6: false"));
    }
    step.ipv6 = true;
    return absl::OkStatus();
  };
  if (ipv6.has_value()) step.ipv6 = *ipv6;
  if (const MapFields::Entry* e = f.Find("address")) {
    SCENARIO_ASSIGN_OR_RETURN(step.address,
                              r_.ReadAddress(e->value, "address"));
    SCENARIO_RETURN_IF_ERROR(note_family(*e, *step.address));
  }
  if (const MapFields::Entry* e = f.Find("to")) {
    SCENARIO_ASSIGN_OR_RETURN(step.to, r_.ReadEndpoint(e->value, "to"));
    SCENARIO_RETURN_IF_ERROR(note_family(*e, step.to->address));
  }
  if (const MapFields::Entry* e = f.Find("bind")) {
    SCENARIO_ASSIGN_OR_RETURN(step.bind, r_.ReadEndpoint(e->value, "bind"));
    SCENARIO_RETURN_IF_ERROR(note_family(*e, step.bind->address));
  }
  return absl::OkStatus();
}

absl::Status StepParser::ReadLabels(const MapFields& f, StepSpec& step) {
  if (const MapFields::Entry* e = f.Find("sockets")) {
    SCENARIO_ASSIGN_OR_RETURN(step.sockets, r_.ReadString(e->value, "sockets"));
    if (!labels_.contains(step.sockets)) {
      absl::flat_hash_set<std::string> known;
      for (const auto& [label, index] : labels_) known.insert(label);
      return r_.UndefinedName(e->value, "sockets", Defined::kLabel, step.sockets, known,
                              "is not a label defined by an earlier step's as:");
    }
  }
  if (const MapFields::Entry* e = f.Find("as")) {
    SCENARIO_ASSIGN_OR_RETURN(step.as, r_.ReadString(e->value, "as"));
    if (!IsSimpleName(step.as)) {
      return r_.ErrorAt(
          e->value, absl::StrCat("as: label ", Quote(step.as),
                                 " must be made of letters, digits, '_', '.' "
                                 "and '-'"));
    }
    // One label, one group of sockets: reuse would leave open whether a
    // later sockets: means the old group, the new one or both.
    label_protocols_.emplace(step.as, step.protocol);
    auto [it, inserted] = labels_.emplace(step.as, step.index);
    if (!inserted) {
      return r_.ErrorAt(
          e->value, absl::StrCat("as: label ", Quote(step.as),
                                 " is already defined by step ", it->second));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::pair<uint16_t, uint16_t>> StepParser::ReadLocalPortRange(
    const YAML::Node& n) {
  constexpr absl::string_view kExpected =
      "two integers \"LO HI\", each from 0 to 65535 (0 leaves that bound "
      "unset)";
  if (!n.IsScalar()) {
    return r_.ErrorAt(n, absl::StrCat("local_port_range: expected ", kExpected,
                                      ", found ", Describe(n)));
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(n.Scalar(), absl::ByAnyChar(" \t"), absl::SkipEmpty());
  uint32_t lo = 0, hi = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) ||
      !absl::SimpleAtoi(parts[1], &hi) || lo > 65535 || hi > 65535 ||
      parts[0].front() == '+' || parts[1].front() == '+') {
    return r_.ErrorAt(n, absl::StrCat("local_port_range: expected ", kExpected,
                                      ", found ", Quote(n.Scalar())));
  }
  // lo > hi is kept: IP_LOCAL_PORT_RANGE answers it with EINVAL, which is
  // the model's to report.
  return std::pair<uint16_t, uint16_t>(static_cast<uint16_t>(lo),
                                       static_cast<uint16_t>(hi));
}

absl::Status StepParser::ReadOptions(const MapFields& f, StepSpec& step) {
  if (const MapFields::Entry* e = f.Find("options")) {
    SCENARIO_RETURN_IF_ERROR(ReadSocketOptions(r_, e->value, step.options));
  }
  if (const MapFields::Entry* e = f.Find("local_port_range")) {
    SCENARIO_ASSIGN_OR_RETURN(step.options.local_port_range,
                              ReadLocalPortRange(e->value));
  }
  return absl::OkStatus();
}

absl::Status StepParser::ReadPoison(const MapFields& f, StepSpec& step) {
  PoisonSpec& p = step.poison.emplace();
  if (const MapFields::Entry* e = f.Find("rate")) {
    SCENARIO_ASSIGN_OR_RETURN(p.rate, r_.ReadInt(e->value, "rate", 1, kMaxPoisonRate));
  }
  if (const MapFields::Entry* e = f.Find("rtt")) {
    SCENARIO_ASSIGN_OR_RETURN(p.rtt, r_.ReadDuration(e->value, "rtt"));
    if (*p.rtt <= Duration()) {
      return r_.ErrorAt(e->value, "rtt: must be longer than 0 (the race lasts one round trip)");
    }
  }
  if (const MapFields::Entry* e = f.Find("trials")) {
    SCENARIO_ASSIGN_OR_RETURN(p.trials, r_.ReadInt(e->value, "trials", 1, kMaxPoisonTrials));
  }
  if (const MapFields::Entry* e = f.Find("query_port")) {
    SCENARIO_ASSIGN_OR_RETURN(p.query_port, r_.ReadPort(e->value, "query_port", 1));
  }
  return absl::OkStatus();
}

absl::Status StepParser::CheckOpNeeds(const YAML::Node& node,
                                      const MapFields& f,
                                      const StepSpec& step) {
  std::string op = OpName(step.op);
  auto need = [&](absl::string_view key,
                  absl::string_view form) -> absl::Status {
    if (f.Find(key) != nullptr) return absl::OkStatus();
    return r_.ErrorAt(node, absl::StrCat("step ", step.index, ": op ", op,
                                         " needs ", key, ": ", form));
  };
  switch (step.op) {
    case StepOp::kBind:
      return need("port", "(0 to 65535; 0 asks for an ephemeral port)");
    case StepOp::kListen:
      return absl::OkStatus();
    case StepOp::kConnect:
      return need("to", "\"ADDR:PORT\"");
    case StepOp::kClose:
    case StepOp::kAbort:
      return need("sockets", "(a label from an earlier step's as:)");
    case StepOp::kSet:
      return need("sysctl", "{name: value, ...}");
    case StepOp::kStart:
    case StepOp::kStop:
      return need("workload", "(a name under workloads:)");
    case StepOp::kNatProbe:
      return absl::OkStatus();  // nat: checked by ReadCommon
    case StepOp::kDnsPoison:
      return absl::OkStatus();  // every key has a default
    case StepOp::kScan:
      return absl::OkStatus();  // checked by ReadScan
    case StepOp::kFirewall:
      return absl::OkStatus();  // checked by ParseFirewallChange
    case StepOp::kSend: {
      const MapFields::Entry* to = f.Find("to");
      if (to != nullptr && step.protocol != net::Protocol::kUdp) {
        return r_.ErrorAt(
            to->key_node,
            "to: on a send is only for udp (sendto); a tcp send needs "
            "sockets: naming connected sockets");
      }
      if (to == nullptr && f.Find("sockets") == nullptr) {
        return r_.ErrorAt(
            node, absl::StrCat("step ", step.index,
                               ": op send needs sockets: (a label from an "
                               "earlier step's as:) or, for udp, to: "
                               "\"ADDR:PORT\""));
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadSocketOptions(const NodeReader& r, const YAML::Node& node,
                               SocketOptions& options) {
  SCENARIO_RETURN_IF_ERROR(r.RequireList(node, "options"));
  for (YAML::Node option : node) {
    SCENARIO_ASSIGN_OR_RETURN(std::string name,
                              r.ReadChoice(option, "options", kOptionNames));
    if (name == "reuseaddr") options.reuseaddr = true;
    if (name == "reuseport") options.reuseport = true;
    if (name == "bind_address_no_port") options.bind_address_no_port = true;
    if (name == "v6only") options.v6only = true;
    if (name == "no_v6only") options.v6only = false;
    if (name == "randomport") options.randomport = true;
    if (name == "exclusiveaddruse") options.exclusiveaddruse = true;
    if (name == "broadcast") options.broadcast = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StepSpec>> ParseSteps(const NodeReader& reader, const YAML::Node& node,
                                                 const StepNames& names) {
  SCENARIO_RETURN_IF_ERROR(reader.RequireList(node, "steps"));
  StepParser parser(reader, names);
  std::vector<StepSpec> steps;
  int index = 0;
  for (YAML::Node step_node : node) {
    if (reader.diagnostics().full()) break;
    absl::StatusOr<StepSpec> step = parser.Parse(step_node, index);
    if (step.ok()) {
      steps.push_back(*std::move(step));
    } else {
      // Reported, and the next step read; what this one would have
      // defined is excused where later entries refer to it.
      reader.Report(step.status());
      reader.diagnostics().ExcuseAll(Defined::kStep);
      for (const std::string& as : ScalarsUnder(step_node, "as")) {
        reader.diagnostics().Excuse(Defined::kLabel, as);
      }
    }
    ++index;
  }
  return steps;
}

}  // namespace portlab::scenario::internal
