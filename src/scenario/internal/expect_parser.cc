#include "scenario/internal/expect_parser.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "portlab/nat/nat_figures.h"

namespace portlab::scenario::internal {
namespace {

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

constexpr absl::string_view kFigureNames[] = {
    "calls",
    "successes",
    "failures",
    "ports_in_use",
    "peak_ports_in_use",
    "time_wait",
    "peak_time_wait",
    "established",
    "segments_sent",
    "segments_received",
    "rst_sent",
    "icmp_unreachable_sent",
    "allocations",
    "allocation_probes",
    "demux_exact",
    "demux_listener_address",
    "demux_listener_wildcard",
    "demux_none",
    "demux_filtered",
};

// Figures of a `workload:` entry (sim::WorkloadResult).
constexpr absl::string_view kWorkloadFigureNames[] = {
    "attempts", "ok", "failures", "ok_rate", "peak_open"};

constexpr absl::string_view kStepExpectKeys[] = {
    "step", "ok", "errors", "ports", "ports_in", "distinct_ports"};
// What an entry on a nat-probe step checks instead.
constexpr absl::string_view kProbeExpectKeys[] = {
    "step", "ok", "mapping", "filtering", "classic", "hairpinning", "binding_lifetime"};
constexpr absl::string_view kDependenceNames[] = {
    "endpoint-independent", "address-dependent", "address-and-port-dependent"};
constexpr absl::string_view kClassicNames[] = {
    "full cone", "restricted cone", "port-restricted cone", "symmetric"};

// errno names as <errno.h> spells them: EADDRINUSE, E2BIG.
bool IsErrnoName(absl::string_view name) {
  if (name.size() < 2 || name[0] != 'E') return false;
  for (char c : name.substr(1)) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// An entry on a nat-probe step: what the probe found.
absl::Status ParseProbeExpect(const NodeReader& r, const YAML::Node& node, ExpectSpec& spec) {
  std::string what = absl::StrCat("expect entry ", spec.index, " (step ", *spec.step, ", a nat-probe)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kProbeExpectKeys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give ok:, mapping:, filtering:, classic:, "
                                              "hairpinning: or binding_lifetime:"));
  }
  if (const MapFields::Entry* e = f.Find("ok")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.ok, r.ReadInt(e->value, "ok", 0, 1));
  }
  if (const MapFields::Entry* e = f.Find("mapping")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.probe_mapping, r.ReadChoice(e->value, "mapping", kDependenceNames));
  }
  if (const MapFields::Entry* e = f.Find("filtering")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.probe_filtering, r.ReadChoice(e->value, "filtering", kDependenceNames));
  }
  if (const MapFields::Entry* e = f.Find("classic")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.probe_classic, r.ReadChoice(e->value, "classic", kClassicNames));
  }
  if (const MapFields::Entry* e = f.Find("hairpinning")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.probe_hairpinning, r.ReadBool(e->value, "hairpinning"));
  }
  if (const MapFields::Entry* e = f.Find("binding_lifetime")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.probe_lifetime, r.ReadDuration(e->value, "binding_lifetime"));
  }
  return absl::OkStatus();
}

absl::Status ParseStepExpect(const NodeReader& r, const YAML::Node& node,
                             const std::vector<StepSpec>& steps, ExpectSpec& spec) {
  std::string what = absl::StrCat("expect entry ", spec.index);
  const YAML::Node step = node["step"];
  SCENARIO_ASSIGN_OR_RETURN(int64_t index,
                            r.ReadInt(step, "step", 0, kNoLimit));
  if (index >= static_cast<int64_t>(steps.size())) {
    return r.ErrorAt(step,
                     absl::StrCat("step: ", index,
                                  " does not exist; steps are numbered from 0 "
                                  "and this scenario has ",
                                  steps.size()));
  }
  spec.step = static_cast<int>(index);
  if (steps[index].op == StepOp::kNatProbe) return ParseProbeExpect(r, node, spec);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r, node, what, kStepExpectKeys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node,
                     absl::StrCat(what,
                                  " checks nothing; give ok:, errors:, ports:, "
                                  "ports_in: or distinct_ports:"));
  }
  if (const MapFields::Entry* e = f.Find("ok")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.ok, r.ReadInt(e->value, "ok", 0, kNoLimit));
  }
  if (const MapFields::Entry* e = f.Find("errors")) {
    SCENARIO_ASSIGN_OR_RETURN(MapFields errors,
                              MapFields::ReadAny(r, e->value, "errors"));
    spec.errors.emplace();
    for (const MapFields::Entry& err : errors.entries()) {
      if (!IsErrnoName(err.key)) {
        return r.ErrorAt(err.key_node,
                         absl::StrCat("errors: ", Quote(err.key),
                                      " is not an errno name (like "
                                      "EADDRINUSE)"));
      }
      SCENARIO_ASSIGN_OR_RETURN(
          int64_t n,
          r.ReadInt(err.value, absl::StrCat("errors ", err.key), 0, kNoLimit));
      (*spec.errors)[err.key] = n;
    }
  }
  if (const MapFields::Entry* e = f.Find("ports")) {
    SCENARIO_RETURN_IF_ERROR(r.RequireList(e->value, "ports"));
    spec.ports.emplace();
    for (YAML::Node p : e->value) {
      SCENARIO_ASSIGN_OR_RETURN(int64_t port, r.ReadInt(p, "ports", 0, 65535));
      spec.ports->push_back(static_cast<int>(port));
    }
  }
  if (const MapFields::Entry* e = f.Find("ports_in")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.ports_in,
                              r.ReadPortRange(e->value, "ports_in"));
  }
  if (const MapFields::Entry* e = f.Find("distinct_ports")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.distinct_ports,
                              r.ReadBool(e->value, "distinct_ports"));
  }
  return absl::OkStatus();
}

// An integer figure: N exactly, or [LO, HI] inclusive.
absl::Status ReadFigure(const NodeReader& r, const MapFields::Entry& e,
                        absl::string_view name, ExpectSpec& spec,
                        bool to_ranges) {
  if (e.value.IsSequence()) {
    if (e.value.size() != 2) {
      return r.ErrorAt(e.value, absl::StrCat(name, ": expected an integer or [LO, HI]"));
    }
    SCENARIO_ASSIGN_OR_RETURN(int64_t lo, r.ReadInt(e.value[0], name, 0, kNoLimit));
    SCENARIO_ASSIGN_OR_RETURN(int64_t hi, r.ReadInt(e.value[1], name, 0, kNoLimit));
    if (hi < lo) return r.ErrorAt(e.value[1], absl::StrCat(name, ": HI is below LO"));
    spec.ranges[std::string(name)] = {lo, hi};
    return absl::OkStatus();
  }
  SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e.value, name, 0, kNoLimit));
  if (to_ranges) spec.ranges[std::string(name)] = {v, v};
  else spec.figures[std::string(name)] = v;
  return absl::OkStatus();
}

// first_failure: a time, or [EARLIEST, LATEST].
absl::Status ReadFirstFailure(const NodeReader& r, const MapFields::Entry& e,
                              ExpectSpec& spec) {
  if (e.value.IsSequence()) {
    if (e.value.size() != 2) {
      return r.ErrorAt(e.value, "first_failure: expected a time or [EARLIEST, LATEST]");
    }
    SCENARIO_ASSIGN_OR_RETURN(Duration lo, r.ReadDuration(e.value[0], "first_failure"));
    SCENARIO_ASSIGN_OR_RETURN(Duration hi, r.ReadDuration(e.value[1], "first_failure"));
    if (hi < lo) return r.ErrorAt(e.value[1], "first_failure: LATEST is before EARLIEST");
    spec.first_failure = {lo, hi};
    return absl::OkStatus();
  }
  SCENARIO_ASSIGN_OR_RETURN(Duration d, r.ReadDuration(e.value, "first_failure"));
  spec.first_failure = {d, d};
  return absl::OkStatus();
}

absl::Status ParseWorkloadExpect(const NodeReader& r, const YAML::Node& node,
                                 const absl::flat_hash_set<std::string>& workloads,
                                 ExpectSpec& spec) {
  std::string what = absl::StrCat("expect entry ", spec.index, " (a workload: entry)");
  std::vector<absl::string_view> allowed = {"workload", "errors", "first_failure"};
  allowed.insert(allowed.end(), std::begin(kWorkloadFigureNames),
                 std::end(kWorkloadFigureNames));
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, allowed));
  const MapFields::Entry* w = f.Find("workload");
  SCENARIO_ASSIGN_OR_RETURN(spec.workload, r.ReadString(w->value, "workload"));
  if (!workloads.contains(*spec.workload)) {
    return r.ErrorAt(w->value, absl::StrCat("workload: ", Quote(*spec.workload),
                                            " is not defined under workloads:"));
  }
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "workload") continue;
    if (e.key == "first_failure") {
      SCENARIO_RETURN_IF_ERROR(ReadFirstFailure(r, e, spec));
    } else if (e.key == "errors") {
      SCENARIO_ASSIGN_OR_RETURN(MapFields errors, MapFields::ReadAny(r, e.value, "errors"));
      for (const MapFields::Entry& err : errors.entries()) {
        if (!IsErrnoName(err.key)) {
          return r.ErrorAt(err.key_node, absl::StrCat("errors: ", Quote(err.key),
                                                      " is not an errno name (like "
                                                      "EADDRNOTAVAIL)"));
        }
        SCENARIO_RETURN_IF_ERROR(
            ReadFigure(r, err, absl::StrCat("errors ", err.key), spec, true));
      }
    } else {
      SCENARIO_RETURN_IF_ERROR(ReadFigure(r, e, e.key, spec, true));
    }
  }
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give ok:, failures:, "
                                              "ok_rate:, errors: or first_failure:"));
  }
  return absl::OkStatus();
}

absl::Status ParseHostExpect(const NodeReader& r, const YAML::Node& node,
                             const absl::flat_hash_set<std::string>& hosts,
                             ExpectSpec& spec) {
  std::string what =
      absl::StrCat("expect entry ", spec.index, " (a host: entry)");
  std::vector<absl::string_view> allowed = {"host", "proto", "first_failure"};
  allowed.insert(allowed.end(), std::begin(kFigureNames),
                 std::end(kFigureNames));
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r, node, what, allowed));
  const MapFields::Entry* host = f.Find("host");
  SCENARIO_ASSIGN_OR_RETURN(spec.host, r.ReadString(host->value, "host"));
  if (!hosts.contains(*spec.host)) {
    return r.ErrorAt(host->value, absl::StrCat("host: ", Quote(*spec.host),
                                               " is not defined under hosts:"));
  }
  spec.protocol = net::Protocol::kTcp;
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "host") continue;
    if (e.key == "proto") {
      SCENARIO_ASSIGN_OR_RETURN(spec.protocol,
                                r.ReadProtocol(e.value, "proto"));
      continue;
    }
    if (e.key == "first_failure") {
      SCENARIO_RETURN_IF_ERROR(ReadFirstFailure(r, e, spec));
      continue;
    }
    SCENARIO_RETURN_IF_ERROR(ReadFigure(r, e, e.key, spec, false));
  }
  if (spec.figures.empty() && spec.ranges.empty() && !spec.first_failure) {
    return r.ErrorAt(node, absl::StrCat(what,
                                        " checks nothing; give figures such as "
                                        "peak_ports_in_use: N"));
  }
  return absl::OkStatus();
}

absl::Status ParseNatExpect(const NodeReader& r, const YAML::Node& node, ExpectSpec& spec) {
  std::string what = absl::StrCat("expect entry ", spec.index, " (a nat: entry)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::ReadAny(r, node, what));
  const MapFields::Entry* name = f.Find("nat");
  // The NAT's name is checked by the model, which knows the `nats:`.
  SCENARIO_ASSIGN_OR_RETURN(spec.nat, r.ReadString(name->value, "nat"));
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "nat") continue;
    if (!portlab::nat::IsNatFigureName(e.key)) {
      return r.ErrorAt(e.key_node, absl::StrCat(what, ": ", Quote(e.key), " is not a NAT figure; figures: ",
                                                portlab::nat::NatFigureNamesText()));
    }
    SCENARIO_ASSIGN_OR_RETURN(spec.figures[e.key], r.ReadInt(e.value, e.key, 0, kNoLimit));
  }
  if (spec.figures.empty()) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give figures such as mappings: N"));
  }
  return absl::OkStatus();
}

constexpr absl::string_view kStrategyExpectKeys[] = {"strategy", "metric", "x", "min", "max"};

absl::Status ParseStrategyExpect(const NodeReader& r, const YAML::Node& node,
                                 const AnalysisSpec* analysis, ExpectSpec& spec) {
  std::string what = absl::StrCat("expect entry ", spec.index, " (a strategy: entry)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kStrategyExpectKeys));
  const MapFields::Entry* strategy = f.Find("strategy");
  SCENARIO_ASSIGN_OR_RETURN(spec.strategy, r.ReadString(strategy->value, "strategy"));
  if (analysis == nullptr) {
    return r.ErrorAt(strategy->key_node,
                     "a strategy: expectation checks the figures of analysis:, and this "
                     "scenario has none");
  }
  bool listed = false;
  for (const std::string& s : analysis->strategies) listed |= s == *spec.strategy;
  if (!listed) {
    return r.ErrorAt(strategy->value, absl::StrCat("strategy: ", Quote(*spec.strategy),
                                                   " is not among analysis: strategies:"));
  }
  const MapFields::Entry* metric = f.Find("metric");
  if (metric == nullptr) {
    return r.ErrorAt(node, absl::StrCat(what,
                                        " needs metric: AXIS.NAME (such as "
                                        "linkability.success_rate)"));
  }
  SCENARIO_ASSIGN_OR_RETURN(spec.metric, r.ReadString(metric->value, "metric"));
  constexpr double kAny = 1e300;
  if (const MapFields::Entry* e = f.Find("x")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.x, r.ReadDouble(e->value, "x", -kAny, kAny));
  }
  if (const MapFields::Entry* e = f.Find("min")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.min, r.ReadDouble(e->value, "min", -kAny, kAny));
  }
  if (const MapFields::Entry* e = f.Find("max")) {
    SCENARIO_ASSIGN_OR_RETURN(spec.max, r.ReadDouble(e->value, "max", -kAny, kAny));
  }
  if (!spec.min && !spec.max) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give min:, max: or both"));
  }
  if (spec.min && spec.max && *spec.min > *spec.max) {
    return r.ErrorAt(f.Find("max")->value, "max: is below min:");
  }
  return absl::OkStatus();
}

absl::StatusOr<ExpectSpec> ParseExpect(
    const NodeReader& r, const YAML::Node& node, int index, const std::vector<StepSpec>& steps,
    const absl::flat_hash_set<std::string>& hosts, const AnalysisSpec* analysis,
    const absl::flat_hash_set<std::string>& workloads) {
  ExpectSpec spec;
  spec.index = index;
  spec.location = r.Locate(node);
  std::string what = absl::StrCat("expect entry ", index);
  // The kind of entry decides which keys are allowed, so look before checking.
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::ReadAny(r, node, what));
  const MapFields::Entry* step = f.Find("step");
  const MapFields::Entry* host = f.Find("host");
  const MapFields::Entry* strategy = f.Find("strategy");
  const MapFields::Entry* workload = f.Find("workload");
  const MapFields::Entry* nat = f.Find("nat");
  if ((step != nullptr) + (host != nullptr) + (strategy != nullptr) + (workload != nullptr) +
          (nat != nullptr) >
      1) {
    // Point at whichever comes second in the file: the one to delete.
    const MapFields::Entry* later = nullptr;
    int seen = 0;
    for (const MapFields::Entry& e : f.entries()) {
      if (e.key == "step" || e.key == "host" || e.key == "strategy" || e.key == "workload" ||
          e.key == "nat") {
        if (++seen == 2) later = &e;
      }
    }
    return r.ErrorAt(later->key_node,
                     absl::StrCat(what, " names one of step:, host:, workload:, nat: or strategy:"));
  }
  if (nat != nullptr) {
    SCENARIO_RETURN_IF_ERROR(ParseNatExpect(r, node, spec));
  } else if (workload != nullptr) {
    SCENARIO_RETURN_IF_ERROR(ParseWorkloadExpect(r, node, workloads, spec));
  } else if (strategy != nullptr) {
    SCENARIO_RETURN_IF_ERROR(ParseStrategyExpect(r, node, analysis, spec));
  } else if (step != nullptr) {
    SCENARIO_RETURN_IF_ERROR(ParseStepExpect(r, node, steps, spec));
  } else if (host != nullptr) {
    SCENARIO_RETURN_IF_ERROR(ParseHostExpect(r, node, hosts, spec));
  } else {
    return r.ErrorAt(node,
                     absl::StrCat(what,
                                  " needs step: N (check a step's results), "
                                  "host: NAME (check a host's figures), "
                                  "workload: NAME (check a workload's), "
                                  "nat: NAME (check a NAT's figures) or "
                                  "strategy: NAME (check an analysis: figure)"));
  }
  return spec;
}

}  // namespace

absl::Span<const absl::string_view> FigureNames() { return kFigureNames; }
absl::Span<const absl::string_view> WorkloadFigureNames() { return kWorkloadFigureNames; }

absl::StatusOr<std::vector<ExpectSpec>> ParseExpects(
    const NodeReader& reader, const YAML::Node& node, const std::vector<StepSpec>& steps,
    const absl::flat_hash_set<std::string>& hosts, const AnalysisSpec* analysis,
    const absl::flat_hash_set<std::string>& workloads) {
  SCENARIO_RETURN_IF_ERROR(reader.RequireList(node, "expect"));
  std::vector<ExpectSpec> out;
  int index = 0;
  for (YAML::Node entry : node) {
    SCENARIO_ASSIGN_OR_RETURN(
        ExpectSpec spec,
        ParseExpect(reader, entry, index, steps, hosts, analysis, workloads));
    out.push_back(std::move(spec));
    ++index;
  }
  return out;
}

}  // namespace portlab::scenario::internal
