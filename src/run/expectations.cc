#include "portlab/run/expectations.h"

#include <functional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

std::string Range(std::pair<int64_t, int64_t> r) {
  if (r.first == r.second) return absl::StrCat(r.first);
  return absl::StrCat("[", r.first, ", ", r.second, "]");
}

std::string TimeRange(std::pair<Duration, Duration> r) {
  if (r.first == r.second) return FormatDuration(r.first);
  return absl::StrCat("[", FormatDuration(r.first), ", ", FormatDuration(r.second), "]");
}

void CheckFirstFailure(const std::optional<SimTime>& got,
                       const std::pair<Duration, Duration>& want,
                       const std::function<void(bool, std::string)>& check) {
  if (!got) {
    check(false, absl::StrCat("first_failure never (no failure), expected ", TimeRange(want)));
    return;
  }
  Duration d = got->since_start();
  check(d >= want.first && d <= want.second,
        absl::StrCat("first_failure ", FormatDuration(d), ", expected ", TimeRange(want)));
}

// A workload figure by its scenario name; ok_rate is rounded down.
std::optional<int64_t> WorkloadFigure(const sim::WorkloadResult& w, std::string_view name) {
  if (name == "attempts") return w.attempts;
  if (name == "ok") return w.ok;
  if (name == "failures") return w.failures;
  if (name == "ok_rate") return static_cast<int64_t>(w.ok_rate);
  if (name == "peak_open") return w.peak_open;
  if (name.substr(0, 7) == "errors ") {
    auto it = w.errors.find(std::string(name.substr(7)));
    return it == w.errors.end() ? 0 : it->second;
  }
  return std::nullopt;
}

// The findings of the nat-probe step `x` names, against what it expects.
void CheckProbe(const sim::Result& result, const scenario::ExpectSpec& x,
                const std::function<void(bool, std::string)>& check) {
  if (!x.probe_mapping && !x.probe_filtering && !x.probe_classic && !x.probe_hairpinning && !x.probe_lifetime) {
    return;
  }
  const sim::NatProbeResult* p = nullptr;
  for (const sim::NatProbeResult& pr : result.nat_probes)
    if (pr.step == *x.step) p = &pr;
  if (!p || !p->error.empty()) {
    check(false, absl::StrCat("the probe did not finish", p ? absl::StrCat(": ", p->error) : ""));
    return;
  }
  const nat::ProbeReport& r = p->report;
  auto same = [&](const char* what, std::string_view got, const std::optional<std::string>& want) {
    if (want) check(got == *want, absl::StrCat(what, " ", AV(got), ", expected ", *want));
  };
  same("mapping", nat::DependenceName(r.mapping), x.probe_mapping);
  same("filtering", nat::DependenceName(r.filtering), x.probe_filtering);
  same("classic", r.classic, x.probe_classic);
  if (x.probe_hairpinning) {
    check(r.hairpinning == *x.probe_hairpinning,
          absl::StrCat("hairpinning ", r.hairpinning ? "true" : "false", ", expected ",
                       *x.probe_hairpinning ? "true" : "false"));
  }
  if (x.probe_lifetime) {
    std::string got = r.binding_lifetime ? FormatDuration(*r.binding_lifetime) : "longer than the search";
    check(r.binding_lifetime == x.probe_lifetime,
          absl::StrCat("binding_lifetime ", got, ", expected ", FormatDuration(*x.probe_lifetime)));
  }
}

}  // namespace

std::optional<SimTime> FirstFailure(const sim::Result& result, std::string_view host,
                                    std::string_view protocol) {
  std::optional<SimTime> first;
  for (const sim::FailureGroup& g : result.failure_groups) {
    if (g.host != host || g.protocol != protocol) continue;
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
  if (name == "demux_exact") return Demux(f, "exact");
  if (name == "demux_listener_address") return Demux(f, "listener-address");
  if (name == "demux_listener_wildcard") return Demux(f, "listener-wildcard");
  if (name == "demux_none") return Demux(f, "none");
  if (name == "demux_filtered") return Demux(f, "filtered");
  return std::nullopt;
}

std::vector<const sim::AnalysisFigure*> FindAnalysisFigures(const sim::Result& result,
                                                      const scenario::ExpectSpec& x) {
  std::vector<const sim::AnalysisFigure*> out;
  if (!x.strategy) return out;
  for (const sim::AnalysisFigure& f : result.analysis) {
    if (f.strategy != *x.strategy || x.metric.size() != f.axis.size() + 1 + f.metric.size() ||
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
  for (const scenario::ExpectSpec& x : expect) {
    sim::ExpectationResult r;
    r.index = x.index;
    r.passed = true;
    std::vector<std::string> parts;
    auto check = [&](bool ok, std::string text) {
      if (!ok) r.passed = false;
      parts.push_back(ok ? std::move(text) : absl::StrCat("MISMATCH ", text));
    };
    if (x.step) {
      const sim::StepResult* s = nullptr;
      for (const sim::StepResult& sr : result.steps)
        if (sr.index == *x.step) s = &sr;
      if (!s) {
        check(false, absl::StrCat("step ", *x.step, " does not exist"));
      } else {
        std::string where = absl::StrCat("step ", s->index, " (", s->host, " ", s->op, ")");
        parts.push_back(where);
        CheckProbe(result, x, check);
        if (x.ok) check(s->ok == *x.ok, absl::StrCat("ok ", s->ok, ", expected ", *x.ok));
        if (x.errors) {
          check(s->errors == *x.errors, absl::StrCat("errors ", FormatErrors(s->errors), ", expected ",
                                                     FormatErrors(*x.errors)));
        }
        if (x.ports) {
          std::vector<int> got(s->ports.begin(), s->ports.end());
          check(got == *x.ports, absl::StrCat("ports [", absl::StrJoin(got, ", "), "], expected [",
                                              absl::StrJoin(*x.ports, ", "), "]"));
        }
        if (x.ports_in) {
          int outside = 0;
          for (uint16_t p : s->ports)
            if (p != 0 && !x.ports_in->Contains(net::Port(p))) ++outside;
          check(outside == 0, absl::StrCat(outside, " ports outside ", x.ports_in->ToString()));
        }
        if (x.distinct_ports) {
          std::set<uint16_t> seen;
          int nonzero = 0;
          for (uint16_t p : s->ports)
            if (p != 0) { seen.insert(p); ++nonzero; }
          bool distinct = static_cast<int>(seen.size()) == nonzero;
          check(distinct == *x.distinct_ports,
                absl::StrCat(seen.size(), " distinct ports among ", nonzero,
                             *x.distinct_ports ? ", expected all distinct" : ", expected a repeat"));
        }
      }
    } else if (x.strategy) {
      std::vector<const sim::AnalysisFigure*> found = FindAnalysisFigures(result, x);
      std::string name = absl::StrCat(*x.strategy, " ", x.metric);
      if (x.x) absl::StrAppend(&name, " at ", *x.x);
      if (found.size() != 1) {
        check(false, absl::StrCat(name, ": ", found.size(), " figures, expected one"));
      } else {
        const double v = found.front()->value;
        const bool ok = (!x.min || v >= *x.min) && (!x.max || v <= *x.max);
        std::string want = x.min && x.max ? absl::StrCat("in [", *x.min, ", ", *x.max, "]")
                           : x.min       ? absl::StrCat(">= ", *x.min)
                                         : absl::StrCat("<= ", *x.max);
        check(ok, absl::StrCat(name, " ", v, ", expected ", want));
      }
    } else if (x.workload) {
      const sim::WorkloadResult* w = nullptr;
      for (const sim::WorkloadResult& wr : result.workloads)
        if (wr.name == *x.workload) w = &wr;
      if (!w) {
        check(false, absl::StrCat("workload ", *x.workload, " does not exist"));
      } else {
        parts.push_back(absl::StrCat("workload ", w->name));
        for (const auto& [name, want] : x.ranges) {
          std::optional<int64_t> got = WorkloadFigure(*w, name);
          if (!got) check(false, absl::StrCat("unknown figure ", name));
          else check(*got >= want.first && *got <= want.second,
                     absl::StrCat(name, " ", *got, ", expected ", Range(want)));
        }
        if (x.first_failure) CheckFirstFailure(w->first_failure, *x.first_failure, check);
      }
    } else if (x.nat) {
      const nat::NatFigures* n = nullptr;
      for (const nat::NatFigures& f : result.nats)
        if (f.name == *x.nat) n = &f;
      if (!n) {
        check(false, absl::StrCat("NAT ", *x.nat, " does not exist"));
      } else {
        parts.push_back(absl::StrCat("NAT ", *x.nat));
        for (const auto& [name, want] : x.figures) {
          std::optional<int64_t> got = nat::NatFigureByName(*n, name);
          if (!got) check(false, absl::StrCat("unknown figure ", name));
          else check(*got == want, absl::StrCat(name, " ", *got, ", expected ", want));
        }
      }
    } else if (x.host) {
      const sim::HostResult* h = nullptr;
      for (const sim::HostResult& hr : result.hosts)
        if (hr.name == *x.host) h = &hr;
      net::Protocol p = x.protocol.value_or(net::Protocol::kTcp);
      if (!h) {
        check(false, absl::StrCat("host ", *x.host, " does not exist"));
      } else {
        parts.push_back(absl::StrCat(*x.host, " ", AV(net::ProtocolName(p))));
        for (const auto& [name, want] : x.figures) {
          std::optional<int64_t> got = FigureByName(h->of(p), name);
          if (!got) check(false, absl::StrCat("unknown figure ", name));
          else check(*got == want, absl::StrCat(name, " ", *got, ", expected ", want));
        }
        for (const auto& [name, want] : x.ranges) {
          std::optional<int64_t> got = FigureByName(h->of(p), name);
          if (!got) check(false, absl::StrCat("unknown figure ", name));
          else check(*got >= want.first && *got <= want.second,
                     absl::StrCat(name, " ", *got, ", expected ", Range(want)));
        }
        if (x.first_failure) {
          CheckFirstFailure(FirstFailure(result, *x.host, net::ProtocolName(p)), *x.first_failure,
                            check);
        }
      }
    }
    r.detail = absl::StrJoin(parts, "; ");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace portlab::run
