// The NAT boxes of a Simulation: building them from `nats:`, routing inside
// hosts' segments through them, delivering what arrives at their outside
// addresses, and running their timers (docs/ARCHITECTURE.md,
// "The NAT box").
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"
#include "portlab/nat/nat_profiles.h"
#include "portlab/scenario/model_checks.h"
#include "portlab/scenario/workload_peak.h"
#include "portlab/sim/simulation.h"
#include "sim/internal/placed_sessions.h"
#include "sim/internal/step_runner.h"

namespace portlab::sim {
namespace {

absl::Status At(const scenario::SourceLocation& where, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where.ToString(), ": ", AV(message)));
}

}  // namespace

absl::Status Simulation::BuildNats() {
  // CheckModel found every profile, knob and outside address good, each
  // host inside one NAT at most, and each box one NatBox makes.
  inside_of_.assign(hosts_.size(), -1);
  for (const scenario::NatSpec& spec : scenario_.nats) {
    const uint32_t index = static_cast<uint32_t>(nats_.size());
    for (const net::IpAddress& a : spec.outside) {
      const net::AddrId id = pool_.Intern(a);
      if (id >= routes_.size()) routes_.resize(id + 1, kNoRoute);
      routes_[id] = kNatRoute | index;
    }
    absl::StatusOr<std::unique_ptr<nat::NatBox>> made =
        nat::NatBox::Create(scenario::NatBoxSpecOf(spec, scenario::HostsInside(scenario_, spec)), pool_,
                            DeriveSeed(seed_, absl::StrCat("nat:", spec.name)), trace_);
    if (!made.ok()) return At(spec.location, SV(made.status().message()));
    if (absl::Status st = PlaceNatSessions(spec, **made); !st.ok()) return st;
    for (uint32_t h = 0; h < hosts_.size(); ++h) {
      for (const net::IpAddress& a : hosts_[h]->addresses()) {
        if ((*made)->InsideNetworkContains(a)) inside_of_[h] = static_cast<int32_t>(index);
      }
    }
    nats_.push_back(std::move(*made));
    nat_deadlines_.push_back(SimTime::Max().nanos());
    NatTouched(index);  // placed sessions already have their deadlines
  }
  ReserveNatTables();
  return absl::OkStatus();
}

void Simulation::ReserveNatTables() {
  // Each NAT's tables sized up front for the connections its inside hosts
  // keep at their peak (the memory estimate's count: workloads' peaks,
  // connect steps' counts): grown by doubling, the session and mapping
  // indexes of a 10^6-mapping NAT were rehashed at every power of two and
  // their memory zeroed about twice. Small NATs grow as they go.
  constexpr double kReserveFrom = 1 << 16;
  constexpr double kReserveAtMost = 1 << 23;
  std::vector<double> peak(nats_.size(), 0);
  auto add = [&](uint32_t host, double connections) {
    if (inside_of_[host] >= 0) peak[inside_of_[host]] += connections;
  };
  for (const scenario::WorkloadSpec& w : scenario_.workloads) {
    const double per_client = scenario::PeakConnectionsPerClient(w);
    for (const uint32_t h : clients_[w.index]) add(h, per_client);
  }
  for (const scenario::StepSpec& step : scenario_.steps) {
    if (step.op != scenario::StepOp::kConnect) continue;
    if (auto it = host_index_.find(step.host); it != host_index_.end()) add(it->second, static_cast<double>(step.count));
  }
  for (size_t n = 0; n < nats_.size(); ++n) {
    if (peak[n] >= kReserveFrom) nats_[n]->Reserve(static_cast<size_t>(std::min(peak[n], kReserveAtMost)));
  }
}

bool Simulation::RouteThroughNat(uint32_t from, const net::Segment& seg) {
  const uint32_t to = RouteTo(seg.dst);
  const bool to_host = to != kNoRoute && !(to & kNatRoute);
  const int32_t n = inside_of_[from];
  if (n < 0) {
    // Private addresses behind a NAT are not routed from outside it.
    if (to_host && inside_of_[to] >= 0) {
      TraceNoRoute(hosts_[from]->name(), seg, "no route (behind a NAT)");
      return true;
    }
    return false;
  }
  nat::NatBox& box = *nats_[n];
  if (box.InsideNetworkContains(pool_.Get(seg.dst))) return false;  // stays inside
  Tap(seg, {trace::InterfaceKind::kNatInside, trace::Direction::kIn, static_cast<uint32_t>(n)});
  nat::NatResult r = box.Outbound(seg, now_);
  NatTouched(static_cast<uint32_t>(n));
  if (r.has_reply) {
    Tap(r.reply, {trace::InterfaceKind::kNatInside, trace::Direction::kOut, static_cast<uint32_t>(n)});
    DeliverAfterLatency(from, r.reply);
  }
  switch (r.action) {
    case nat::NatResult::Action::kToOutside:
      SendFromNat(n, r.segment);
      break;
    case nat::NatResult::Action::kToInside: {
      const uint32_t host = RouteTo(r.segment.dst);
      if (host != kNoRoute && !(host & kNatRoute)) {
        Tap(r.segment, {trace::InterfaceKind::kNatInside, trace::Direction::kOut, static_cast<uint32_t>(n)});
        DeliverAfterLatency(host, r.segment);
      } else {
        TraceNoRoute(box.name(), r.segment, "no route");
      }
      break;
    }
    case nat::NatResult::Action::kDrop:
      break;
  }
  return true;
}

void Simulation::SendFromNat(uint32_t nat, const net::Segment& seg) {
  const uint32_t to = RouteTo(seg.dst);
  if (to == kNoRoute || (!(to & kNatRoute) && inside_of_[to] >= 0)) {
    TraceNoRoute(nats_[nat]->name(), seg, to == kNoRoute ? "no route" : "no route (behind a NAT)");
    return;
  }
  Tap(seg, {trace::InterfaceKind::kNatOutside, trace::Direction::kOut, nat});
  DeliverAfterLatency(to, seg);
}

void Simulation::NatArrive(uint32_t nat, const net::Segment& seg) {
  Tap(seg, {trace::InterfaceKind::kNatOutside, trace::Direction::kIn, nat});
  nat::NatResult r = nats_[nat]->Inbound(seg, now_);
  NatTouched(nat);
  if (r.has_reply) SendFromNat(nat, r.reply);
  if (r.action != nat::NatResult::Action::kToInside) return;
  const uint32_t host = RouteTo(r.segment.dst);
  if (host == kNoRoute || (host & kNatRoute)) {
    TraceNoRoute(nats_[nat]->name(), r.segment, "no route");
    return;
  }
  // The NAT is at the inside host's end of the link: no second latency.
  Tap(r.segment, {trace::InterfaceKind::kNatInside, trace::Direction::kOut, nat});
  if (packets_) TapArrivalSlow(host, r.segment);
  hosts_[host]->Receive(r.segment);
}

void Simulation::TapSentSlow(uint32_t host, const net::Segment& seg) {
  // To itself (its own address, a loopback one): through lo.
  const bool lo = RouteTo(seg.dst) == host || pool_.IsLoopback(seg.dst);
  TapSlow(seg, {lo ? trace::InterfaceKind::kHostLoopback : trace::InterfaceKind::kHostLink,
                trace::Direction::kOut, host});
}

void Simulation::TapArrivalSlow(uint32_t host, const net::Segment& seg) {
  // From itself (a loopback address, its own, its own broadcast's copy,
  // the host unreachable it makes when no neighbour answers): through lo.
  const bool lo = RouteTo(seg.src) == host || pool_.IsLoopback(seg.dst);
  TapSlow(seg, {lo ? trace::InterfaceKind::kHostLoopback : trace::InterfaceKind::kHostLink,
                trace::Direction::kIn, host});
}

void Simulation::TapSlow(const net::Segment& seg, trace::Vantage at) {
  trace::WirePacket p;
  p.vantage = at;
  p.kind = seg.kind;
  p.flags = seg.flags;
  p.src = pool_.Get(seg.src);
  p.dst = pool_.Get(seg.dst);
  p.sport = seg.sport;
  p.dport = seg.dport;
  p.length = seg.length;
  p.seq = seg.seq;
  p.ack = seg.ack;
  if (net::IsIcmp(seg.kind)) {
    p.inner_dst = pool_.Get(seg.inner_dst);
    p.inner_protocol = seg.inner_protocol;
  }
  packets_->OnPacket(now_, p);
}

void Simulation::DeliverAt(int64_t at_ns, uint32_t target, const net::Segment& seg) {
  queue_.PushDelivery(at_ns, target, seg);
}

void Simulation::DeliverAfterLatency(uint32_t target, const net::Segment& seg) {
  queue_.PushDelivery(now_.nanos() + scenario_.latency.nanos(), target, seg);
}

void Simulation::TraceNoRoute(std::string_view who, const net::Segment& seg, std::string_view why) {
  if (!trace_) return;
  trace::TraceEvent e;
  e.time = now_;
  e.kind = trace::TraceKind::kSegmentDropped;
  e.host = who;
  std::string label = net::SegmentLabel(seg);
  e.what = label;
  e.result = why;
  e.flow.protocol = seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
  e.flow.local = {pool_.Get(seg.src), net::Port(seg.sport)};
  e.flow.remote = {pool_.Get(seg.dst), net::Port(seg.dport)};
  trace_->OnEvent(e);
}

bool Simulation::AdvanceNextNat(SimTime until) {
  if (next_nat_ns_ > until.nanos()) return false;
  uint32_t index = 0;  // the first NAT with the earliest deadline
  while (nat_deadlines_[index] != next_nat_ns_) ++index;
  const SimTime at = SimTime::FromNanos(next_nat_ns_);
  if (now_ < at) now_ = at;
  std::vector<net::Segment> emitted;
  nats_[index]->Advance(at, &emitted);
  NatTouched(index);
  for (const net::Segment& s : emitted) SendFromNat(index, s);
  return true;
}

void Simulation::NatTouched(uint32_t n) {
  const int64_t before = nat_deadlines_[n];
  const int64_t after = nats_[n]->NextDeadline().nanos();
  if (after == before) return;
  nat_deadlines_[n] = after;
  if (after < next_nat_ns_) {
    next_nat_ns_ = after;
  } else if (before == next_nat_ns_) {
    next_nat_ns_ = *std::min_element(nat_deadlines_.begin(), nat_deadlines_.end());
  }
}

void Simulation::RunNatProbe(const scenario::StepSpec& step) {
  const auto it = std::find_if(nats_.begin(), nats_.end(), [&](const auto& n) { return n->name() == step.nat; });
  const nat::NatBox& box = **it;  // the loader checked the name
  const nat::NatBoxSpec& spec = box.spec();
  const nat::ProbeLab lab = nat::ProbeLabFor(spec.inside_network, spec.inside_prefix, spec.outside.front());
  NatProbeResult r;
  r.step = step.index;
  r.at = now_;
  r.nat = box.name();
  r.client = net::Endpoint{lab.client, net::Port(lab.client_port)}.ToString();
  absl::StatusOr<nat::ProbeReport> report =
      nat::ProbeNat(box.config(), DeriveSeed(seed_, absl::StrCat("nat-probe:", step.index)), lab);
  StepResult& counts = steps_->result(step.index);
  ++counts.calls;
  if (report.ok()) {
    r.report = *std::move(report);
    ++counts.ok;
  } else {
    r.error = SV(report.status().message());
  }
  if (trace_) {
    std::vector<std::string> lines = {absl::StrCat("client ", r.client, ", server 192.0.2.1 and 192.0.2.2, ports 3478 and 3479")};
    for (const std::string& line : r.report.log) lines.push_back(line);
    if (r.error.empty()) {
      lines.push_back(absl::StrCat("mapping ", AV(nat::DependenceName(r.report.mapping)), ", filtering ",
                                   AV(nat::DependenceName(r.report.filtering)), ": ", r.report.classic,
                                   r.report.hairpinning ? ", hairpinning" : ", no hairpinning"));
    } else {
      lines.push_back(absl::StrCat("failed: ", r.error));
    }
    for (const std::string& line : lines) {
      trace::TraceEvent e;
      e.time = now_;
      e.kind = trace::TraceKind::kNatProbe;
      e.host = box.name();
      e.what = line;
      trace_->OnEvent(e);
    }
  }
  nat_probes_.push_back(std::move(r));
}

}  // namespace portlab::sim
