#include "sim/internal/group_sums.h"

#include <algorithm>

namespace portlab::sim {

UnitSample UnitSample::Of(const stack::Host& h) {
  UnitSample s;
  for (int p = 0; p < 2; ++p) {
    const stack::ProtocolFigures& f = h.counters(p == 0 ? net::Protocol::kTcp : net::Protocol::kUdp);
    SeriesCounters& c = s.counters[p];
    c.ports_in_use = f.ports_in_use;
    c.time_wait = f.time_wait;
    c.established = f.established;
    c.attempts = f.connect_calls;
    c.allocation_probes = f.allocation_probes;
    for (const auto& [name, causes] : f.failures) {
      for (const auto& [cause, count] : causes) c.failures += count;
    }
    if (c.failures == 0) continue;
    for (const auto& [name, causes] : f.failures) {
      int64_t& n = s.by_errno[p][name];
      for (const auto& [cause, count] : causes) n += count;
    }
  }
  s.tcp_probes = h.counters(net::Protocol::kTcp).connect_probes;
  return s;
}

void UnitSample::Add(const UnitSample& o) {
  for (int p = 0; p < 2; ++p) {
    counters[p].Add(o.counters[p]);
    for (const auto& [name, n] : o.by_errno[p]) by_errno[p][name] += n;
  }
  tcp_probes.Merge(o.tcp_probes);
}

void UnitSample::Subtract(const UnitSample& o) {
  for (int p = 0; p < 2; ++p) {
    counters[p].Add(o.counters[p], -1);
    for (const auto& [name, n] : o.by_errno[p]) {
      auto it = by_errno[p].find(name);
      if ((it->second -= n) == 0) by_errno[p].erase(it);  // as if never added
    }
  }
  tcp_probes.Subtract(o.tcp_probes);
}

GroupSums::GroupSums(const HostGroups& groups, size_t hosts)
    : groups_(groups), quiet_(groups.units()), is_active_(hosts, false) {
  for (uint32_t h = 0; h < hosts; ++h) {
    if (groups_.is_group(groups_.unit(h)) && groups_.listed_alone(h)) {
      is_active_[h] = true;
      active_.push_back(h);
    }
  }
}

void GroupSums::ActivateMember(uint32_t host, const stack::Host& h) {
  is_active_[host] = true;
  active_.push_back(host);
  quiet_[groups_.unit(host)].Subtract(UnitSample::Of(h));
}

std::vector<UnitSample> GroupSums::Now(const Hosts& hosts) const {
  std::vector<UnitSample> out(groups_.units());
  for (uint32_t u = 0; u < out.size(); ++u) {
    out[u] = groups_.is_group(u) ? quiet_[u] : UnitSample::Of(*hosts[groups_.first_host(u)]);
  }
  for (uint32_t h : active_) out[groups_.unit(h)].Add(UnitSample::Of(*hosts[h]));
  return out;
}

void GroupSums::Settle(const Hosts& hosts) {
  size_t kept = 0;
  for (uint32_t h : active_) {
    UnitSample s = UnitSample::Of(*hosts[h]);
    if (groups_.listed_alone(h) || !s.counters[0].idle() || !s.counters[1].idle()) {
      active_[kept++] = h;
      continue;
    }
    is_active_[h] = false;
    quiet_[groups_.unit(h)].Add(s);
  }
  active_.resize(kept);
}

}  // namespace portlab::sim
