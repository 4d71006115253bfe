#include "portlab/analysis/headroom_fixes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/run/run.h"
#include "portlab/stack/knobs.h"

namespace portlab::analysis {
namespace {

using scenario::Scenario;
using scenario::WorkloadSpec;

// A fix adds at most this many addresses (AWS: 8 per NAT gateway, Azure
// NAT Gateway: 16; reference/nat.md); one that needs more is not offered.
constexpr int64_t kMaxAddedAddresses = 64;

scenario::HostSpec* FindHost(Scenario& s, std::string_view name) {
  for (scenario::HostSpec& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

scenario::NatSpec* FindNat(Scenario& s, std::string_view name) {
  for (scenario::NatSpec& n : s.nats)
    if (n.name == name) return &n;
  return nullptr;
}

WorkloadSpec* FindWorkload(Scenario& s, std::string_view name) {
  for (WorkloadSpec& w : s.workloads)
    if (w.name == name) return &w;
  return nullptr;
}

// Sets a knob by appending it after the file's own (the last write wins,
// as in the loader).
// Sets knob `name` to `value` in `settings`: in place where the knob is
// already given (under either of its names, stack::KnobIdentity, which a
// scenario may not give twice), else at the end.
void SetSetting(std::vector<scenario::SysctlSetting>& settings, std::string name, std::string value) {
  for (scenario::SysctlSetting& s : settings) {
    if (stack::KnobIdentity(s.name) == stack::KnobIdentity(name)) {
      s.value = std::move(value);
      return;
    }
  }
  settings.push_back({std::move(name), std::move(value), {}});
}

// `count` IPv4 addresses after `after` that no host or NAT uses.
std::vector<net::IpAddress> FreeAddresses(const Scenario& s, const net::IpAddress& after, int64_t count) {
  std::set<uint32_t> used;
  for (const scenario::HostSpec& h : s.hosts)
    for (const net::IpAddress& a : h.addresses)
      if (a.is_v4()) used.insert(a.v4());
  for (const scenario::NatSpec& n : s.nats)
    for (const net::IpAddress& a : n.outside)
      if (a.is_v4()) used.insert(a.v4());
  std::vector<net::IpAddress> out;
  for (uint32_t v = after.v4() + 1; static_cast<int64_t>(out.size()) < count && v != 0; ++v) {
    if (!used.contains(v)) out.push_back(net::IpAddress::V4(v));
  }
  return out;
}

std::string Rate(double r) { return std::isinf(r) ? "unbounded" : absl::StrFormat("%.1f conn/s", r); }

std::string Describe(const sim::HeadroomPool& p) {
  std::string who = p.kind == sim::PoolKind::kHostRange ? absl::StrCat("host ", p.owner) : absl::StrCat("NAT ", p.owner);
  std::string where = p.source == "*" ? "" : absl::StrCat(" ", p.source);
  std::string to = p.destination == "*" ? " (every destination)" : absl::StrCat(" -> ", p.destination);
  return absl::StrCat(who, where, to, ": ", p.why);
}

bool LinuxHost(const Scenario& s, std::string_view name) {
  for (const scenario::HostSpec& h : s.hosts)
    if (h.name == name) return absl::StartsWith(h.os, "linux");
  return false;
}

bool Draws(const sim::HeadroomPool& pool, const sim::HeadroomPool& binding) {
  for (int step : pool.steps)
    if (std::find(binding.steps.begin(), binding.steps.end(), step) != binding.steps.end()) return true;
  for (const std::string& w : pool.workloads)
    if (std::find(binding.workloads.begin(), binding.workloads.end(), w) != binding.workloads.end()) return true;
  return false;
}

// The verdict over the pools the binding pool's steps and workloads draw on.
Verdict Predict(const sim::Headroom& h, const sim::HeadroomPool& binding) {
  Verdict v;
  v.room = std::numeric_limits<double>::infinity();
  const sim::HeadroomPool* least = nullptr;
  for (const sim::HeadroomPool& p : h.pools) {
    if (!Draws(p, binding)) continue;
    if (!least || p.room() < v.room) {
      v.room = p.room();
      least = &p;
    }
    if (auto e = p.exhaustion(); e && (!v.exhaustion || *e < *v.exhaustion)) v.exhaustion = e;
    v.failures = std::max(v.failures, p.burst_failures());
  }
  if (least) v.binding = Describe(*least);
  return v;
}

Verdict Simulated(const sim::Result& r, const sim::HeadroomPool& binding,
                  const std::vector<std::string>& added_workloads = {}) {
  std::set<std::string> sources;
  for (int step : binding.steps) sources.insert(absl::StrCat("step ", step));
  for (const std::string& w : binding.workloads) sources.insert(absl::StrCat("workload ", w));
  for (const std::string& w : added_workloads) sources.insert(absl::StrCat("workload ", w));
  Verdict v;
  for (const sim::FailureGroup& g : r.failure_groups) {
    if (!sources.contains(g.source)) continue;
    if (std::find(binding.hosts.begin(), binding.hosts.end(), g.host) == binding.hosts.end()) continue;
    v.failures += g.count;
    if (!v.first_failure || g.first < *v.first_failure) v.first_failure = g.first;
  }
  return v;
}

// Workloads of the pool, in the scenario.
std::vector<WorkloadSpec*> PoolWorkloads(Scenario& s, const sim::HeadroomPool& p) {
  std::vector<WorkloadSpec*> out;
  for (const std::string& name : p.workloads)
    if (WorkloadSpec* w = FindWorkload(s, name)) out.push_back(w);
  return out;
}

void HostFixes(const Scenario& base, const sim::HeadroomPool& p, std::vector<Fix>& out) {
  const bool rate = p.rate > 0 && p.protocol == net::Protocol::kTcp;
  bool all_linux = !p.hosts.empty();
  for (const std::string& h : p.hosts) all_linux = all_linux && LinuxHost(base, h);
  // A wider ip_local_port_range (Documentation/networking/ip-sysctl.rst):
  // 1024-65535 is the widest a non-root service keeps clear of the well-
  // known ports.
  if (all_linux && p.capacity < 64512) {
    Fix f;
    f.kind = FixKind::kWiderRange;
    f.scenario = base;
    for (const std::string& h : p.hosts) SetSetting(FindHost(f.scenario, h)->sysctl, "ip_local_port_range", "1024 65535");
    f.change = absl::StrCat("hosts ", absl::StrJoin(p.hosts, ", "), ": sysctl ip_local_port_range \"1024 65535\"");
    f.formula = absl::StrFormat("capacity %d -> 65535 - 1024 + 1 = 64512 ports%s", p.capacity,
                                rate ? absl::StrFormat(": 64512 / %.6gs = %s sustainable", p.occupancy_s,
                                                       Rate(64512 / p.occupancy_s))
                                     : "");
    out.push_back(std::move(f));
  }
  Scenario s = base;
  std::vector<WorkloadSpec*> ws = PoolWorkloads(s, p);
  bool client_closes = false;
  for (WorkloadSpec* w : ws) client_closes = client_closes || w->closer == WorkloadSpec::Closer::kClient;
  // tcp_tw_reuse = 1 (net/ipv4/tcp_ipv4.c tcp_twsk_unique): a TIME-WAIT
  // older than tcp_tw_reuse_delay (1 s) is taken over by connect().
  if (all_linux && rate && client_closes) {
    Fix f;
    f.kind = FixKind::kTwReuse;
    f.scenario = base;
    for (const std::string& h : p.hosts) SetSetting(FindHost(f.scenario, h)->sysctl, "tcp_tw_reuse", "1");
    f.change = absl::StrCat("hosts ", absl::StrJoin(p.hosts, ", "), ": sysctl tcp_tw_reuse 1");
    f.formula = "occupancy = hold + 2 RTT + tcp_tw_reuse_delay (1 s) instead of TIME-WAIT";
    out.push_back(std::move(f));
  }
  // IP_BIND_ADDRESS_NO_PORT (ip(7)): bind(addr, 0) defers the port to
  // connect(), which shares it across destinations.
  if (p.destination == "*") {
    Fix f;
    f.kind = FixKind::kBindAddressNoPort;
    f.scenario = base;
    bool any = false;
    for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) {
      if (w->bind && !w->options.bind_address_no_port) any = w->options.bind_address_no_port = true;
    }
    for (int step : p.steps) {
      scenario::StepSpec& st = f.scenario.steps[step];
      if (st.bind && !st.options.bind_address_no_port) any = st.options.bind_address_no_port = true;
    }
    if (any) {
      f.change = "options: [bind_address_no_port] on the bind-before-connect calls";
      f.formula = absl::StrFormat("each destination gets its own %d ports instead of one pool for all", p.capacity);
      out.push_back(std::move(f));
    }
  }
  // The server closing first: TIME-WAIT is the active closer's (RFC 9293
  // §3.6), so the client holds its port only for the hold.
  if (rate && client_closes) {
    Fix f;
    f.kind = FixKind::kServerClosesFirst;
    f.scenario = base;
    for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) w->closer = WorkloadSpec::Closer::kServer;
    f.change = absl::StrCat("workloads ", absl::StrJoin(p.workloads, ", "), ": closer: server");
    f.formula = "occupancy = hold + 2 RTT: the TIME-WAIT moves to the server";
    out.push_back(std::move(f));
  }
}

// More destinations: each of the pool's workloads sends to its destination
// and to `extra` new addresses of the destination's server, whose listener
// on the wildcard takes them (4-tuple sharing: a pool per destination).
void MoreDestinations(const Scenario& base, const sim::HeadroomPool& p, std::vector<Fix>& out) {
  if (p.destination == "*" || p.rate <= 0 || p.workloads.empty()) return;
  const double needed = p.needed();
  const double wanted = std::ceil(needed / std::max<double>(1, static_cast<double>(p.capacity))) + 1;
  if (!(wanted <= static_cast<double>(kMaxAddedAddresses + 1))) return;
  const int64_t total = std::max<int64_t>(2, static_cast<int64_t>(wanted));
  absl::StatusOr<net::Endpoint> to = net::Endpoint::Parse(p.destination);
  if (!to.ok() || !to->address.is_v4()) return;
  Fix f;
    f.kind = FixKind::kMoreDestinations;
  f.scenario = base;
  scenario::HostSpec* server = nullptr;
  for (scenario::HostSpec& h : f.scenario.hosts)
    for (const net::IpAddress& a : h.addresses)
      if (a == to->address) server = &h;
  if (!server) return;
  bool wildcard = false;
  for (const scenario::StepSpec& st : f.scenario.steps) {
    wildcard = wildcard || (st.host == server->name && st.op == scenario::StepOp::kListen &&
                            st.port == to->port && (!st.address || st.address->IsUnspecified()));
  }
  if (!wildcard) return;
  std::vector<net::IpAddress> added = FreeAddresses(f.scenario, to->address, total - 1);
  std::vector<std::string> names;
  for (const net::IpAddress& a : added) {
    server->addresses.push_back(a);
    server->prefixes.push_back(32);
    names.push_back(a.ToString());
  }
  for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) {
    for (const net::IpAddress& a : added) w->to.push_back(net::Endpoint{a, to->port});
  }
  f.change = absl::StrCat("host ", server->name, ": addresses ", absl::StrJoin(names, ", "), " added; workloads ",
                          absl::StrJoin(p.workloads, ", "), " send to them too");
  f.formula = absl::StrFormat("rate per destination = %s / %d = %s", Rate(p.rate), total, Rate(p.rate / total));
  out.push_back(std::move(f));
}

// More source addresses: the pool's client host gets addresses beside its
// own, and each of its workloads is split into one per address, bound to it
// with IP_BIND_ADDRESS_NO_PORT (ip(7); the port still chosen by connect(),
// per destination), each at its share of the rate. Linux draws a port per
// (source, destination) (net/ipv4/inet_hashtables.c __inet_hash_connect),
// so K addresses give K times the ports toward each destination; the ports
// in use stay on the first, so K is the least that fits its in use and its
// share in 80 % of its capacity. Assumed: the application spreads its connections over the addresses in
// turn (a workload per address here, starting together).
void MoreSourceAddresses(const Scenario& base, const sim::HeadroomPool& p, std::vector<Fix>& out) {
  if (p.rate <= 0 || p.workloads.empty() || p.hosts.size() != 1 || p.source == "*") return;
  absl::StatusOr<net::IpAddress> source = net::IpAddress::Parse(p.source);
  if (!source.ok() || !source->is_v4()) return;
  // The ports in use stay on the first address: K addresses share the rate
  // so that the first holds its ports in use and its share in 80 % of the
  // capacity.
  const double drawn = p.rate * p.occupancy_s;
  const double room = 0.8 * static_cast<double>(p.capacity) - static_cast<double>(p.in_use + p.burst);
  if (room <= 0) return;
  const double wanted = std::ceil(drawn / room);
  if (!(wanted <= static_cast<double>(kMaxAddedAddresses + 1))) return;
  const int64_t total = std::max<int64_t>(2, static_cast<int64_t>(wanted));
  Fix f;
  f.kind = FixKind::kMoreSourceAddresses;
  f.scenario = base;
  scenario::HostSpec* client = FindHost(f.scenario, p.hosts.front());
  if (!client) return;
  for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) {
    // Only a workload of this one client, not bound to a port, switched on by time.
    if (w->from.size() != 1 || w->from.front() != client->name || w->waits_for_step || w->pool > 0) return;
    if (w->bind && (w->bind->port.value() != 0 || w->bind->address != *source)) return;
  }
  size_t first_prefix = 0;
  for (size_t i = 0; i < client->addresses.size(); ++i)
    if (client->addresses[i] == *source) first_prefix = i;
  const int prefix = first_prefix < client->prefixes.size() ? client->prefixes[first_prefix] : 32;
  std::vector<net::IpAddress> added = FreeAddresses(f.scenario, *source, total - 1);
  std::vector<net::IpAddress> all = {*source};
  std::vector<std::string> names;
  for (const net::IpAddress& a : added) {
    client->addresses.push_back(a);
    client->prefixes.push_back(prefix);
    all.push_back(a);
    names.push_back(a.ToString());
  }
  const double k = static_cast<double>(all.size());
  std::vector<WorkloadSpec> copies;
  for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) {
    w->rate /= k;
    if (w->rate_end) *w->rate_end /= k;
    if (w->limit > 0) w->limit = (w->limit + static_cast<int64_t>(all.size()) - 1) / static_cast<int64_t>(all.size());
    w->options.bind_address_no_port = true;
    for (size_t i = 0; i < all.size(); ++i) {
      WorkloadSpec c = *w;
      c.bind = net::Endpoint{all[i], net::Port(0)};
      if (i == 0) {
        *w = c;  // the workload itself keeps its name, bound to the first address
        continue;
      }
      c.name = absl::StrCat(w->name, "@", all[i].ToString());
      f.added_workloads.push_back(c.name);
      copies.push_back(std::move(c));
    }
  }
  for (WorkloadSpec& c : copies) {
    c.index = static_cast<int>(f.scenario.workloads.size());
    f.scenario.workloads.push_back(std::move(c));
  }
  f.change = absl::StrCat("host ", client->name, ": addresses ", absl::StrJoin(names, ", "), " added; workloads ",
                          absl::StrJoin(p.workloads, ", "), " bind each connection to one of the ", all.size(),
                          " in turn (bind_address_no_port)");
  f.formula = absl::StrFormat(
      "addresses = %.6g/s x %.6gs held / (80 %% of %d - %d in use) -> %d, each with its own %d ports toward each "
      "destination: needed on the first = %d + %.0f / %d = %.0f",
      p.rate, p.occupancy_s, p.capacity, p.in_use + p.burst, all.size(), p.capacity, p.in_use + p.burst, drawn,
      all.size(), static_cast<double>(p.in_use + p.burst) + drawn / k);
  out.push_back(std::move(f));
}

// The mean hold of a workload's connections (scenario.h HoldSpec).
double MeanHoldSeconds(const WorkloadSpec& w) {
  switch (w.hold.kind) {
    case scenario::HoldSpec::Kind::kUniform:
      return (w.hold.low.seconds() + w.hold.high.seconds()) / 2;
    case scenario::HoldSpec::Kind::kFixed:
    case scenario::HoldSpec::Kind::kExponential:
      break;
  }
  return w.hold.low.seconds();
}

// Pooling connections: each connection carries R requests one after
// another instead of one (HTTP keep-alive, RFC 9112 §9.3; a client's
// connection pool). Modelled as: the workload's rate of new connections
// divided by R, each held R times its hold (the hold is taken as one
// request's time). What needs a place is then
//   in use + burst + rate x hold + rate x (held - hold) / R:
// the connections open stay as many, the TIME-WAITs (and a NAT's timeout
// after close) are R times fewer. R is the smallest that brings the pool
// to 80 % of its capacity (at least 2, at most 100). Assumed: a workload's
// request: and bytes: go once per connection in the model, so its
// conversation figures count connections, not requests.
void Pooling(const Scenario& base, const sim::HeadroomPool& p, std::vector<Fix>& out) {
  if (p.rate <= 0 || p.workloads.empty() || p.protocol != net::Protocol::kTcp) return;
  Scenario probe = base;
  double hold_weighted = 0, rate_sum = 0;
  for (WorkloadSpec* w : PoolWorkloads(probe, p)) {
    if (w->pool > 0 || w->protocol != net::Protocol::kTcp) return;
    hold_weighted += MeanHoldSeconds(*w) * w->rate;
    rate_sum += w->rate;
  }
  const double hold = rate_sum > 0 ? hold_weighted / rate_sum : 0;
  const double fixed = static_cast<double>(p.in_use + p.burst) + p.rate * hold;  // what pooling leaves
  const double after_close = p.rate * std::max(0.0, p.occupancy_s - hold);     // what it divides
  const double target = 0.8 * static_cast<double>(p.capacity);
  if (after_close <= 0 || fixed >= target) return;
  const int64_t r = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(after_close / (target - fixed))), 2, 100);
  Fix f;
  f.kind = FixKind::kPooling;
  f.scenario = base;
  for (WorkloadSpec* w : PoolWorkloads(f.scenario, p)) {
    w->rate /= static_cast<double>(r);
    if (w->rate_end) *w->rate_end /= static_cast<double>(r);
    if (w->limit > 0) w->limit = (w->limit + r - 1) / r;
    w->hold.low = w->hold.low * r;
    w->hold.high = w->hold.high * r;
  }
  f.change = absl::StrCat("workloads ", absl::StrJoin(p.workloads, ", "), ": ", r,
                          " requests per connection (rate / ", r, ", hold x ", r, ")");
  f.formula = absl::StrFormat(
      "new connections = %s / %d = %s; needed = %.0f in use + %.6g/s x %.6gs hold + %.6g/s x %.6gs after close / %d "
      "= %.0f of %d",
      Rate(p.rate), r, Rate(p.rate / static_cast<double>(r)), static_cast<double>(p.in_use + p.burst), p.rate, hold,
      p.rate, p.occupancy_s - hold, r, fixed + after_close / static_cast<double>(r), p.capacity);
  out.push_back(std::move(f));
}

void NatFixes(const Scenario& base, const sim::HeadroomPool& p, std::vector<Fix>& out) {
  Scenario probe = base;
  scenario::NatSpec* spec = FindNat(probe, p.owner);
  if (!spec) return;
  const int64_t needed = static_cast<int64_t>(std::ceil(p.needed()));
  if (p.kind == sim::PoolKind::kNatSubscriber) {
    // Larger blocks: the smallest power of two that holds what one VM
    // needs (Cloud NAT's min_ports_per_vm is a power of two; a CGNAT's
    // block size is the operator's choice).
    int64_t size = 1;
    while (size < needed && size < 65536) size <<= 1;
    if (size > p.capacity) {
      Fix f;
    f.kind = FixKind::kLargerPortBlocks;
      f.scenario = base;
      SetSetting(FindNat(f.scenario, p.owner)->knobs, "port_block_size", absl::StrCat(size));
      SetSetting(FindNat(f.scenario, p.owner)->knobs, "port_blocks", "1");
      f.change = absl::StrCat("NAT ", p.owner, ": port_block_size ", size, ", port_blocks 1");
      f.formula = absl::StrFormat("ports per VM %d -> %d >= %d needed", p.capacity, size, needed);
      out.push_back(std::move(f));
    }
    // Dynamic allocation (Cloud NAT's enableDynamicPortAllocation, RFC
    // 6888 §5's blocks on demand): blocks doubling up to 65536 ports.
    Fix f;
    f.kind = FixKind::kDynamicAllocation;
    f.scenario = base;
    scenario::NatSpec* n = FindNat(f.scenario, p.owner);
    SetSetting(n->knobs, "port_block_size", "32");
    SetSetting(n->knobs, "port_blocks", "12");
    SetSetting(n->knobs, "port_block_growth", "doubling");
    f.change = absl::StrCat("NAT ", p.owner, ": port_block_growth doubling from 32 ports, port_blocks 12");
    f.formula = absl::StrFormat("ports per VM %d -> up to 32 << 11 = 65536, as needed (%d)", p.capacity, needed);
    out.push_back(std::move(f));
    return;
  }
  // More outside addresses: each adds its per-address share.
  const int64_t per_address = p.capacity / static_cast<int64_t>(std::max<size_t>(1, spec->outside.size()));
  if (per_address <= 0 || spec->outside.empty() || !spec->outside.back().is_v4()) return;
  const int64_t want = std::max<int64_t>(static_cast<int64_t>(spec->outside.size()) + 1,
                                         (needed + per_address - 1) / per_address);
  if (want - static_cast<int64_t>(spec->outside.size()) > kMaxAddedAddresses) return;
  Fix f;
    f.kind = FixKind::kMoreNatAddresses;
  f.scenario = base;
  scenario::NatSpec* n = FindNat(f.scenario, p.owner);
  std::vector<net::IpAddress> added =
      FreeAddresses(f.scenario, n->outside.back(), want - static_cast<int64_t>(n->outside.size()));
  std::vector<std::string> names;
  for (const net::IpAddress& a : added) {
    n->outside.push_back(a);
    names.push_back(a.ToString());
  }
  f.change = absl::StrCat("NAT ", p.owner, ": outside addresses ", absl::StrJoin(names, ", "), " added");
  f.formula = absl::StrFormat("capacity %d x %d addresses = %d >= %d needed", per_address, n->outside.size(),
                              per_address * static_cast<int64_t>(n->outside.size()), needed);
  out.push_back(std::move(f));
}

// The fixes of h's binding pool, each predicted by measuring the changed
// scenario at h.at, those that buy room ranked: most room first, a fix
// predicted to leave failures after one that does not.
absl::StatusOr<std::vector<Fix>> PredictFixes(const Scenario& scenario, uint64_t seed, const sim::Headroom& h) {
  if (!h.binding) return std::vector<Fix>();
  const sim::HeadroomPool& binding = h.pools[*h.binding];
  const Verdict as_it_is = Predict(h, binding);
  std::vector<Fix> fixes = PlanFixes(scenario, h);
  for (Fix& f : fixes) {
    absl::StatusOr<sim::Headroom> fixed = sim::MeasureHeadroom(f.scenario, seed, h.at);
    if (!fixed.ok()) return fixed.status();
    f.predicted = Predict(*fixed, binding);
  }
  // A fix that buys no room does not apply (the server closing first when
  // the hold is too short for it to, ...).
  std::erase_if(fixes, [&](const Fix& f) { return !(f.predicted.room > as_it_is.room); });
  std::stable_sort(fixes.begin(), fixes.end(), [](const Fix& a, const Fix& b) {
    if ((a.predicted.failures == 0) != (b.predicted.failures == 0)) return a.predicted.failures == 0;
    return a.predicted.room > b.predicted.room;
  });
  return fixes;
}

}  // namespace

std::string_view FixKindName(FixKind k) {
  switch (k) {
    case FixKind::kWiderRange:
      return "wider ip_local_port_range";
    case FixKind::kTwReuse:
      return "tcp_tw_reuse=1";
    case FixKind::kBindAddressNoPort:
      return "IP_BIND_ADDRESS_NO_PORT";
    case FixKind::kServerClosesFirst:
      return "the server closes first";
    case FixKind::kMoreDestinations:
      return "more destinations";
    case FixKind::kLargerPortBlocks:
      return "larger port blocks";
    case FixKind::kDynamicAllocation:
      return "dynamic port allocation";
    case FixKind::kMoreNatAddresses:
      return "more NAT addresses";
    case FixKind::kMoreSourceAddresses:
      return "more source addresses";
    case FixKind::kPooling:
      return "pooling connections";
  }
  return "?";
}

std::vector<Fix> PlanFixes(const Scenario& scenario, const sim::Headroom& h) {
  std::vector<Fix> out;
  if (!h.binding) return out;
  const sim::HeadroomPool& p = h.pools[*h.binding];
  if (p.kind == sim::PoolKind::kHostRange) {
    HostFixes(scenario, p, out);
    MoreSourceAddresses(scenario, p, out);
  } else {
    NatFixes(scenario, p, out);
  }
  if (p.kind == sim::PoolKind::kHostRange || p.kind == sim::PoolKind::kNatDestination) MoreDestinations(scenario, p, out);
  Pooling(scenario, p, out);
  return out;
}

double EstimateConnections(const Scenario& s) {
  double n = 0;
  for (const scenario::StepSpec& st : s.steps)
    if (st.op == scenario::StepOp::kConnect) n += static_cast<double>(st.count);
  for (const WorkloadSpec& w : s.workloads) {
    const double clients = static_cast<double>(w.from.size());
    if (w.pool > 0) {
      n += static_cast<double>(w.pool) * clients;
      continue;
    }
    std::optional<SimTime> end = w.stop ? w.stop : s.until;
    double per_client = end && *end > w.start
                            ? std::max(w.rate, w.rate_end.value_or(w.rate)) * (*end - w.start).seconds()
                            : std::numeric_limits<double>::infinity();
    if (w.limit > 0) per_client = std::min(per_client, static_cast<double>(w.limit));
    n += per_client * clients;
  }
  return n;
}

absl::StatusOr<std::vector<sim::RankedFix>> RankFixesByFormula(const Scenario& scenario, uint64_t seed,
                                                               const sim::Headroom& h) {
  absl::StatusOr<std::vector<Fix>> fixes = PredictFixes(scenario, seed, h);
  if (!fixes.ok()) return fixes.status();
  std::vector<sim::RankedFix> out;
  for (const Fix& f : *fixes) {
    out.push_back({std::string(FixKindName(f.kind)), f.change, f.formula, f.predicted.binding, f.predicted.room,
                   f.predicted.exhaustion, f.predicted.failures});
  }
  return out;
}

absl::StatusOr<HeadroomReport> AnalyzeHeadroom(const Scenario& scenario, const HeadroomOptions& options) {
  HeadroomReport r;
  absl::StatusOr<sim::Headroom> h = sim::MeasureHeadroom(scenario, options.seed, options.at);
  if (!h.ok()) return h.status();
  r.headroom = *std::move(h);
  if (!r.headroom.binding) return r;
  const sim::HeadroomPool& binding = r.headroom.pools[*r.headroom.binding];
  r.predicted = Predict(r.headroom, binding);
  absl::StatusOr<std::vector<Fix>> fixes = PredictFixes(scenario, options.seed, r.headroom);
  if (!fixes.ok()) return fixes.status();
  r.fixes = *std::move(fixes);
  if (!options.check) return r;
  r.connections_per_run = EstimateConnections(scenario);
  const int runs = 1 + static_cast<int>(r.fixes.size());
  double total = r.connections_per_run;
  for (const Fix& f : r.fixes) total += EstimateConnections(f.scenario);
  if (!(total <= kMaxCheckedConnections)) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "%s: checking the fixes takes %d runs of the scenario, about %.3g connections in all, more than "
        "portlab headroom checks (%.3g); use --no-check for the predictions alone",
        scenario.file, runs, total, kMaxCheckedConnections));
  }
  run::RunOptions ro;
  ro.seed = options.seed;
  ro.memory_limit = options.memory_limit;
  if (absl::Status s = run::CheckMemoryLimit(scenario, options.memory_limit); !s.ok()) return s;
  for (const Fix& f : r.fixes) {
    if (absl::Status s = run::CheckMemoryLimit(f.scenario, options.memory_limit); !s.ok()) return s;
  }
  absl::StatusOr<sim::Result> before = run::RunScenario(scenario, ro);
  if (!before.ok()) return before.status();
  r.simulated = Simulated(*before, binding);
  r.runs = 1;
  for (Fix& f : r.fixes) {
    absl::StatusOr<sim::Result> after = run::RunScenario(f.scenario, ro);
    if (!after.ok()) return after.status();
    f.simulated = Simulated(*after, binding, f.added_workloads);
    ++r.runs;
  }
  return r;
}

}  // namespace portlab::analysis
