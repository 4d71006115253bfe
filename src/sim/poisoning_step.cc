// The dns-poison step: the cache-poisoning race (sim/poisoning_race.h) run
// against resolvers built as the step's host is, its figures kept for the
// Result. Off the segment path: the scenario's own hosts see nothing of it.
#include "absl/strings/str_cat.h"
#include "portlab/sim/simulation.h"
#include "sim/internal/step_runner.h"

namespace portlab::sim {

PoisonOptions Simulation::PoisonOptionsFor(const scenario::StepSpec& step) const {
  const scenario::PoisonSpec& spec = *step.poison;
  PoisonOptions o;
  o.profile = &hosts_[host_index_.at(step.host)]->profile();
  // The knobs the host has at the step: its sysctl:, then the set steps
  // before this one, in order (all checked when the simulation was built).
  for (const scenario::HostSpec& h : scenario_.hosts) {
    if (h.name != step.host) continue;
    for (const scenario::SysctlSetting& s : h.sysctl) o.knobs.emplace_back(s.name, s.value);
  }
  for (const scenario::StepSpec& s : scenario_.steps) {
    if (s.index >= step.index) break;
    if (s.op != scenario::StepOp::kSet || s.host != step.host) continue;
    for (const scenario::SysctlSetting& k : s.sysctl) o.knobs.emplace_back(k.name, k.value);
  }
  o.query_port = spec.query_port;
  o.rate = spec.rate;
  // RFC 5452 §7: W is bounded by the authoritative server's response time,
  // here a round trip over the scenario's links.
  o.window = spec.rtt.value_or(scenario_.latency + scenario_.latency);
  o.trials = spec.trials;
  o.seed = DeriveSeed(seed_, absl::StrCat("dns-poison:", step.index));
  return o;
}

void Simulation::RunDnsPoison(const scenario::StepSpec& step) {
  const PoisonOptions o = PoisonOptionsFor(step);
  PoisonResult r;
  r.step = step.index;
  r.at = step.at;
  r.host = step.host;
  r.ports = o.query_port ? absl::StrCat("fixed port ", o.query_port->value())
                         : hosts_[host_index_.at(step.host)]->knobs().udp_strategy;
  r.rate = o.rate;
  r.rtt = o.window;
  absl::StatusOr<PoisonFigures> f = RunPoisoningRace(o);
  StepResult& s = steps_->result(step.index);
  ++s.calls;
  if (f.ok()) {
    r.figures = *f;
    ++s.ok;
  } else {
    r.error = std::string(f.status().message());
  }
  poisonings_.push_back(std::move(r));
}

}  // namespace portlab::sim
