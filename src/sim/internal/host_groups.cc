#include "sim/internal/host_groups.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"

namespace portlab::sim {

HostGroups::HostGroups(const scenario::Scenario& scenario)
    : unit_of_(scenario.hosts.size()), listed_alone_(scenario.hosts.size(), false) {
  absl::flat_hash_set<std::string_view> named;
  for (const scenario::StepSpec& step : scenario.steps) named.insert(step.host);
  for (const scenario::ExpectSpec& x : scenario.expect) {
    if (const auto* h = std::get_if<scenario::HostExpect>(&x.kind)) named.insert(h->host);
  }
  for (uint32_t i = 0; i < scenario.hosts.size(); ++i) {
    const scenario::HostSpec& host = scenario.hosts[i];
    if (!host.quantity_member) {
      unit_of_[i] = static_cast<uint32_t>(units_.size());
      units_.push_back(Unit{host.name, 0, i});
      continue;
    }
    // A member is named GROUP.N (the loader's expansion).
    const std::string_view group = std::string_view(host.name).substr(0, host.name.rfind('.'));
    if (units_.empty() || units_.back().name != group || units_.back().members == 0) {
      units_.push_back(Unit{std::string(group), 0, i});
    }
    ++units_.back().members;
    unit_of_[i] = static_cast<uint32_t>(units_.size() - 1);
    listed_alone_[i] = named.contains(host.name);
  }
}

void AddMemberFigures(const stack::ProtocolFigures& m, stack::ProtocolFigures& g) {
  g.calls += m.calls;
  g.connect_calls += m.connect_calls;
  g.successes += m.successes;
  for (const auto& [name, causes] : m.failures) {
    for (const auto& [cause, count] : causes) g.failures[name][cause] += count;
  }
  g.ports_in_use += m.ports_in_use;
  g.peak_ports_in_use = std::max(g.peak_ports_in_use, m.peak_ports_in_use);
  g.time_wait += m.time_wait;
  g.peak_time_wait = std::max(g.peak_time_wait, m.peak_time_wait);
  g.established += m.established;
  g.segments_sent += m.segments_sent;
  g.segments_received += m.segments_received;
  g.rst_sent += m.rst_sent;
  g.icmp_unreachable_sent += m.icmp_unreachable_sent;
  g.allocations += m.allocations;
  g.allocation_probes += m.allocation_probes;
  g.failed_allocations += m.failed_allocations;
  g.failed_allocation_probes += m.failed_allocation_probes;
  g.connect_probes.Merge(m.connect_probes);
  for (const auto& [rule, count] : m.demux) g.demux[rule] += count;
  stack::ConversationFigures& gc = g.conversation;
  const stack::ConversationFigures& mc = m.conversation;
  gc.bytes_sent += mc.bytes_sent;
  gc.bytes_received += mc.bytes_received;
  gc.requests_sent += mc.requests_sent;
  gc.requests_received += mc.requests_received;
  gc.responses_sent += mc.responses_sent;
  if (mc.requests_answered > 0) {
    if (gc.requests_answered == 0 || mc.response_time_min_ns < gc.response_time_min_ns) {
      gc.response_time_min_ns = mc.response_time_min_ns;
    }
    gc.response_time_max_ns = std::max(gc.response_time_max_ns, mc.response_time_max_ns);
    gc.response_time_sum_ns += mc.response_time_sum_ns;
    gc.requests_answered += mc.requests_answered;
  }
}

}  // namespace portlab::sim
