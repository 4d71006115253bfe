#include "portlab/sim/headroom.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "portlab/sim/port_capacity.h"
#include "portlab/sim/simulation.h"
#include "portlab/stack/time_wait_rules.h"

namespace portlab::sim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kCenturySeconds = 100.0 * 365 * 24 * 3600;

// Pools in the order the header promises: hosts, then NATs, each in
// scenario order, then kind, source, destination, protocol.
using PoolKey = std::tuple<int, size_t, int, std::string, std::string, int>;

// One client's draw on the pools: a step's burst or a workload's rate
// toward one destination.
struct Draw {
  stack::Host* host = nullptr;
  size_t host_index = 0;
  net::IpAddress source;
  net::Endpoint destination;
  net::Protocol protocol = net::Protocol::kTcp;
  bool binds_first = false;
  scenario::SocketOptions options;
  // A burst (a step) or a rate (a workload).
  int64_t burst = 0;
  SimTime burst_at;
  int step = -1;
  double rate = 0;
  SimTime rate_from;
  std::optional<SimTime> rate_until;
  const scenario::WorkloadSpec* workload = nullptr;
};

class Measurer {
 public:
  Measurer(const scenario::Scenario& s, Simulation& sim, SimTime at) : s_(s), sim_(sim), at_(at) {
    for (size_t i = 0; i < sim.hosts().size(); ++i) host_index_[sim.hosts()[i].get()] = i;
  }

  void AddStep(const scenario::StepSpec& step) {
    if (step.op != scenario::StepOp::kConnect || !step.to || step.at <= at_) return;
    if (step.bind && step.bind->port.value() != 0) return;  // a fixed port: no ephemeral draw
    stack::Host* host = sim_.host(step.host);
    if (!host) return;
    Draw d = Base(host, step.bind ? std::optional(step.bind->address) : std::nullopt, *step.to,
                  step.protocol, step.bind.has_value(), step.options);
    d.burst = step.count;
    d.burst_at = step.at;
    d.step = step.index;
    Add(d);
  }

  void AddWorkload(const scenario::WorkloadSpec& w) {
    if (w.stop && *w.stop <= at_) return;
    if (w.bind && w.bind->port.value() != 0) return;
    for (const std::string& name : w.from) {
      stack::Host* host = sim_.host(name);
      if (!host) continue;
      for (const net::Endpoint& to : w.to) {
        Draw d = Base(host, w.bind ? std::optional(w.bind->address) : std::nullopt, to, w.protocol,
                      w.bind.has_value(), w.options);
        d.workload = &w;
        const double per_destination = 1.0 / static_cast<double>(w.to.size());
        if (w.pool > 0 || w.limit > 0) {
          // A pool holds its connections; a count makes only so many.
          d.burst = static_cast<int64_t>(
              std::ceil(static_cast<double>(w.pool > 0 ? w.pool : w.limit) * per_destination));
          d.burst_at = std::max(w.start, at_);
        } else {
          d.rate = std::max(w.rate, w.rate_end.value_or(w.rate)) * per_destination;
          d.rate_from = std::max(w.start, at_);
          d.rate_until = w.stop;
        }
        Add(d);
      }
    }
  }

  // Pools with places in use that nothing after `at` draws on: the hosts'
  // connected sockets, and the NATs' sessions (placed at the start, or
  // made before `at`), once per (protocol, inside address, remote).
  void AddOccupied() {
    for (size_t h = 0; h < sim_.hosts().size(); ++h) {
      stack::Host& host = *sim_.hosts()[h];
      for (const stack::SocketRow& r : host.SocketTable()) {
        if (!r.remote || !host.knobs().ip_local_port_range.Contains(r.local.port)) continue;
        Draw d = Base(&host, r.local.address, *r.remote, r.protocol, false, {});
        Add(d);
      }
    }
    for (size_t n = 0; n < sim_.nats().size(); ++n) {
      const nat::NatBox& box = *sim_.nats()[n];
      std::set<std::tuple<int, net::IpAddress, net::Endpoint>> seen;
      for (const nat::NatTableRow& r : TableOf(box)) {
        if (!r.has_remote || !seen.insert({static_cast<int>(r.protocol), r.inside.address, r.remote}).second) continue;
        Draw d;
        d.source = r.inside.address;
        d.destination = r.remote;
        d.protocol = r.protocol;
        AddNatPools(d, n);
      }
    }
  }

  Headroom Finish() {
    Headroom h;
    h.at = at_;
    for (auto& [key, pool] : pools_) {
      if (pool.rate_from == SimTime::Max()) pool.rate_from = at_;
      h.pools.push_back(std::move(pool));
    }
    for (size_t i = 0; i < h.pools.size(); ++i) {
      if (!h.binding) {
        h.binding = i;
        continue;
      }
      const HeadroomPool& a = h.pools[i];
      const HeadroomPool& b = h.pools[*h.binding];
      const SimTime never = SimTime::Max();
      if (a.room() < b.room() ||
          (a.room() == b.room() && a.exhaustion().value_or(never) < b.exhaustion().value_or(never))) {
        h.binding = i;
      }
    }
    return h;
  }

 private:
  struct Accum {
    double load = 0;  // sum of rate x occupancy
    bool unbounded = false;  // a rate without stop:
    std::optional<SimTime> until;
  };

  Draw Base(stack::Host* host, std::optional<net::IpAddress> bound, const net::Endpoint& to,
            net::Protocol protocol, bool binds_first, const scenario::SocketOptions& options) {
    Draw d;
    d.host = host;
    d.host_index = host_index_[host];
    d.destination = to;
    d.protocol = protocol;
    d.binds_first = binds_first;
    d.options = options;
    if (bound && !bound->IsUnspecified()) {
      d.source = *bound;
    } else {
      // The host's first address of the destination's family: what
      // source-address selection picks on a host with one route.
      d.source = host->addresses().front();
      for (const net::IpAddress& a : host->addresses()) {
        if (a.family() == to.address.family()) {
          d.source = a;
          break;
        }
      }
    }
    return d;
  }

  HeadroomPool& PoolFor(const PoolKey& key, PoolKind kind, std::string owner, std::string source,
                        std::string destination, net::Protocol protocol, bool* created) {
    auto [it, inserted] = pools_.try_emplace(key);
    *created = inserted;
    HeadroomPool& p = it->second;
    if (inserted) {
      p.kind = kind;
      p.owner = std::move(owner);
      p.source = std::move(source);
      p.destination = std::move(destination);
      p.protocol = protocol;
      p.rate_from = SimTime::Max();
    }
    return p;
  }

  void Draw1(HeadroomPool& p, const PoolKey& key, const Draw& d, double occupancy) {
    if (d.step >= 0) {
      if (std::find(p.steps.begin(), p.steps.end(), d.step) == p.steps.end()) p.steps.push_back(d.step);
    }
    if (d.workload && std::find(p.workloads.begin(), p.workloads.end(), d.workload->name) == p.workloads.end()) {
      p.workloads.push_back(d.workload->name);
    }
    if (d.host && std::find(p.hosts.begin(), p.hosts.end(), d.host->name()) == p.hosts.end()) {
      p.hosts.push_back(d.host->name());
    }
    if (d.burst > 0) {
      p.burst += d.burst;
      if (!p.burst_at && p.in_use - p.FreedBy(d.burst_at) + p.burst > p.capacity) p.burst_at = d.burst_at;
    }
    if (d.rate > 0) {
      Accum& a = accum_[key];
      a.load += d.rate * occupancy;
      p.rate += d.rate;
      p.occupancy_s = a.load / p.rate;
      p.rate_from = std::min(p.rate_from, d.rate_from);
      if (d.rate_until) {
        a.until = std::max(a.until.value_or(*d.rate_until), *d.rate_until);
      } else {
        a.unbounded = true;
      }
      p.rate_until = a.unbounded ? std::nullopt : a.until;
    }
  }

  void Add(const Draw& d) {
    const stack::Knobs& k = d.host->knobs();
    const bool per_destination = PerDestinationPool(k, d.protocol, d.binds_first, d.options.bind_address_no_port);
    const std::string source = d.source.ToString();
    const std::string destination = d.destination.ToString();
    const int proto = static_cast<int>(d.protocol);
    {
      const PoolKey key{0, d.host_index, 0, source, per_destination ? destination : "*", proto};
      bool created = false;
      HeadroomPool& p = PoolFor(key, PoolKind::kHostRange, d.host->name(), source,
                                per_destination ? destination : "*", d.protocol, &created);
      if (created) HostFigures(p, *d.host, d.source, per_destination ? &d.destination : nullptr, d.options);
      Draw1(p, key, d, d.workload ? HostOccupancySeconds(k, *d.workload, s_.latency) : 0);
    }
    for (size_t n = 0; n < sim_.nats().size(); ++n) AddNatPools(d, n);
  }

  // The pools of NAT `n` a draw from inside it meets (none when `d` does
  // not cross it).
  void AddNatPools(const Draw& d, size_t n) {
    const nat::NatBox& box = *sim_.nats()[n];
    if (!d.source.is_v4() || !box.InsideNetworkContains(d.source)) return;
    if (d.destination.address.is_v4() && box.InsideNetworkContains(d.destination.address)) return;
    const std::string source = d.source.ToString();
    const std::string destination = d.destination.ToString();
    const int proto = static_cast<int>(d.protocol);
    const double held = d.workload ? NatOccupancySeconds(box.config(), *d.workload, s_.latency) : 0;
    for (const NatLimit& l : LimitsOf(box)) {
      PoolKind kind = PoolKind::kNatOutside;
      std::string src = "*";
      std::string dst = l.per_destination ? destination : "*";
      if (l.kind == NatLimitKind::kSubscriberPorts) {
        kind = PoolKind::kNatSubscriber;
        src = source;
      } else if (l.kind == NatLimitKind::kDestinationSessions) {
        kind = PoolKind::kNatDestination;
      }
      const PoolKey key{1, n, static_cast<int>(kind), src, dst, proto};
      bool created = false;
      HeadroomPool& p = PoolFor(key, kind, box.name(), src, dst, d.protocol, &created);
      if (created) {
        p.capacity = l.capacity;
        p.why = l.why;
        p.in_use = NatInUse(box, kind, d.protocol, src == "*" ? nullptr : &d.source,
                            dst == "*" ? nullptr : &d.destination);
      }
      Draw1(p, key, d, held);
    }
    AddBlockDraw(d, n);
  }

  // A NAT that hands out port blocks: an inside host that connects and
  // holds none takes one (NatBox's MappingFor). The blocks every address
  // holds bound how many hosts connect at once, whatever each one's own
  // ports (nat_capacity.h, subscribers_served). Where a workload's clients
  // keep their blocks (PortBlockHoldOf, as the workload's prediction
  // reads it), each is a burst of one, when its first connection comes;
  // where blocks go back between a client's connections, each client is
  // a rate of takes, each held for its share of the time.
  // Deterministic NAT has no such pool: every inside address owns its range.
  void AddBlockDraw(const Draw& d, size_t n) {
    const nat::NatBox& box = *sim_.nats()[n];
    const nat::NatCapacity& c = box.capacity();
    if (c.block_ports == 0 || box.config().deterministic) return;
    const PoolKey key{1, n, static_cast<int>(PoolKind::kNatBlocks), "*", "*", 0};
    bool created = false;
    HeadroomPool& p = PoolFor(key, PoolKind::kNatBlocks, box.name(), "*", "*", net::Protocol::kTcp, &created);
    if (created) {
      p.capacity = c.subscribers_served;
      p.in_use = box.figures().port_blocks;
      p.why = absl::StrCat(c.blocks_per_address, " blocks of ", c.block_ports, " ports per address (",
                           c.ports_per_address, " ports) x ", c.addresses,
                           c.addresses == 1 ? " outside address" : " outside addresses", ": ", c.subscribers_served,
                           " inside hosts with a block at once");
      // The inside addresses that hold a block already.
      for (const nat::NatTableRow& r : TableOf(box)) blocked_[n].insert(r.inside.address);
    }
    if (d.burst == 0 && d.rate <= 0) return;  // only what is in use already
    if (!blocked_[n].insert(d.source).second) return;
    Draw first = d;
    if (d.rate > 0) {
      const PortBlockHold hold = BlockHoldOf(*d.workload, *d.host, n);
      if (!hold.kept && hold.takes_per_second > 0) {
        // Every destination's draw is the client's: one rate for it.
        first.rate = hold.takes_per_second;
        Draw1(p, key, first, hold.share / hold.takes_per_second);
        return;
      }
    }
    first.burst = 1;
    first.burst_at = d.burst > 0 ? d.burst_at : d.rate_from;
    first.rate = 0;
    Draw1(p, key, first, 0);
  }

  // How workload `w`'s clients behind NAT `n` hold its port blocks, `host`
  // one of them.
  PortBlockHold BlockHoldOf(const scenario::WorkloadSpec& w, const stack::Host& host, size_t n) {
    const nat::NatBox& box = *sim_.nats()[n];
    auto [it, fresh] = behind_.try_emplace({&w, n}, 0);
    if (fresh) it->second = sim_.HostsBehindNat(sim_.WorkloadClients(w.index), n);
    const double wait = RefusedConnectWaitSeconds(box.config(), host.knobs(), host.profile().initial_rto);
    return PortBlockHoldOf(w, NatOccupancySeconds(box.config(), w, s_.latency), static_cast<double>(it->second),
                           wait);
  }

  // Capacity: the usable range minus ports listeners and bound sockets
  // hold on this address (they block connect() and bind(0) alike); in use:
  // the connected sockets (TIME-WAIT included) holding a port of the range
  // toward this destination, or toward any when `to` is null.
  void HostFigures(HeadroomPool& p, const stack::Host& host, const net::IpAddress& source,
                   const net::Endpoint* to, const scenario::SocketOptions& options) {
    const HostCapacity c = HostCapacityOf(host.knobs(), options);
    std::set<uint16_t> blocked, used;
    int64_t toward = 0;
    const bool tw_reuse = to && host.knobs().tcp_timestamps &&
                          stack::TwReuseFor(host.knobs().tcp_tw_reuse, source.IsLoopback(), to->address.IsLoopback()) != 0;
    auto [cached, fresh] = socket_tables_.try_emplace(&host);
    if (fresh) cached->second = host.SocketTable();
    for (const stack::SocketRow& r : cached->second) {
      if (r.protocol != p.protocol || !c.range.Contains(r.local.port)) continue;
      if (r.local.address != source && !r.local.address.IsUnspecified()) continue;
      if (!r.remote) {
        if (!host.knobs().Reserved(r.local.port.value())) blocked.insert(r.local.port.value());
        continue;
      }
      const bool counted = to ? *r.remote == *to : used.count(r.local.port.value()) == 0;
      if (to && counted) ++toward;
      used.insert(r.local.port.value());
      // A TIME-WAIT entry frees its port when its timer ends, or, where
      // connect() may take it over (tcp_tw_reuse, timestamps on:
      // tcp_twsk_unique), once it is older than tcp_tw_reuse_delay.
      if (counted && r.state == "TIME-WAIT") {
        SimTime free_at = sim_.now() + r.timer_left;
        if (to && tw_reuse) {
          // time_after32 on milliseconds: a millisecond past the delay.
          const SimTime reusable = SimTime::FromNanos(free_at.nanos() - host.knobs().time_wait.nanos()) +
                                   host.knobs().tcp_tw_reuse_delay + Duration::Millis(1);
          free_at = std::min(free_at, std::max(sim_.now(), reusable));
        }
        p.releases.push_back(free_at);
      }
    }
    std::sort(p.releases.begin(), p.releases.end());
    p.capacity = c.usable - static_cast<int64_t>(blocked.size());
    p.in_use = to ? toward : static_cast<int64_t>(used.size());
    p.why = absl::StrCat(c.usable, " ports (", c.range.lo.value(), "-", c.range.hi.value(), ")");
    if (c.reserved > 0) absl::StrAppend(&p.why, " minus ", c.reserved, " reserved");
    if (!blocked.empty()) absl::StrAppend(&p.why, ", ", blocked.size(), " held by bound or listening sockets");
    if (!to) absl::StrAppend(&p.why, ", one pool for every destination");
  }

  // One copy of each NAT's table, however many pools read it.
  const std::vector<nat::NatTableRow>& TableOf(const nat::NatBox& box) {
    auto [cached, fresh] = nat_tables_.try_emplace(&box);
    if (fresh) cached->second = box.Table(sim_.now());
    return cached->second;
  }

  int64_t NatInUse(const nat::NatBox& box, PoolKind kind, net::Protocol protocol, const net::IpAddress* inside,
                   const net::Endpoint* remote) {
    std::set<net::Endpoint> outside;
    int64_t sessions = 0;
    for (const nat::NatTableRow& r : TableOf(box)) {
      if (r.protocol != protocol || !r.has_remote) continue;
      if (inside && r.inside.address != *inside) continue;
      if (remote && r.remote != *remote) continue;
      ++sessions;
      outside.insert(r.outside);
    }
    // Outside ports shared by every destination count distinct ports.
    if (kind == PoolKind::kNatOutside && !remote) return static_cast<int64_t>(outside.size());
    return sessions;
  }

  const scenario::Scenario& s_;
  Simulation& sim_;
  SimTime at_;
  std::map<const stack::Host*, size_t> host_index_;
  std::map<PoolKey, HeadroomPool> pools_;
  std::map<PoolKey, Accum> accum_;
  std::map<const nat::NatBox*, std::vector<nat::NatTableRow>> nat_tables_;
  std::map<const stack::Host*, std::vector<stack::SocketRow>> socket_tables_;
  // Per NAT with blocks: the inside addresses that hold one or have been
  // counted drawing one.
  std::map<size_t, std::set<net::IpAddress>> blocked_;
  // (workload, NAT) -> the workload's clients behind the NAT.
  std::map<std::pair<const scenario::WorkloadSpec*, size_t>, int64_t> behind_;
  // Each NAT's limits, worked out at its first draw: NatLimitsOf names the
  // outside addresses, too dear to repeat for every draw through it.
  std::map<const nat::NatBox*, std::vector<NatLimit>> nat_limits_;

  const std::vector<NatLimit>& LimitsOf(const nat::NatBox& box) {
    auto [it, fresh] = nat_limits_.try_emplace(&box);
    if (fresh) it->second = NatLimitsOf(box);
    return it->second;
  }
};

}  // namespace

std::string_view PoolKindName(PoolKind k) {
  switch (k) {
    case PoolKind::kHostRange:
      return "host range";
    case PoolKind::kNatSubscriber:
      return "NAT ports per VM";
    case PoolKind::kNatDestination:
      return "NAT sessions per destination";
    case PoolKind::kNatOutside:
      return "NAT outside ports";
    case PoolKind::kNatBlocks:
      return "NAT port blocks";
  }
  return "?";
}

double HeadroomPool::sustainable_rate() const {
  return occupancy_s > 0 ? static_cast<double>(capacity) / occupancy_s : kInfinity;
}

double HeadroomPool::needed() const {
  // The most places in use at once: the new connections' grow for as long
  // as one is held (or until the rate stops), while the entries in use now
  // that free themselves (`releases`) leave; just before each such release,
  // and at the end of that span, is where the most are held.
  const double span = DrawSpanSeconds();
  const SimTime burst_time = burst_at.value_or(rate_from);
  const SimTime end = rate_from + Duration::Nanos(static_cast<int64_t>(span * 1e9));
  // Held at `t` (the releases at `t` not yet gone unless `after`).
  auto held = [&](SimTime t, bool after) {
    const auto gone = (after ? std::upper_bound(releases.begin(), releases.end(), t)
                             : std::lower_bound(releases.begin(), releases.end(), t)) - releases.begin();
    const double s = std::clamp((t - rate_from).seconds(), 0.0, span);
    return static_cast<double>(in_use - gone + (t >= burst_time ? burst : 0)) + rate * s;
  };
  double most = std::max(held(burst_time, true), held(std::max(end, burst_time), true));
  for (SimTime r : releases) {
    if (r > burst_time && r <= end) most = std::max(most, held(r, false));
  }
  return most;
}

double HeadroomPool::DrawSpanSeconds() const {
  // At most a century, as exhaustion() looks (its nanoseconds fit an int64).
  double span = std::min(occupancy_s, kCenturySeconds);
  if (rate_until) span = std::min(span, std::max(0.0, (*rate_until - rate_from).seconds()));
  return std::max(0.0, span);
}

double HeadroomPool::room() const {
  const double n = needed();
  return n > 0 ? static_cast<double>(capacity) / n : kInfinity;
}

int64_t HeadroomPool::FreedBy(SimTime t) const {
  return std::upper_bound(releases.begin(), releases.end(), t) - releases.begin();
}

int64_t HeadroomPool::burst_failures() const {
  const int64_t freed = burst_at ? FreedBy(*burst_at) : 0;
  return std::max<int64_t>(0, in_use - freed + burst - capacity);
}

std::optional<SimTime> HeadroomPool::exhaustion() const {
  if (burst_failures() > 0 && burst_at) return burst_at;
  if (rate <= 0 || occupancy_s <= 0 || needed() <= static_cast<double>(capacity)) return std::nullopt;
  double free = static_cast<double>(std::max<int64_t>(0, capacity - in_use - burst));
  // Past a century from the start it never comes (and the nanoseconds
  // would not fit an int64).
  auto at = [&]() -> std::optional<SimTime> {
    if (free / rate > kCenturySeconds) return std::nullopt;
    return rate_from + Duration::Nanos(static_cast<int64_t>(free / rate * 1e9));
  };
  std::optional<SimTime> when = at();
  // Each port that frees itself before then is one more the rate may take.
  for (SimTime r : releases) {
    if (!when || r >= *when) break;
    free += 1;
    when = at();
  }
  if (!when) return std::nullopt;
  const SimTime t = *when;
  if (rate_until && t >= *rate_until) return std::nullopt;
  // Past one hold the first new connections leave as fast as new ones come.
  if ((t - rate_from).seconds() > occupancy_s) return std::nullopt;
  return t;
}

bool RanOutOfPorts(const Result& result) {
  for (const FailureGroup& g : result.failure_groups)
    if (g.errno_name == "EADDRNOTAVAIL" || g.errno_name == "EAGAIN") return true;
  for (const nat::NatFigures& n : result.nats) {
    for (nat::DropReason r : {nat::DropReason::kExhausted, nat::DropReason::kSubscriberLimit,
                              nat::DropReason::kDestinationLimit, nat::DropReason::kSessionLimit}) {
      if (n.drops[r] > 0) return true;
    }
  }
  return false;
}

bool HeadroomShown(const Result& result) {
  const std::optional<Headroom>& h = result.headroom.measured;
  if (!h) return false;
  if (h->binding && h->pools[*h->binding].room() <= kShownRoom) return true;
  return RanOutOfPorts(result);
}

std::optional<std::string> HeadroomTooLarge(const scenario::Scenario& scenario) {
  int64_t draws = static_cast<int64_t>(scenario.steps.size());
  for (const scenario::WorkloadSpec& w : scenario.workloads)
    draws += static_cast<int64_t>(w.from.size() * w.to.size());
  for (const scenario::NatSpec& n : scenario.nats) draws += static_cast<int64_t>(n.sessions.size());
  const int64_t hosts = static_cast<int64_t>(scenario.hosts.size());
  if (draws <= kMaxRunHeadroomDraws && hosts <= kMaxRunHeadroomDraws) return std::nullopt;
  return absl::StrCat(hosts, " hosts and ", draws,
                      " draws (steps, clients x destinations) are more than a run measures (",
                      kMaxRunHeadroomDraws, "); portlab headroom measures them");
}

bool SamePool(const HeadroomPool& a, const HeadroomPool& b) {
  return a.kind == b.kind && a.owner == b.owner && a.source == b.source && a.destination == b.destination &&
         a.protocol == b.protocol;
}

absl::StatusOr<Headroom> MeasureHeadroom(const scenario::Scenario& scenario, uint64_t seed, SimTime at) {
  absl::StatusOr<std::unique_ptr<Simulation>> sim = Simulation::Build(scenario, seed, nullptr);
  if (!sim.ok()) return sim.status();
  (*sim)->Run(at);
  return MeasureHeadroomOf(scenario, **sim, at);
}

Headroom MeasureHeadroomOf(const scenario::Scenario& scenario, Simulation& sim, SimTime at) {
  Measurer m(scenario, sim, at);
  for (const scenario::StepSpec& step : scenario.steps) m.AddStep(step);
  for (const scenario::WorkloadSpec& w : scenario.workloads) m.AddWorkload(w);
  m.AddOccupied();
  return m.Finish();
}

}  // namespace portlab::sim
