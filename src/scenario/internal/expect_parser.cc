#include "scenario/internal/expect_parser.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"
#include "portlab/nat/nat_figures.h"
#include "scenario/internal/scan_parser.h"

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
    "failed_allocations",
    "failed_allocation_probes",
    "connect_calls",
    "demux_exact",
    "demux_listener_address",
    "demux_listener_wildcard",
    "demux_none",
    "demux_filtered",
    // Conversations (stack/app.h).
    "bytes_sent",
    "bytes_received",
    "requests_sent",
    "requests_answered",
    "requests_received",
    "responses_sent",
    "response_time_min_us",
    "response_time_mean_us",
    "response_time_max_us",
};

// Figures of a `workload:` entry (sim::WorkloadResult).
constexpr absl::string_view kWorkloadFigureNames[] = {
    "attempts", "ok", "failures", "ok_rate", "peak_open",
    // Workloads with request: (their conversations).
    "requests_sent", "requests_answered", "bytes_sent", "bytes_received",
    "response_time_min_us", "response_time_mean_us", "response_time_max_us"};

constexpr absl::string_view kStepExpectKeys[] = {
    "step", "ok", "errors", "ports", "ports_in", "distinct_ports", "answered"};
// What an entry on a nat-probe step checks instead.
constexpr absl::string_view kProbeExpectKeys[] = {
    "step", "ok", "mapping", "filtering", "classic", "hairpinning", "binding_lifetime"};
// What an entry on a dns-poison step checks instead.
constexpr absl::string_view kPoisonExpectKeys[] = {"step", "poisoned", "predicted", "agrees"};
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
absl::StatusOr<ProbeExpect> ParseProbeExpect(const NodeReader& r, const YAML::Node& node, int index,
                                             int step) {
  ProbeExpect x;
  x.step = step;
  std::string what = absl::StrCat("expect entry ", index, " (step ", step, ", a nat-probe)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kProbeExpectKeys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give ok:, mapping:, filtering:, classic:, "
                                              "hairpinning: or binding_lifetime:"));
  }
  if (const MapFields::Entry* e = f.Find("ok")) {
    SCENARIO_ASSIGN_OR_RETURN(x.ok, r.ReadInt(e->value, "ok", 0, 1));
  }
  if (const MapFields::Entry* e = f.Find("mapping")) {
    SCENARIO_ASSIGN_OR_RETURN(x.mapping, r.ReadChoice(e->value, "mapping", kDependenceNames));
  }
  if (const MapFields::Entry* e = f.Find("filtering")) {
    SCENARIO_ASSIGN_OR_RETURN(x.filtering, r.ReadChoice(e->value, "filtering", kDependenceNames));
  }
  if (const MapFields::Entry* e = f.Find("classic")) {
    SCENARIO_ASSIGN_OR_RETURN(x.classic, r.ReadChoice(e->value, "classic", kClassicNames));
  }
  if (const MapFields::Entry* e = f.Find("hairpinning")) {
    SCENARIO_ASSIGN_OR_RETURN(x.hairpinning, r.ReadBool(e->value, "hairpinning"));
  }
  if (const MapFields::Entry* e = f.Find("binding_lifetime")) {
    SCENARIO_ASSIGN_OR_RETURN(x.binding_lifetime, r.ReadDuration(e->value, "binding_lifetime"));
  }
  return x;
}

absl::StatusOr<FigureRange> ReadFigure(const NodeReader& r, const MapFields::Entry& e,
                                       absl::string_view name);

// An entry on a dns-poison step: how the race went.
absl::StatusOr<PoisonExpect> ParsePoisonExpect(const NodeReader& r, const YAML::Node& node,
                                               int index, int step) {
  PoisonExpect x;
  x.step = step;
  std::string what = absl::StrCat("expect entry ", index, " (step ", step, ", a dns-poison)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kPoisonExpectKeys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node,
                     absl::StrCat(what, " checks nothing; give poisoned:, predicted: or agrees:"));
  }
  if (const MapFields::Entry* e = f.Find("poisoned")) {
    SCENARIO_ASSIGN_OR_RETURN(x.poisoned, ReadFigure(r, *e, "poisoned"));
  }
  if (const MapFields::Entry* e = f.Find("predicted")) {
    SCENARIO_ASSIGN_OR_RETURN(x.predicted, ReadFigure(r, *e, "predicted"));
  }
  if (const MapFields::Entry* e = f.Find("agrees")) {
    SCENARIO_ASSIGN_OR_RETURN(x.agrees, r.ReadBool(e->value, "agrees"));
  }
  return x;
}

// A `step:` entry: a StepExpect, or what a nat-probe or dns-poison step
// found.
absl::StatusOr<ExpectKind> ParseStepExpect(const NodeReader& r, const YAML::Node& node, int index,
                                           const std::vector<StepSpec>& steps) {
  std::string what = absl::StrCat("expect entry ", index);
  const YAML::Node step = node["step"];
  SCENARIO_ASSIGN_OR_RETURN(int64_t step_index,
                            r.ReadInt(step, "step", 0, kNoLimit));
  // A step that failed leaves the others' numbers unknown.
  if (r.diagnostics().Excused(Defined::kStep, "")) return Consequence();
  if (step_index >= static_cast<int64_t>(steps.size())) {
    return r.ErrorAt(step,
                     absl::StrCat("step: ", step_index,
                                  " does not exist; steps are numbered from 0 "
                                  "and this scenario has ",
                                  steps.size()));
  }
  if (steps[step_index].op == StepOp::kNatProbe) {
    return ParseProbeExpect(r, node, index, static_cast<int>(step_index));
  }
  if (steps[step_index].op == StepOp::kDnsPoison) {
    return ParsePoisonExpect(r, node, index, static_cast<int>(step_index));
  }
  if (steps[step_index].op == StepOp::kScan) {
    return ParseScanExpect(r, node, index, static_cast<int>(step_index), *steps[step_index].scan);
  }
  StepExpect x;
  x.step = static_cast<int>(step_index);
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r, node, what, kStepExpectKeys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node,
                     absl::StrCat(what,
                                  " checks nothing; give ok:, errors:, ports:, "
                                  "ports_in:, distinct_ports: or answered:"));
  }
  if (const MapFields::Entry* e = f.Find("ok")) {
    SCENARIO_ASSIGN_OR_RETURN(x.ok, r.ReadInt(e->value, "ok", 0, kNoLimit));
  }
  if (const MapFields::Entry* e = f.Find("answered")) {
    if (!steps[step_index].expect_reply) {
      return r.ErrorAt(e->key_node,
                       absl::StrCat("answered: checks a send step with expect_reply: true; step ",
                                    step_index, " sends no request"));
    }
    SCENARIO_ASSIGN_OR_RETURN(x.answered, r.ReadInt(e->value, "answered", 0, kNoLimit));
  }
  if (const MapFields::Entry* e = f.Find("errors")) {
    SCENARIO_ASSIGN_OR_RETURN(MapFields errors,
                              MapFields::ReadAny(r, e->value, "errors"));
    x.errors.emplace();
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
      (*x.errors)[err.key] = n;
    }
  }
  if (const MapFields::Entry* e = f.Find("ports")) {
    SCENARIO_RETURN_IF_ERROR(r.RequireList(e->value, "ports"));
    x.ports.emplace();
    for (YAML::Node p : e->value) {
      SCENARIO_ASSIGN_OR_RETURN(int64_t port, r.ReadInt(p, "ports", 0, 65535));
      x.ports->push_back(static_cast<int>(port));
    }
  }
  if (const MapFields::Entry* e = f.Find("ports_in")) {
    SCENARIO_ASSIGN_OR_RETURN(x.ports_in,
                              r.ReadPortRange(e->value, "ports_in"));
  }
  if (const MapFields::Entry* e = f.Find("distinct_ports")) {
    SCENARIO_ASSIGN_OR_RETURN(x.distinct_ports,
                              r.ReadBool(e->value, "distinct_ports"));
  }
  return x;
}

// An integer figure: N exactly (lo == hi), or [LO, HI] inclusive.
absl::StatusOr<FigureRange> ReadFigure(const NodeReader& r, const MapFields::Entry& e,
                                       absl::string_view name) {
  if (e.value.IsSequence()) {
    if (e.value.size() != 2) {
      return r.ErrorAt(e.value, absl::StrCat(name, ": expected an integer or [LO, HI]"));
    }
    SCENARIO_ASSIGN_OR_RETURN(int64_t lo, r.ReadInt(e.value[0], name, 0, kNoLimit));
    SCENARIO_ASSIGN_OR_RETURN(int64_t hi, r.ReadInt(e.value[1], name, 0, kNoLimit));
    if (hi < lo) return r.ErrorAt(e.value[1], absl::StrCat(name, ": HI is below LO"));
    return FigureRange{lo, hi};
  }
  SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e.value, name, 0, kNoLimit));
  return FigureRange{v, v};
}

// A time, or [EARLIEST, LATEST] (first_failure:, exhaustion:).
absl::StatusOr<TimeRange> ReadTimeRange(const NodeReader& r, const MapFields::Entry& e, absl::string_view name) {
  if (e.value.IsSequence()) {
    if (e.value.size() != 2) {
      return r.ErrorAt(e.value, absl::StrCat(name, ": expected a time or [EARLIEST, LATEST]"));
    }
    SCENARIO_ASSIGN_OR_RETURN(Duration lo, r.ReadDuration(e.value[0], name));
    SCENARIO_ASSIGN_OR_RETURN(Duration hi, r.ReadDuration(e.value[1], name));
    if (hi < lo) return r.ErrorAt(e.value[1], absl::StrCat(name, ": LATEST is before EARLIEST"));
    return TimeRange{lo, hi};
  }
  SCENARIO_ASSIGN_OR_RETURN(Duration d, r.ReadDuration(e.value, name));
  return TimeRange{d, d};
}

absl::StatusOr<TimeRange> ReadFirstFailure(const NodeReader& r, const MapFields::Entry& e) {
  return ReadTimeRange(r, e, "first_failure");
}

absl::StatusOr<WorkloadExpect> ParseWorkloadExpect(
    const NodeReader& r, const YAML::Node& node, int index,
    const absl::flat_hash_set<std::string>& workloads) {
  WorkloadExpect x;
  std::string what = absl::StrCat("expect entry ", index, " (a workload: entry)");
  std::vector<absl::string_view> allowed = {"workload", "errors", "first_failure"};
  allowed.insert(allowed.end(), std::begin(kWorkloadFigureNames),
                 std::end(kWorkloadFigureNames));
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, allowed));
  const MapFields::Entry* w = f.Find("workload");
  SCENARIO_ASSIGN_OR_RETURN(x.workload, r.ReadString(w->value, "workload"));
  if (!workloads.contains(x.workload)) {
    return r.UndefinedName(w->value, "workload", Defined::kWorkload, x.workload, workloads,
                           "is not defined under workloads:");
  }
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "workload") continue;
    if (e.key == "first_failure") {
      SCENARIO_ASSIGN_OR_RETURN(x.first_failure, ReadFirstFailure(r, e));
    } else if (e.key == "errors") {
      SCENARIO_ASSIGN_OR_RETURN(MapFields errors, MapFields::ReadAny(r, e.value, "errors"));
      for (const MapFields::Entry& err : errors.entries()) {
        if (!IsErrnoName(err.key)) {
          return r.ErrorAt(err.key_node, absl::StrCat("errors: ", Quote(err.key),
                                                      " is not an errno name (like "
                                                      "EADDRNOTAVAIL)"));
        }
        std::string name = absl::StrCat("errors ", err.key);
        SCENARIO_ASSIGN_OR_RETURN(x.figures[name], ReadFigure(r, err, name));
      }
    } else {
      SCENARIO_ASSIGN_OR_RETURN(x.figures[e.key], ReadFigure(r, e, e.key));
    }
  }
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give ok:, failures:, "
                                              "ok_rate:, errors: or first_failure:"));
  }
  return x;
}

absl::StatusOr<HostExpect> ParseHostExpect(const NodeReader& r, const YAML::Node& node, int index,
                                           const absl::flat_hash_set<std::string>& hosts) {
  HostExpect x;
  std::string what =
      absl::StrCat("expect entry ", index, " (a host: entry)");
  std::vector<absl::string_view> allowed = {"host", "proto", "first_failure"};
  allowed.insert(allowed.end(), std::begin(kFigureNames),
                 std::end(kFigureNames));
  SCENARIO_ASSIGN_OR_RETURN(MapFields f,
                            MapFields::Read(r, node, what, allowed));
  const MapFields::Entry* host = f.Find("host");
  SCENARIO_ASSIGN_OR_RETURN(x.host, r.ReadString(host->value, "host"));
  if (!hosts.contains(x.host)) {
    return r.UndefinedHost(host->value, "host", x.host, hosts);
  }
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "host") continue;
    if (e.key == "proto") {
      SCENARIO_ASSIGN_OR_RETURN(x.protocol,
                                r.ReadProtocol(e.value, "proto"));
      continue;
    }
    if (e.key == "first_failure") {
      SCENARIO_ASSIGN_OR_RETURN(x.first_failure, ReadFirstFailure(r, e));
      continue;
    }
    SCENARIO_ASSIGN_OR_RETURN(FigureRange range, ReadFigure(r, e, e.key));
    if (e.value.IsSequence()) x.ranges[e.key] = range;
    else x.figures[e.key] = range.lo;
  }
  if (x.figures.empty() && x.ranges.empty() && !x.first_failure) {
    return r.ErrorAt(node, absl::StrCat(what,
                                        " checks nothing; give figures such as "
                                        "peak_ports_in_use: N"));
  }
  return x;
}

absl::StatusOr<NatExpect> ParseNatExpect(const NodeReader& r, const YAML::Node& node, int index) {
  NatExpect x;
  std::string what = absl::StrCat("expect entry ", index, " (a nat: entry)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::ReadAny(r, node, what));
  const MapFields::Entry* name = f.Find("nat");
  // The NAT's name is checked by the model, which knows the `nats:`.
  SCENARIO_ASSIGN_OR_RETURN(x.nat, r.ReadString(name->value, "nat"));
  for (const MapFields::Entry& e : f.entries()) {
    if (e.key == "nat") continue;
    if (!portlab::nat::IsNatFigureName(e.key)) {
      const std::string figures = portlab::nat::NatFigureNamesText();
      const std::vector<std::string> parts = absl::StrSplit(figures, ", ");
      const std::vector<std::string_view> names(parts.begin(), parts.end());
      return r.ErrorAt(e.key_node, absl::StrCat(what, ": ", Quote(e.key), DidYouMean(SV(e.key), names),
                                                " is not a NAT figure; figures: ", figures));
    }
    SCENARIO_ASSIGN_OR_RETURN(x.figures[e.key], r.ReadInt(e.value, e.key, 0, kNoLimit));
  }
  if (x.figures.empty()) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give figures such as mappings: N"));
  }
  return x;
}

constexpr absl::string_view kHeadroomExpectKeys[] = {"headroom", "owner", "kind", "exhaustion",
                                                     "room", "in_use", "capacity"};
// sim::PoolKindName's names.
constexpr absl::string_view kPoolKindNames[] = {"host range", "NAT ports per VM", "NAT sessions per destination",
                                                "NAT outside ports", "NAT port blocks"};

// A `headroom:` entry: a pool of the headroom at the start of the run. A
// NAT's name is checked by the model (the run finds no pool of it).
absl::StatusOr<HeadroomExpect> ParseHeadroomExpect(const NodeReader& r, const YAML::Node& node, int index) {
  HeadroomExpect x;
  std::string what = absl::StrCat("expect entry ", index, " (a headroom: entry)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kHeadroomExpectKeys));
  SCENARIO_ASSIGN_OR_RETURN(x.pool, r.ReadString(f.Find("headroom")->value, "headroom"));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give owner:, kind:, exhaustion:, room:, "
                                              "in_use: or capacity:"));
  }
  if (const MapFields::Entry* e = f.Find("owner")) {
    if (x.pool != "binding") {
      return r.ErrorAt(e->key_node, absl::StrCat("owner: checks the binding pool's host or NAT; this entry "
                                                 "names its owner already (headroom: ", Quote(x.pool), ")"));
    }
    SCENARIO_ASSIGN_OR_RETURN(x.owner, r.ReadString(e->value, "owner"));
  }
  if (const MapFields::Entry* e = f.Find("kind")) {
    SCENARIO_ASSIGN_OR_RETURN(x.kind, r.ReadChoice(e->value, "kind", kPoolKindNames));
  }
  if (const MapFields::Entry* e = f.Find("exhaustion")) {
    if (e->value.IsScalar() && e->value.Scalar() == "never") {
      x.never = true;
    } else {
      SCENARIO_ASSIGN_OR_RETURN(x.exhaustion, ReadTimeRange(r, *e, "exhaustion"));
    }
  }
  if (const MapFields::Entry* e = f.Find("room")) {
    if (!e->value.IsSequence() || e->value.size() != 2) {
      return r.ErrorAt(e->value, "room: expected [MIN, MAX]");
    }
    constexpr double kAny = 1e300;
    SCENARIO_ASSIGN_OR_RETURN(x.room_min, r.ReadDouble(e->value[0], "room", 0, kAny));
    SCENARIO_ASSIGN_OR_RETURN(x.room_max, r.ReadDouble(e->value[1], "room", 0, kAny));
    if (*x.room_max < *x.room_min) return r.ErrorAt(e->value[1], "room: MAX is below MIN");
  }
  if (const MapFields::Entry* e = f.Find("in_use")) {
    SCENARIO_ASSIGN_OR_RETURN(x.in_use, ReadFigure(r, *e, "in_use"));
  }
  if (const MapFields::Entry* e = f.Find("capacity")) {
    SCENARIO_ASSIGN_OR_RETURN(x.capacity, ReadFigure(r, *e, "capacity"));
  }
  return x;
}

constexpr absl::string_view kStrategyExpectKeys[] = {"strategy", "metric", "x", "min", "max"};

absl::StatusOr<AnalysisExpect> ParseAnalysisExpect(const NodeReader& r, const YAML::Node& node,
                                                   int index, const AnalysisSpec* analysis) {
  AnalysisExpect x;
  std::string what = absl::StrCat("expect entry ", index, " (a strategy: entry)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, kStrategyExpectKeys));
  const MapFields::Entry* strategy = f.Find("strategy");
  SCENARIO_ASSIGN_OR_RETURN(x.strategy, r.ReadString(strategy->value, "strategy"));
  if (analysis == nullptr) {
    if (r.diagnostics().Excused(Defined::kStrategy, x.strategy)) return Consequence();
    return r.ErrorAt(strategy->key_node,
                     "a strategy: expectation checks the figures of analysis:, and this "
                     "scenario has none");
  }
  absl::flat_hash_set<std::string> listed(analysis->strategies.begin(), analysis->strategies.end());
  if (!listed.contains(x.strategy)) {
    return r.UndefinedName(strategy->value, "strategy", Defined::kStrategy, x.strategy, listed,
                           "is not among analysis: strategies:");
  }
  const MapFields::Entry* metric = f.Find("metric");
  if (metric == nullptr) {
    return r.ErrorAt(node, absl::StrCat(what,
                                        " needs metric: AXIS.NAME (such as "
                                        "linkability.success_rate)"));
  }
  SCENARIO_ASSIGN_OR_RETURN(x.metric, r.ReadString(metric->value, "metric"));
  constexpr double kAny = 1e300;
  if (const MapFields::Entry* e = f.Find("x")) {
    SCENARIO_ASSIGN_OR_RETURN(x.x, r.ReadDouble(e->value, "x", -kAny, kAny));
  }
  if (const MapFields::Entry* e = f.Find("min")) {
    SCENARIO_ASSIGN_OR_RETURN(x.min, r.ReadDouble(e->value, "min", -kAny, kAny));
  }
  if (const MapFields::Entry* e = f.Find("max")) {
    SCENARIO_ASSIGN_OR_RETURN(x.max, r.ReadDouble(e->value, "max", -kAny, kAny));
  }
  if (!x.min && !x.max) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give min:, max: or both"));
  }
  if (x.min && x.max && *x.min > *x.max) {
    return r.ErrorAt(f.Find("max")->value, "max: is below min:");
  }
  return x;
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
  const MapFields::Entry* headroom = f.Find("headroom");
  if ((step != nullptr) + (host != nullptr) + (strategy != nullptr) + (workload != nullptr) +
          (nat != nullptr) + (headroom != nullptr) >
      1) {
    // Point at whichever comes second in the file: the one to delete.
    const MapFields::Entry* later = nullptr;
    int seen = 0;
    for (const MapFields::Entry& e : f.entries()) {
      if (e.key == "step" || e.key == "host" || e.key == "strategy" || e.key == "workload" ||
          e.key == "nat" || e.key == "headroom") {
        if (++seen == 2) later = &e;
      }
    }
    return r.ErrorAt(later->key_node,
                     absl::StrCat(what, " names one of step:, host:, workload:, nat:, headroom: or strategy:"));
  }
  if (headroom != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseHeadroomExpect(r, node, index));
  } else if (nat != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseNatExpect(r, node, index));
  } else if (workload != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseWorkloadExpect(r, node, index, workloads));
  } else if (strategy != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseAnalysisExpect(r, node, index, analysis));
  } else if (step != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseStepExpect(r, node, index, steps));
  } else if (host != nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(spec.kind, ParseHostExpect(r, node, index, hosts));
  } else {
    return r.ErrorAt(node,
                     absl::StrCat(what,
                                  " needs step: N (check a step's results), "
                                  "host: NAME (check a host's figures), "
                                  "workload: NAME (check a workload's), "
                                  "nat: NAME (check a NAT's figures), "
                                  "headroom: binding or NAME (check a pool of ports at the start) or "
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
    if (reader.diagnostics().full()) break;
    // An entry's error is reported and the next entry read.
    absl::StatusOr<ExpectSpec> spec = ParseExpect(reader, entry, index, steps, hosts, analysis, workloads);
    if (spec.ok()) {
      out.push_back(*std::move(spec));
    } else {
      reader.Report(spec.status());
    }
    ++index;
  }
  return out;
}

}  // namespace portlab::scenario::internal
