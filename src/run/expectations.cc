#include "portlab/run/expectations.h"

#include <set>
#include <utility>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"

namespace portlab::run {
namespace {

std::string FormatErrors(const std::map<std::string, int64_t>& errors) {
  if (errors.empty()) return "{}";
  return absl::StrCat("{", absl::StrJoin(errors, ", ", absl::PairFormatter(": ")), "}");
}

int64_t Demux(const stack::ProtocolFigures& f, const char* rule) {
  auto it = f.demux.find(rule);
  return it == f.demux.end() ? 0 : it->second;
}

std::string FormatRange(scenario::FigureRange r) {
  if (r.lo == r.hi) return absl::StrCat(r.lo);
  return absl::StrCat("[", r.lo, ", ", r.hi, "]");
}

std::string FormatTimeRange(const scenario::TimeRange& r) {
  if (r.earliest == r.latest) return FormatDuration(r.earliest);
  return absl::StrCat("[", FormatDuration(r.earliest), ", ", FormatDuration(r.latest), "]");
}

// The detail of one entry, as its checks add to it.
class Detail {
 public:
  // A part that checks nothing: what the entry is about.
  void Note(std::string text) { parts_.push_back(std::move(text)); }
  // A failed check fails the entry and reads "MISMATCH ...".
  void Check(bool ok, std::string text) {
    if (!ok) passed_ = false;
    parts_.push_back(ok ? std::move(text) : absl::StrCat("MISMATCH ", text));
  }
  sim::ExpectationResult Result(int index) const {
    sim::ExpectationResult r;
    r.index = index;
    r.passed = passed_;
    r.detail = absl::StrJoin(parts_, "; ");
    return r;
  }

 private:
  bool passed_ = true;
  std::vector<std::string> parts_;
};

// The last of `items` that `is` accepts; nullptr when none does.
template <typename T, typename Pred>
const T* FindLast(const std::vector<T>& items, Pred is) {
  const T* found = nullptr;
  for (const T& item : items)
    if (is(item)) found = &item;
  return found;
}

// An integer figure against its range; `got` is nothing for an unknown name.
void CheckFigure(const std::string& name, std::optional<int64_t> got, scenario::FigureRange want,
                 Detail& d) {
  if (!got) {
    d.Check(false, absl::StrCat("unknown figure ", name));
    return;
  }
  d.Check(*got >= want.lo && *got <= want.hi,
          absl::StrCat(name, " ", *got, ", expected ", FormatRange(want)));
}

void CheckFirstFailure(const std::optional<SimTime>& got, const scenario::TimeRange& want,
                       Detail& d) {
  if (!got) {
    d.Check(false,
            absl::StrCat("first_failure never (no failure), expected ", FormatTimeRange(want)));
    return;
  }
  Duration since_start = got->since_start();
  d.Check(since_start >= want.earliest && since_start <= want.latest,
          absl::StrCat("first_failure ", FormatDuration(since_start), ", expected ",
                       FormatTimeRange(want)));
}

// A conversation figure (stack/app.h) by its scenario name; times in
// microseconds, rounded down.
std::optional<int64_t> ConversationFigure(const stack::ConversationFigures& c,
                                          std::string_view name) {
  if (name == "bytes_sent") return c.bytes_sent;
  if (name == "bytes_received") return c.bytes_received;
  if (name == "requests_sent") return c.requests_sent;
  if (name == "requests_answered") return c.requests_answered;
  if (name == "requests_received") return c.requests_received;
  if (name == "responses_sent") return c.responses_sent;
  if (name == "response_time_min_us") return c.response_time_min_ns / 1000;
  if (name == "response_time_mean_us") return c.response_time_mean_ns() / 1000;
  if (name == "response_time_max_us") return c.response_time_max_ns / 1000;
  return std::nullopt;
}

// A workload figure by its scenario name; ok_rate is rounded down.
std::optional<int64_t> WorkloadFigure(const sim::WorkloadResult& w, std::string_view name) {
  if (name == "attempts") return w.attempts;
  if (name == "ok") return w.ok;
  if (name == "failures") return w.failures;
  if (name == "ok_rate") return static_cast<int64_t>(w.ok_rate);
  if (name == "peak_open") return w.peak_open;
  if (std::optional<int64_t> c = ConversationFigure(w.conversation, name)) return c;
  if (name.substr(0, 7) == "errors ") {
    auto it = w.errors.find(std::string(name.substr(7)));
    return it == w.errors.end() ? 0 : it->second;
  }
  return std::nullopt;
}

// The step an entry names, its name noted in `d`; nothing, with the entry
// failed, when the run has no such step.
const sim::StepResult* NamedStep(const sim::Result& result, int step, Detail& d) {
  const sim::StepResult* s =
      FindLast(result.steps, [&](const sim::StepResult& r) { return r.index == step; });
  if (!s) {
    d.Check(false, absl::StrCat("step ", step, " does not exist"));
    return nullptr;
  }
  d.Note(absl::StrCat("step ", s->index, " (", s->host, " ", s->op, ")"));
  return s;
}

// How many distinct nonzero ports, among how many nonzero.
std::pair<int, int> DistinctPorts(const std::vector<uint16_t>& ports) {
  std::set<uint16_t> seen;
  int nonzero = 0;
  for (uint16_t p : ports) {
    if (p == 0) continue;
    seen.insert(p);
    ++nonzero;
  }
  return {static_cast<int>(seen.size()), nonzero};
}

// One function per kind of entry; each adds its parts to `d`.

void CheckEntry(const scenario::StepExpect& x, const sim::Result& result, Detail& d) {
  const sim::StepResult* s = NamedStep(result, x.step, d);
  if (!s) return;
  if (x.ok) d.Check(s->ok == *x.ok, absl::StrCat("ok ", s->ok, ", expected ", *x.ok));
  if (x.errors) {
    d.Check(s->errors == *x.errors, absl::StrCat("errors ", FormatErrors(s->errors), ", expected ",
                                                 FormatErrors(*x.errors)));
  }
  if (x.ports) {
    std::vector<int> got(s->ports.begin(), s->ports.end());
    d.Check(got == *x.ports, absl::StrCat("ports [", absl::StrJoin(got, ", "), "], expected [",
                                          absl::StrJoin(*x.ports, ", "), "]"));
  }
  if (x.ports_in) {
    int outside = 0;
    for (uint16_t p : s->ports)
      if (p != 0 && !x.ports_in->Contains(net::Port(p))) ++outside;
    d.Check(outside == 0, absl::StrCat(outside, " ports outside ", x.ports_in->ToString()));
  }
  if (x.answered) {
    d.Check(s->conversation.requests_answered == *x.answered,
            absl::StrCat("answered ", s->conversation.requests_answered, " of ",
                         s->conversation.requests_sent, ", expected ", *x.answered));
  }
  if (x.distinct_ports) {
    auto [distinct, nonzero] = DistinctPorts(s->ports);
    d.Check((distinct == nonzero) == *x.distinct_ports,
            absl::StrCat(distinct, " distinct ports among ", nonzero,
                         *x.distinct_ports ? ", expected all distinct" : ", expected a repeat"));
  }
}

// What the probe of step `x.step` found, against what `x` expects.
void CheckFindings(const scenario::ProbeExpect& x, const sim::Result& result, Detail& d) {
  const sim::NatProbeResult* p =
      FindLast(result.nat_probes, [&](const sim::NatProbeResult& pr) { return pr.step == x.step; });
  if (!p || !p->error.empty()) {
    d.Check(false, absl::StrCat("the probe did not finish", p ? absl::StrCat(": ", p->error) : ""));
    return;
  }
  const nat::ProbeReport& r = p->report;
  auto same = [&](const char* what, std::string_view got, const std::optional<std::string>& want) {
    if (want) d.Check(got == *want, absl::StrCat(what, " ", AV(got), ", expected ", *want));
  };
  same("mapping", nat::DependenceName(r.mapping), x.mapping);
  same("filtering", nat::DependenceName(r.filtering), x.filtering);
  same("classic", r.classic, x.classic);
  if (x.hairpinning) {
    d.Check(r.hairpinning == *x.hairpinning,
            absl::StrCat("hairpinning ", r.hairpinning ? "true" : "false", ", expected ",
                         *x.hairpinning ? "true" : "false"));
  }
  if (x.binding_lifetime) {
    std::string got =
        r.binding_lifetime ? FormatDuration(*r.binding_lifetime) : "longer than the search";
    d.Check(r.binding_lifetime == x.binding_lifetime,
            absl::StrCat("binding_lifetime ", got, ", expected ",
                         FormatDuration(*x.binding_lifetime)));
  }
}

void CheckEntry(const scenario::ProbeExpect& x, const sim::Result& result, Detail& d) {
  const sim::StepResult* s = NamedStep(result, x.step, d);
  if (!s) return;
  if (x.mapping || x.filtering || x.classic || x.hairpinning || x.binding_lifetime) {
    CheckFindings(x, result, d);
  }
  if (x.ok) d.Check(s->ok == *x.ok, absl::StrCat("ok ", s->ok, ", expected ", *x.ok));
}

// How the race of dns-poison step `x.step` went, against what `x` expects.
void CheckEntry(const scenario::PoisonExpect& x, const sim::Result& result, Detail& d) {
  const sim::PoisonResult* p =
      FindLast(result.poisonings, [&](const sim::PoisonResult& pr) { return pr.step == x.step; });
  if (!p || !p->error.empty()) {
    d.Check(false, absl::StrCat("step ", x.step, ": the race did not run",
                                p ? absl::StrCat(": ", p->error) : ""));
    return;
  }
  const sim::PoisonFigures& f = p->figures;
  d.Note(absl::StrCat("step ", x.step, " ", p->host));
  if (x.poisoned) CheckFigure("poisoned", f.poisoned, *x.poisoned, d);
  if (x.predicted) CheckFigure("predicted", f.predicted, *x.predicted, d);
  if (x.agrees) {
    d.Check(f.agrees() == *x.agrees,
            absl::StrFormat("RFC 5452's %.6g %s the 95 %% interval [%.6g, %.6g]", f.analytic,
                            f.agrees() ? "inside" : "outside", f.interval.lo, f.interval.hi));
  }
}

// The ports of a scan in each state, and single ports' reasons.
void CheckEntry(const scenario::ScanExpect& x, const sim::Result& result, Detail& d) {
  if (!NamedStep(result, x.step, d)) return;
  const sim::ScanResult* scan =
      FindLast(result.scans, [&](const sim::ScanResult& r) { return r.step == x.step; });
  if (!scan) {
    d.Check(false, "the scan did not start");
    return;
  }
  if (scan->unfinished > 0) d.Check(false, absl::StrCat(scan->unfinished, " ports not judged by the end"));
  auto list = [](const std::vector<uint16_t>& ports) {
    return absl::StrCat("[", absl::StrJoin(ports, ", "), "]");
  };
  for (const auto& [state, want] : x.states) {
    std::vector<uint16_t> got;
    for (const sim::ScanPortResult& p : scan->ports) {
      if (p.state == state) got.push_back(p.port);
    }
    d.Check(got == want, absl::StrCat(AV(scenario::PortStateName(state)), " ", list(got),
                                      got == want ? "" : absl::StrCat(", expected ", list(want))));
  }
  for (const auto& [port, want] : x.reasons) {
    const sim::ScanPortResult* p = FindLast(
        scan->ports, [&, port = port](const sim::ScanPortResult& r) { return r.port == port; });
    const std::string_view got = p ? scenario::ScanReasonName(p->reason) : "not judged";
    d.Check(p && p->reason == want,
            absl::StrCat("port ", port, " ", AV(got),
                         p && p->reason == want
                             ? ""
                             : absl::StrCat(", expected ", AV(scenario::ScanReasonName(want)))));
  }
}

void CheckEntry(const scenario::HostExpect& x, const sim::Result& result, Detail& d) {
  const sim::HostResult* h =
      FindLast(result.hosts, [&](const sim::HostResult& hr) { return hr.name == x.host; });
  if (!h) {
    d.Check(false, absl::StrCat("host ", x.host, " does not exist"));
    return;
  }
  std::string_view protocol = net::ProtocolName(x.protocol);
  d.Note(absl::StrCat(x.host, " ", AV(protocol)));
  const stack::ProtocolFigures& figures = h->of(x.protocol);
  for (const auto& [name, want] : x.figures) {
    CheckFigure(name, FigureByName(figures, name), {want, want}, d);
  }
  for (const auto& [name, want] : x.ranges) CheckFigure(name, FigureByName(figures, name), want, d);
  if (x.first_failure) {
    CheckFirstFailure(FirstFailure(result, x.host, protocol, h->members > 0), *x.first_failure, d);
  }
}

void CheckEntry(const scenario::WorkloadExpect& x, const sim::Result& result, Detail& d) {
  const sim::WorkloadResult* w = FindLast(
      result.workloads, [&](const sim::WorkloadResult& wr) { return wr.name == x.workload; });
  if (!w) {
    d.Check(false, absl::StrCat("workload ", x.workload, " does not exist"));
    return;
  }
  d.Note(absl::StrCat("workload ", w->name));
  for (const auto& [name, want] : x.figures) CheckFigure(name, WorkloadFigure(*w, name), want, d);
  if (x.first_failure) CheckFirstFailure(w->first_failure, *x.first_failure, d);
}

void CheckEntry(const scenario::NatExpect& x, const sim::Result& result, Detail& d) {
  const nat::NatFigures* n =
      FindLast(result.nats, [&](const nat::NatFigures& f) { return f.name == x.nat; });
  if (!n) {
    d.Check(false, absl::StrCat("NAT ", x.nat, " does not exist"));
    return;
  }
  d.Note(absl::StrCat("NAT ", x.nat));
  for (const auto& [name, want] : x.figures) {
    CheckFigure(name, nat::NatFigureByName(*n, name), {want, want}, d);
  }
}

void CheckEntry(const scenario::AnalysisExpect& x, const sim::Result& result, Detail& d) {
  std::vector<const sim::AnalysisFigure*> found = FindAnalysisFigures(result, x);
  std::string name = absl::StrCat(x.strategy, " ", x.metric);
  if (x.x) absl::StrAppend(&name, " at ", *x.x);
  if (found.size() != 1) {
    d.Check(false, absl::StrCat(name, ": ", found.size(), " figures, expected one"));
    return;
  }
  const double v = found.front()->value;
  const bool ok = (!x.min || v >= *x.min) && (!x.max || v <= *x.max);
  std::string want = x.min && x.max ? absl::StrCat("in [", *x.min, ", ", *x.max, "]")
                     : x.min       ? absl::StrCat(">= ", *x.min)
                                   : absl::StrCat("<= ", *x.max);
  d.Check(ok, absl::StrCat(name, " ", v, ", expected ", want));
}

// The pool a headroom: entry names: the binding one, or the owner's with
// the least room (the first such in the headroom's order).
const sim::HeadroomPool* NamedPool(const sim::Headroom& h, const std::string& pool) {
  if (pool == "binding") return h.binding ? &h.pools[*h.binding] : nullptr;
  const sim::HeadroomPool* least = nullptr;
  for (const sim::HeadroomPool& p : h.pools)
    if (p.owner == pool && (!least || p.room() < least->room())) least = &p;
  return least;
}

void CheckEntry(const scenario::HeadroomExpect& x, const sim::Result& result, Detail& d) {
  const sim::RunHeadroom& rh = result.headroom;
  if (!rh.measured) {
    d.Check(false, absl::StrCat("headroom not measured: ", rh.not_measured));
    return;
  }
  const sim::HeadroomPool* p = NamedPool(*rh.measured, x.pool);
  if (!p) {
    d.Check(false, x.pool == "binding" ? std::string("headroom: no pool binds (none is drawn on)")
                                       : absl::StrCat("headroom: no pool of ", x.pool));
    return;
  }
  const std::string kind(sim::PoolKindName(p->kind));
  d.Note(absl::StrCat("headroom ", x.pool, ": ", kind, " of ", p->owner, " ", p->source,
                      " -> ", p->destination));
  if (x.owner) d.Check(p->owner == *x.owner, absl::StrCat("owner ", p->owner, ", expected ", *x.owner));
  if (x.kind) {
    d.Check(kind == *x.kind, absl::StrCat("kind ", kind, ", expected ", *x.kind));
  }
  const std::optional<SimTime> e = p->exhaustion();
  if (x.never) {
    d.Check(!e, absl::StrCat("exhaustion ", e ? FormatDuration(e->since_start()) : "never", ", expected never"));
  }
  if (x.exhaustion) {
    const bool ok = e && e->since_start() >= x.exhaustion->earliest && e->since_start() <= x.exhaustion->latest;
    d.Check(ok, absl::StrCat("exhaustion ", e ? FormatDuration(e->since_start()) : "never", ", expected ",
                             FormatTimeRange(*x.exhaustion)));
  }
  if (x.room_min) {
    const double room = p->room();
    d.Check(room >= *x.room_min && room <= *x.room_max,
            absl::StrCat("room ", absl::StrFormat("%.4g", room), ", expected [", *x.room_min, ", ", *x.room_max, "]"));
  }
  if (x.in_use) CheckFigure("in_use", p->in_use, *x.in_use, d);
  if (x.capacity) CheckFigure("capacity", p->capacity, *x.capacity, d);
}

}  // namespace

std::optional<SimTime> FirstFailure(const sim::Result& result, std::string_view host,
                                    std::string_view protocol, bool group) {
  std::optional<SimTime> first;
  for (const sim::FailureGroup& g : result.failure_groups) {
    if ((g.host != host && !(group && sim::IsGroupMember(g.host, host))) || g.protocol != protocol) continue;
    if (!first || g.first < *first) first = g.first;
  }
  return first;
}

std::optional<int64_t> FigureByName(const stack::ProtocolFigures& f, std::string_view name) {
  if (name == "calls") return f.calls;
  if (name == "successes") return f.successes;
  if (name == "failures") {
    int64_t n = 0;
    for (const auto& [e, causes] : f.failures)
      for (const auto& [c, k] : causes) n += k;
    return n;
  }
  if (name == "ports_in_use") return f.ports_in_use;
  if (name == "peak_ports_in_use") return f.peak_ports_in_use;
  if (name == "time_wait") return f.time_wait;
  if (name == "peak_time_wait") return f.peak_time_wait;
  if (name == "established") return f.established;
  if (name == "segments_sent") return f.segments_sent;
  if (name == "segments_received") return f.segments_received;
  if (name == "rst_sent") return f.rst_sent;
  if (name == "icmp_unreachable_sent") return f.icmp_unreachable_sent;
  if (name == "allocations") return f.allocations;
  if (name == "allocation_probes") return f.allocation_probes;
  if (name == "failed_allocations") return f.failed_allocations;
  if (name == "failed_allocation_probes") return f.failed_allocation_probes;
  if (name == "connect_calls") return f.connect_calls;
  if (name == "demux_exact") return Demux(f, "exact");
  if (name == "demux_listener_address") return Demux(f, "listener-address");
  if (name == "demux_listener_wildcard") return Demux(f, "listener-wildcard");
  if (name == "demux_none") return Demux(f, "none");
  if (name == "demux_filtered") return Demux(f, "filtered");
  return ConversationFigure(f.conversation, name);
}

std::vector<const sim::AnalysisFigure*> FindAnalysisFigures(const sim::Result& result,
                                                            const scenario::AnalysisExpect& x) {
  std::vector<const sim::AnalysisFigure*> out;
  for (const sim::AnalysisFigure& f : result.analysis) {
    if (f.strategy != x.strategy || x.metric.size() != f.axis.size() + 1 + f.metric.size() ||
        !absl::StartsWith(x.metric, f.axis) || x.metric[f.axis.size()] != '.' ||
        !absl::EndsWith(x.metric, f.metric)) {
      continue;
    }
    if (x.x && f.x != x.x) continue;
    out.push_back(&f);
  }
  return out;
}

std::vector<sim::ExpectationResult> Evaluate(const std::vector<scenario::ExpectSpec>& expect,
                                             const sim::Result& result) {
  std::vector<sim::ExpectationResult> out;
  out.reserve(expect.size());
  for (const scenario::ExpectSpec& x : expect) {
    Detail d;
    std::visit([&](const auto& kind) { CheckEntry(kind, result, d); }, x.kind);
    out.push_back(d.Result(x.index));
  }
  return out;
}

}  // namespace portlab::run
