#include "scenario/internal/workload_parser.h"

#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/base/decimal.h"
#include "portlab/base/limits.h"
#include "portlab/base/strings.h"
#include "scenario/internal/host_parser.h"
#include "scenario/internal/step_parser.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kWorkloadKeys[] = {
    "name",  "from",  "proto", "to",     "rate",    "arrivals", "rate_end",
    "pool",  "retry", "count", "hold",   "bytes",   "closer",   "start",
    "stop",  "bind",  "options", "request"};
constexpr absl::string_view kArrivals[] = {"fixed", "poisson"};
constexpr absl::string_view kClosers[] = {"client", "server"};
constexpr absl::string_view kHoldKinds[] = {"uniform", "exponential"};

constexpr double kMaxRate = limits::kMaxWorkloadRate;
constexpr int64_t kMaxPool = limits::kMaxWorkloadPool;
constexpr int64_t kMaxCount = std::numeric_limits<int64_t>::max();

// A rate: a number of connections per second, "1000" or "1000/s".
absl::StatusOr<double> ReadRate(const NodeReader& r, const YAML::Node& n,
                                absl::string_view what) {
  constexpr absl::string_view kExpected =
      "connections per second, a number like 1000 or \"1000/s\"";
  if (!n.IsScalar()) {
    return r.ErrorAt(n, absl::StrCat(what, ": expected ", kExpected, ", found ",
                                     Describe(n)));
  }
  std::string text = n.Scalar();
  absl::string_view v = text;
  if (absl::EndsWith(v, "/s")) v.remove_suffix(2);
  // Decimal only (base/decimal.h): "0x10" is no rate of 16.
  const std::optional<double> parsed = ParseDecimalNumber(SV(v));
  const double rate = parsed.value_or(-1);
  if (!parsed || rate < 0 || rate > kMaxRate) {
    return r.ErrorAt(n, absl::StrCat(what, ": expected ", kExpected,
                                     " from 0 to ", kMaxRate, ", found ",
                                     Quote(text)));
  }
  return rate;
}

absl::StatusOr<HoldSpec> ReadHold(const NodeReader& r, const YAML::Node& n) {
  HoldSpec h;
  if (n.IsScalar()) {
    SCENARIO_ASSIGN_OR_RETURN(h.low, r.ReadDuration(n, "hold"));
    h.high = h.low;
    return h;
  }
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "hold", kHoldKinds));
  if (f.entries().size() != 1) {
    return r.ErrorAt(n, "hold: give a duration, {uniform: [LOW, HIGH]} or "
                        "{exponential: MEAN}");
  }
  const MapFields::Entry& e = f.entries().front();
  if (e.key == "exponential") {
    h.kind = HoldSpec::Kind::kExponential;
    SCENARIO_ASSIGN_OR_RETURN(h.low, r.ReadDuration(e.value, "hold exponential"));
    h.high = h.low;
    return h;
  }
  h.kind = HoldSpec::Kind::kUniform;
  if (!e.value.IsSequence() || e.value.size() != 2) {
    return r.ErrorAt(e.value, absl::StrCat("hold uniform: expected [LOW, HIGH] "
                                           "(two durations), found ",
                                           Describe(e.value)));
  }
  SCENARIO_ASSIGN_OR_RETURN(h.low, r.ReadDuration(e.value[0], "hold uniform"));
  SCENARIO_ASSIGN_OR_RETURN(h.high, r.ReadDuration(e.value[1], "hold uniform"));
  if (h.high < h.low) {
    return r.ErrorAt(e.value[1], "hold uniform: HIGH must not be below LOW");
  }
  return h;
}

class WorkloadParser {
 public:
  WorkloadParser(const NodeReader& r, const absl::flat_hash_set<std::string>& hosts,
                 const std::map<std::string, std::vector<std::string>>& groups)
      : r_(r), hosts_(hosts), groups_(groups) {}

  absl::StatusOr<WorkloadSpec> Parse(const YAML::Node& node, int index);

 private:
  absl::Status ReadFrom(const YAML::Node& n, WorkloadSpec& w);
  absl::Status AddClient(const YAML::Node& n, WorkloadSpec& w);
  absl::Status ReadTo(const YAML::Node& n, WorkloadSpec& w);
  absl::Status ReadShape(const YAML::Node& node, const MapFields& f, WorkloadSpec& w);

  const NodeReader& r_;
  const absl::flat_hash_set<std::string>& hosts_;
  const std::map<std::string, std::vector<std::string>>& groups_;
  absl::flat_hash_set<std::string> names_;
};

absl::Status WorkloadParser::AddClient(const YAML::Node& n, WorkloadSpec& w) {
  SCENARIO_ASSIGN_OR_RETURN(std::string name, r_.ReadString(n, "from"));
  if (auto g = groups_.find(name); g != groups_.end()) {
    w.from.insert(w.from.end(), g->second.begin(), g->second.end());
    return absl::OkStatus();
  }
  if (!hosts_.contains(name)) {
    return r_.UndefinedHost(n, "from", name, hosts_);
  }
  w.from.push_back(name);
  return absl::OkStatus();
}

absl::Status WorkloadParser::ReadFrom(const YAML::Node& n, WorkloadSpec& w) {
  if (n.IsSequence()) {
    for (YAML::Node h : n) SCENARIO_RETURN_IF_ERROR(AddClient(h, w));
    if (w.from.empty()) return r_.ErrorAt(n, "from: needs at least one host");
  } else {
    SCENARIO_RETURN_IF_ERROR(AddClient(n, w));
  }
  absl::flat_hash_set<std::string_view> seen;
  seen.reserve(w.from.size());
  for (const std::string& h : w.from) {
    if (!seen.insert(h).second) {
      return r_.ErrorAt(n, absl::StrCat("from: host ", h, " is listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status WorkloadParser::ReadTo(const YAML::Node& n, WorkloadSpec& w) {
  if (n.IsSequence()) {
    for (YAML::Node e : n) {
      SCENARIO_ASSIGN_OR_RETURN(net::Endpoint ep, r_.ReadEndpoint(e, "to"));
      w.to.push_back(ep);
    }
    if (w.to.empty()) return r_.ErrorAt(n, "to: needs at least one destination");
  } else {
    SCENARIO_ASSIGN_OR_RETURN(net::Endpoint ep, r_.ReadEndpoint(n, "to"));
    w.to.push_back(ep);
  }
  for (const net::Endpoint& ep : w.to) {
    if (ep.port.value() == 0) return r_.ErrorAt(n, "to: a destination port must not be 0");
    if (ep.address.is_v6() != w.to.front().address.is_v6()) {
      return r_.ErrorAt(n, "to: destinations must all be IPv4 or all IPv6");
    }
  }
  return absl::OkStatus();
}

// How connections arrive (rate, ramp, pool), how long they live and when
// the workload runs.
absl::Status WorkloadParser::ReadShape(const YAML::Node& node, const MapFields& f,
                                       WorkloadSpec& w) {
  const MapFields::Entry* rate = f.Find("rate");
  const MapFields::Entry* pool = f.Find("pool");
  if ((rate == nullptr) == (pool == nullptr)) {
    return r_.ErrorAt(node, absl::StrCat("workload ", w.name,
                                         " needs rate: (connections per second) "
                                         "or pool: (connections kept open), one of them"));
  }
  if (rate != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(w.rate, ReadRate(r_, rate->value, "rate"));
  } else {
    SCENARIO_ASSIGN_OR_RETURN(w.pool, r_.ReadInt(pool->value, "pool", 1, kMaxPool));
    for (absl::string_view k : {"arrivals", "rate_end"}) {
      if (const MapFields::Entry* e = f.Find(k)) {
        return r_.ErrorAt(e->key_node, absl::StrCat(k, ": is for rate: workloads, "
                                                       "not pool:"));
      }
    }
  }
  if (const MapFields::Entry* e = f.Find("retry")) {
    if (pool == nullptr) return r_.ErrorAt(e->key_node, "retry: is for pool: workloads");
    SCENARIO_ASSIGN_OR_RETURN(w.retry, r_.ReadDuration(e->value, "retry"));
    if (w.retry.nanos() <= 0) return r_.ErrorAt(e->value, "retry: must be longer than 0s");
  }
  if (const MapFields::Entry* e = f.Find("arrivals")) {
    SCENARIO_ASSIGN_OR_RETURN(std::string a, r_.ReadChoice(e->value, "arrivals", kArrivals));
    w.arrivals = a == "poisson" ? WorkloadSpec::Arrivals::kPoisson
                                : WorkloadSpec::Arrivals::kFixed;
  }
  if (const MapFields::Entry* e = f.Find("count")) {
    SCENARIO_ASSIGN_OR_RETURN(w.limit, r_.ReadInt(e->value, "count", 1, kMaxCount));
  }
  if (const MapFields::Entry* e = f.Find("hold")) {
    SCENARIO_ASSIGN_OR_RETURN(w.hold, ReadHold(r_, e->value));
  }
  if (pool != nullptr && w.hold.high.nanos() == 0) {
    // Each connection would be replaced at the instant it closes, forever.
    const MapFields::Entry* hold = f.Find("hold");
    return r_.ErrorAt(hold != nullptr ? hold->value : pool->value,
                      "a pool: needs hold: longer than 0s (each connection is replaced "
                      "when it closes)");
  }
  if (const MapFields::Entry* e = f.Find("bytes")) {
    SCENARIO_ASSIGN_OR_RETURN(w.bytes, r_.ReadInt(e->value, "bytes", 0, kMaxCount));
  }
  if (const MapFields::Entry* e = f.Find("request")) {
    SCENARIO_ASSIGN_OR_RETURN(w.request, r_.ReadInt(e->value, "request", 1, UINT32_MAX));
    if (f.Find("bytes") != nullptr) {
      return r_.ErrorAt(e->key_node,
                        "request: and bytes: both say what the client sends; give one "
                        "(request: also awaits the answer)");
    }
  }
  if (const MapFields::Entry* e = f.Find("closer")) {
    SCENARIO_ASSIGN_OR_RETURN(std::string c, r_.ReadChoice(e->value, "closer", kClosers));
    w.closer = c == "server" ? WorkloadSpec::Closer::kServer : WorkloadSpec::Closer::kClient;
    if (w.closer == WorkloadSpec::Closer::kServer && w.protocol == net::Protocol::kUdp) {
      return r_.ErrorAt(e->value, "closer: server is for tcp workloads (UDP has no close)");
    }
  }
  if (const MapFields::Entry* e = f.Find("start")) {
    SCENARIO_ASSIGN_OR_RETURN(Duration d, r_.ReadDuration(e->value, "start"));
    w.start = SimTime() + d;
  }
  if (const MapFields::Entry* e = f.Find("stop")) {
    SCENARIO_ASSIGN_OR_RETURN(Duration d, r_.ReadDuration(e->value, "stop"));
    w.stop = SimTime() + d;
    if (*w.stop <= w.start) {
      return r_.ErrorAt(e->value, absl::StrCat("stop: ", FormatDuration(d),
                                               " must be later than start: ",
                                               FormatDuration(w.start.since_start())));
    }
  }
  if (const MapFields::Entry* e = f.Find("rate_end")) {
    SCENARIO_ASSIGN_OR_RETURN(w.rate_end, ReadRate(r_, e->value, "rate_end"));
    if (!w.stop) {
      return r_.ErrorAt(e->key_node, "rate_end: (a ramp) needs stop: (when the ramp ends)");
    }
  }
  if (rate != nullptr && w.rate == 0 && w.rate_end.value_or(0) == 0) {
    return r_.ErrorAt(rate->value, "rate: 0 with no ramp makes no connections");
  }
  return absl::OkStatus();
}

absl::StatusOr<WorkloadSpec> WorkloadParser::Parse(const YAML::Node& node, int index) {
  std::string what = absl::StrCat("workload ", index);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r_, node, what, kWorkloadKeys));
  WorkloadSpec w;
  w.index = index;
  w.location = r_.Locate(node);
  const MapFields::Entry* name = f.Find("name");
  const MapFields::Entry* from = f.Find("from");
  const MapFields::Entry* to = f.Find("to");
  if (name == nullptr || from == nullptr || to == nullptr) {
    return r_.ErrorAt(node, absl::StrCat(what, " needs name:, from: (client hosts) "
                                               "and to: (\"ADDR:PORT\" or a list)"));
  }
  SCENARIO_ASSIGN_OR_RETURN(w.name, r_.ReadString(name->value, "name"));
  if (!IsSimpleName(w.name)) {
    return r_.ErrorAt(name->value, absl::StrCat("name: ", Quote(w.name),
                                                " must be made of letters, digits, "
                                                "'_', '.' and '-'"));
  }
  if (!names_.insert(w.name).second) {
    return r_.ErrorAt(name->value, absl::StrCat("workload name ", Quote(w.name),
                                                " is already used"));
  }
  if (const MapFields::Entry* e = f.Find("proto")) {
    SCENARIO_ASSIGN_OR_RETURN(w.protocol, r_.ReadProtocol(e->value, "proto"));
  }
  SCENARIO_RETURN_IF_ERROR(ReadFrom(from->value, w));
  SCENARIO_RETURN_IF_ERROR(ReadTo(to->value, w));
  SCENARIO_RETURN_IF_ERROR(ReadShape(node, f, w));
  if (const MapFields::Entry* e = f.Find("bind")) {
    SCENARIO_ASSIGN_OR_RETURN(w.bind, r_.ReadEndpoint(e->value, "bind"));
    if (w.bind->address.is_v6() != w.to.front().address.is_v6()) {
      return r_.ErrorAt(e->value, "bind: must be of the destinations' family");
    }
  }
  if (const MapFields::Entry* e = f.Find("options")) {
    SCENARIO_RETURN_IF_ERROR(ReadSocketOptions(r_, e->value, w.options));
  }
  return w;
}

}  // namespace

absl::StatusOr<std::vector<WorkloadSpec>> ParseWorkloads(
    const NodeReader& reader, const YAML::Node& node,
    const absl::flat_hash_set<std::string>& hosts,
    const std::map<std::string, std::vector<std::string>>& groups) {
  SCENARIO_RETURN_IF_ERROR(reader.RequireList(node, "workloads"));
  WorkloadParser parser(reader, hosts, groups);
  std::vector<WorkloadSpec> out;
  int index = 0;
  for (YAML::Node n : node) {
    if (reader.diagnostics().full()) break;
    absl::StatusOr<WorkloadSpec> w = parser.Parse(n, index);
    if (w.ok()) {
      out.push_back(*std::move(w));
    } else {
      // Reported, and the next workload read; steps and expectations
      // naming this one are not errors of their own.
      reader.Report(w.status());
      for (const std::string& name : ScalarsUnder(n, "name")) {
        reader.diagnostics().Excuse(Defined::kWorkload, name);
      }
    }
    ++index;
  }
  return out;
}

}  // namespace portlab::scenario::internal
