#include "portlab/sweep/sweep_figures.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace portlab::sweep {
namespace {

void Add(RunFigures& f, std::string name, double value) {
  f.names.push_back(std::move(name));
  f.values.push_back(value);
  f.text.emplace_back();
  f.is_text.push_back(false);
  f.missing.push_back(false);
}

// A figure this run does not have.
void AddMissing(RunFigures& f, std::string name) {
  Add(f, std::move(name), 0);
  f.missing.back() = true;
}

void AddText(RunFigures& f, std::string name, std::string text) {
  f.names.push_back(std::move(name));
  f.values.push_back(0);
  f.text.push_back(std::move(text));
  f.is_text.push_back(true);
  f.missing.push_back(false);
}

void AddProtocol(RunFigures& f, const std::string& prefix, const stack::ProtocolFigures& p) {
  int64_t failures = 0;
  for (const auto& [errno_name, causes] : p.failures) {
    for (const auto& [cause, n] : causes) failures += n;
  }
  const std::pair<const char*, int64_t> figures[] = {
      {"calls", p.calls},
      {"successes", p.successes},
      {"failures", failures},
      {"ports_in_use", p.ports_in_use},
      {"peak_ports_in_use", p.peak_ports_in_use},
      {"time_wait", p.time_wait},
      {"peak_time_wait", p.peak_time_wait},
      {"established", p.established},
      {"segments_sent", p.segments_sent},
      {"segments_received", p.segments_received},
      {"rst_sent", p.rst_sent},
      {"icmp_unreachable_sent", p.icmp_unreachable_sent},
      {"allocations", p.allocations},
      {"allocation_probes", p.allocation_probes},
      {"failed_allocations", p.failed_allocations},
      {"failed_allocation_probes", p.failed_allocation_probes},
  };
  for (const auto& [name, value] : figures) Add(f, absl::StrCat(prefix, name), static_cast<double>(value));
}

}  // namespace

RunFigures FiguresOf(const sim::Result& result) {
  RunFigures f;
  Add(f, "passed", result.passed ? 1 : 0);
  Add(f, "end_time_s", result.end_time.seconds());
  for (const sim::StepResult& s : result.steps) {
    int64_t failed = 0;
    std::string errors;
    for (const auto& [name, n] : s.errors) {
      failed += n;
      absl::StrAppend(&errors, errors.empty() ? "" : " ", name, ":", n);
    }
    Add(f, absl::StrCat("step", s.index, ".ok"), static_cast<double>(s.ok));
    Add(f, absl::StrCat("step", s.index, ".failed"), static_cast<double>(failed));
    AddText(f, absl::StrCat("step", s.index, ".errors"), std::move(errors));
  }
  for (const sim::HostResult& h : result.hosts) {
    AddProtocol(f, absl::StrCat(h.name, ".tcp."), h.tcp);
    AddProtocol(f, absl::StrCat(h.name, ".udp."), h.udp);
  }
  // Workloads: what a rate or pool achieved; a run in which nothing failed
  // has no first_failure_s (the run's end would be a time nothing happened
  // at, and would pull the mean over seeds toward it).
  for (const sim::WorkloadResult& w : result.workloads) {
    const std::string prefix = absl::StrCat("workload.", w.name, ".");
    Add(f, prefix + "attempts", static_cast<double>(w.attempts));
    Add(f, prefix + "ok", static_cast<double>(w.ok));
    Add(f, prefix + "failures", static_cast<double>(w.failures));
    Add(f, prefix + "ok_rate", w.ok_rate);
    if (w.first_failure) {
      Add(f, prefix + "first_failure_s", w.first_failure->seconds());
    } else {
      AddMissing(f, prefix + "first_failure_s");
    }
    Add(f, prefix + "peak_open", static_cast<double>(w.peak_open));
  }
  return f;
}

}  // namespace portlab::sweep
