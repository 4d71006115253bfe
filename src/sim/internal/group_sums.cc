#include "sim/internal/group_sums.h"

#include <algorithm>

namespace portlab::sim {

SeriesCounters SeriesCounters::Of(const stack::ProtocolFigures& f) {
  SeriesCounters c;
  c.ports_in_use = f.ports_in_use;
  c.time_wait = f.time_wait;
  c.established = f.established;
  c.attempts = f.connect_calls;
  c.allocation_probes = f.allocation_probes;
  for (const auto& [name, causes] : f.failures) {
    for (const auto& [cause, count] : causes) c.failures += count;
  }
  return c;
}

namespace {

const stack::ProtocolFigures& FiguresOf(const stack::Host& h, int p) {
  return h.counters(p == 0 ? net::Protocol::kTcp : net::Protocol::kUdp);
}

// Adds sign x each errno's failures of `f` to `by_errno`; an errno whose
// count comes back to 0 leaves it, as if never added.
void AddErrnos(const stack::ProtocolFigures& f, int sign, std::map<std::string, int64_t>& by_errno) {
  for (const auto& [name, causes] : f.failures) {
    int64_t n = 0;
    for (const auto& [cause, count] : causes) n += count;
    if (n == 0) continue;
    auto it = by_errno.try_emplace(name, 0).first;
    if ((it->second += sign * n) == 0) by_errno.erase(it);
  }
}

}  // namespace

UnitSample UnitSample::Of(const stack::Host& h) {
  UnitSample s;
  s.AddHost(h, 1);
  return s;
}

void UnitSample::AddHost(const stack::Host& h, int sign) {
  for (int p = 0; p < 2; ++p) {
    const stack::ProtocolFigures& f = FiguresOf(h, p);
    const SeriesCounters c = SeriesCounters::Of(f);
    counters[p].Add(c, sign);
    if (c.failures != 0) AddErrnos(f, sign, by_errno[p]);
  }
  const stack::ProbeHistogram& probes = h.counters(net::Protocol::kTcp).connect_probes;
  if (sign > 0) tcp_probes.Merge(probes);
  else tcp_probes.Subtract(probes);
}

void UnitSample::Add(const UnitSample& o) {
  for (int p = 0; p < 2; ++p) {
    counters[p].Add(o.counters[p]);
    for (const auto& [name, n] : o.by_errno[p]) by_errno[p][name] += n;
  }
  tcp_probes.Merge(o.tcp_probes);
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
  quiet_[groups_.unit(host)].AddHost(h, -1);
}

std::vector<UnitSample> GroupSums::Now(const Hosts& hosts) const {
  std::vector<UnitSample> out(groups_.units());
  for (uint32_t u = 0; u < out.size(); ++u) {
    out[u] = groups_.is_group(u) ? quiet_[u] : UnitSample::Of(*hosts[groups_.first_host(u)]);
  }
  for (uint32_t h : active_) out[groups_.unit(h)].AddHost(*hosts[h], 1);
  return out;
}

void GroupSums::Settle(const Hosts& hosts) {
  size_t kept = 0;
  for (uint32_t h : active_) {
    const stack::Host& host = *hosts[h];
    if (groups_.listed_alone(h) || !SeriesCounters::Of(FiguresOf(host, 0)).idle() ||
        !SeriesCounters::Of(FiguresOf(host, 1)).idle()) {
      active_[kept++] = h;
      continue;
    }
    is_active_[h] = false;
    quiet_[groups_.unit(h)].AddHost(host, 1);
  }
  active_.resize(kept);
}

}  // namespace portlab::sim
