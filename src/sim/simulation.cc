#include "portlab/sim/simulation.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/base/known_names.h"
#include "portlab/base/strings.h"
#include "portlab/scenario/model_checks.h"
#include "portlab/stack/os_profile.h"
#include "sim/internal/firewall_rules.h"
#include "sim/internal/host_groups.h"
#include "sim/internal/lookahead.h"
#include "sim/internal/placed_sockets.h"
#include "sim/internal/scan_runner.h"
#include "sim/internal/series_recorder.h"
#include "sim/internal/step_runner.h"
#include "sim/internal/workload_runner.h"

namespace portlab::sim {
namespace {

absl::Status At(const scenario::SourceLocation& where, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where.ToString(), ": ", AV(message)));
}

// A quota refused: the scenario is valid but asks for more than portlab takes.
absl::Status TooMuchAt(const scenario::SourceLocation& where, std::string_view message) {
  return absl::ResourceExhaustedError(absl::StrCat(where.ToString(), ": ", AV(message)));
}

}  // namespace

// What one host sees of the simulation (its HostEnvironment).
class Simulation::HostLink : public stack::HostEnvironment {
 public:
  HostLink(Simulation& sim, uint32_t index) : sim_(sim), index_(index) {}
  SimTime Now() const override { return sim_.now_; }
  void Transmit(const net::Segment& seg) override { sim_.Transmit(index_, seg); }
  void PrefetchRoute(const net::Segment& seg) const override { Lookahead::Route(sim_, index_, seg); }
  void ArmTimer(SimTime at, stack::TimerKind kind, uint32_t socket, uint32_t generation) override {
    sim_.queue_.PushTimer(at.nanos(), EventType::kTimer, static_cast<uint8_t>(kind), index_,
                          {socket, generation});
  }
  void ConnectFinished(stack::SocketId s, stack::Errno result) override {
    sim_.ConnectFinished(index_, s, result);
  }
  void PeerClosed(stack::SocketId s) override { sim_.PeerClosed(index_, s); }
  void SocketError(stack::SocketId s, stack::Errno error, stack::FailureCause cause) override {
    sim_.SocketError(index_, s, error, cause);
  }
  void AnswerReceived(stack::SocketId s, Duration waited, uint32_t bytes) override {
    sim_.AnswerReceived(index_, s, waited, bytes);
  }
  void Unclaimed(const net::Segment& seg) override {
    if (sim_.scans_) sim_.scans_->Unclaimed(index_, seg);
  }
  trace::TraceSink* trace() override { return sim_.trace_; }

 private:
  Simulation& sim_;
  uint32_t index_;
};

Simulation::Simulation(const scenario::Scenario& scenario, uint64_t seed, trace::TraceSink* trace)
    : scenario_(scenario), seed_(seed), trace_(trace) {}

Simulation::~Simulation() = default;

absl::StatusOr<std::unique_ptr<Simulation>> Simulation::Build(const scenario::Scenario& scenario,
                                                              uint64_t seed, trace::TraceSink* trace) {
  // The model's checks, every error at once (the loader made them too, for
  // a scenario read from a file); what follows may count on them.
  if (absl::Status s = scenario::CheckModel(scenario); !s.ok()) return s;
  std::unique_ptr<Simulation> sim(new Simulation(scenario, seed, trace));
  if (absl::Status s = sim->BuildHosts(); !s.ok()) return s;
  sim->ResolveWorkloadClients();
  if (absl::Status s = sim->BuildNats(); !s.ok()) return s;
  if (absl::Status s = sim->CheckSteps(); !s.ok()) return s;
  sim->steps_ = std::make_unique<StepRunner>(*sim, scenario);
  // Before the workloads: a group's members may share one source.
  sim->groups_ = std::make_unique<HostGroups>(scenario);
  sim->workloads_ = std::make_unique<WorkloadRunner>(*sim, scenario, seed);
  if (absl::Status s = sim->workloads_->Check(); !s.ok()) return s;
  std::optional<Duration> interval = scenario.sample;
  if (!interval && scenario.until && scenario.until->nanos() >= 100) {
    interval = Duration::Nanos(scenario.until->nanos() / 100);
  }
  sim->series_ = std::make_unique<SeriesRecorder>(*sim->groups_, sim->hosts_.size(), sim->nats_.size(), interval);
  {
    Event e;
    e.type = EventType::kSample;
    sim->queue_.Push(e);
  }
  sim->workloads_->Schedule();
  for (const scenario::StepSpec& step : scenario.steps) {
    Event e;
    e.time_ns = step.at.nanos();
    e.type = EventType::kStep;
    e.target = static_cast<uint32_t>(step.index);
    sim->queue_.Push(e);
    if (step.op == scenario::StepOp::kScan && !sim->scans_) {
      sim->scans_ = std::make_unique<ScanRunner>(*sim, seed);
    }
  }
  return sim;
}

absl::Status Simulation::BuildHosts() {
  int64_t placed = 0;  // sockets placed by the hosts' sockets: so far
  for (const scenario::HostSpec& spec : scenario_.hosts) {
    // CheckModel found the profile and every address one host's.
    const stack::OsProfile* profile = stack::FindProfile(spec.os);
    uint32_t index = static_cast<uint32_t>(hosts_.size());
    for (const net::IpAddress& a : spec.addresses) {
      const net::AddrId id = pool_.Intern(a);
      if (id >= routes_.size()) routes_.resize(id + 1, kNoRoute);
      routes_[id] = index;
    }
    links_.push_back(std::make_unique<HostLink>(*this, index));
    auto host = std::make_unique<stack::Host>(spec.name, spec.addresses, *profile,
                                              DeriveSeed(seed_, absl::StrCat("host:", spec.name)),
                                              pool_, *links_.back());
    host->SetRoutes(spec.prefixes, spec.default_route);
    for (const scenario::SysctlSetting& s : spec.sysctl) {
      if (absl::Status st = host->SetSysctl(s.name, s.value); !st.ok()) return At(s.location, SV(st.message()));
    }
    InstallFirewall(spec, *host);
    if (absl::Status st = PlaceHostSockets(spec, *host, &placed); !st.ok()) return st;
    host_index_[spec.name] = index;
    hosts_.push_back(std::move(host));
  }
  cold_hosts_ = hosts_.size() >= Lookahead::kColdHosts;
  return absl::OkStatus();
}

void Simulation::ResolveWorkloadClients() {
  clients_.resize(scenario_.workloads.size());
  for (const scenario::WorkloadSpec& w : scenario_.workloads) {
    std::vector<uint32_t>& clients = clients_[w.index];
    clients.reserve(w.from.size());
    for (const std::string& name : w.from) {
      if (auto it = host_index_.find(name); it != host_index_.end()) clients.push_back(it->second);
    }
  }
}

absl::Status Simulation::CheckSteps() {
  // (The steps' knobs, scans and labels are the model's checks,
  // scenario::CheckModel.) Every new socket costs ~200 bytes of tables; refuse a scenario whose
  // steps together ask for more than kMaxSockets (~4 GiB) rather than run
  // out of memory part way.
  constexpr int64_t kMaxSockets = 20'000'000;
  int64_t sockets = 0;
  for (const scenario::StepSpec& step : scenario_.steps) {
    if (step.op == scenario::StepOp::kNatProbe) continue;  // on a NAT, checked by the loader
    if (step.sockets.empty() && scenario::IsSocketStep(step.op) &&
        step.op != scenario::StepOp::kClose && step.op != scenario::StepOp::kAbort) {
      sockets += step.count;
      if (sockets > kMaxSockets) {
        return TooMuchAt(step.location, absl::StrCat("the steps so far ask for ", sockets,
                                              " sockets; portlab refuses more than ", kMaxSockets,
                                              " in one scenario (huge requests are refused)"));
      }
    }
    auto h = host_index_.find(step.host);
    if (h == host_index_.end()) {
      return At(step.location, absl::StrCat("no host named \"", step.host, "\"",
                                            NearestName(step.host, scenario_.hosts)));
    }
    if (step.op == scenario::StepOp::kDnsPoison) {
      const PoisonOptions o = PoisonOptionsFor(step);
      const int64_t forgeries = ForgeriesInWindow(o.rate, o.window.nanos());
      if (forgeries > kMaxForgeries / o.trials) {
        return TooMuchAt(step.location,
                         absl::StrCat("dns-poison: ", o.trials, " trials of ", forgeries,
                                      " forged answers each is more than ", kMaxForgeries,
                                      " datagrams (huge requests are refused)"));
      }
    }
  }
  return absl::OkStatus();
}

stack::Host* Simulation::host(std::string_view name) {
  auto it = host_index_.find(std::string(name));
  return it == host_index_.end() ? nullptr : hosts_[it->second].get();
}

int64_t Simulation::HostsBehindNat(const std::vector<uint32_t>& clients, size_t nat, std::vector<bool>* seen) const {
  if (seen) seen->resize(hosts_.size());
  int64_t count = 0;
  for (const uint32_t h : clients) {
    if (inside_of_[h] != static_cast<int32_t>(nat)) continue;
    if (seen) {
      if ((*seen)[h]) continue;
      (*seen)[h] = true;
    }
    ++count;
  }
  return count;
}

void Simulation::Run(SimTime until) {
  while (!queue_.empty() && queue_.top().time_ns <= until.nanos()) {
    // NAT timers due before the next event run first, one at a time (what
    // they send may become the next event).
    if (next_nat_ns_ <= queue_.top().time_ns && AdvanceNextNat(SimTime::FromNanos(queue_.top().time_ns))) {
      continue;
    }
    Event e = queue_.Pop();
    // A sample left alone in the queue would only stretch the run: the run
    // ends at its last real event (Snapshot adds the last point there).
    if (e.type == EventType::kSample && queue_.empty()) break;
    now_ = SimTime::FromNanos(e.time_ns);
    // Hints for the events after this one (lookahead.h says which, and why
    // they are written out here).
    if (!queue_.empty() && queue_.top().type == EventType::kDeliver) {
      const Event& next = queue_.top();
      if (!(next.target & kNatRoute)) {
        hosts_[next.target]->PrefetchDemux(next.segment);
      } else {
        nats_[next.target & ~kNatRoute]->hints().Inbound(next.segment);
        Lookahead::InsideHost(*this, next, /*slot=*/true);
      }
    } else if (cold_hosts_ && !queue_.empty()) {
      Lookahead::HostOf(*this, queue_.top());
    }
    if (e.type == EventType::kDeliver) {
      const Event* ahead = queue_.PeekDelivery(Lookahead::kDeliverAhead);
      if (ahead && !(ahead->target & kNatRoute)) hosts_[ahead->target]->PrefetchDemux(ahead->segment);
      else if (ahead) nats_[ahead->target & ~kNatRoute]->hints().Inbound(ahead->segment);
      const Event* inside = queue_.PeekDelivery(Lookahead::kInsideAhead);
      if (inside && (inside->target & kNatRoute)) Lookahead::InsideHost(*this, *inside, /*slot=*/false);
    }
    switch (e.type) {
      case EventType::kStep:
        RunStep(scenario_.steps[e.target]);
        break;
      case EventType::kDeliver:
        if (e.target & kNatRoute) NatArrive(e.target & ~kNatRoute, e.segment);
        else {
          if (packets_) TapArrivalSlow(e.target, e.segment);
          hosts_[e.target]->Receive(e.segment);
        }
        break;
      case EventType::kTimer:
        hosts_[e.target]->OnTimer(static_cast<stack::TimerKind>(e.timer_kind), e.timer.socket, e.timer.generation);
        break;
      case EventType::kWorkload:
        workloads_->OnEvent(static_cast<WorkloadAction>(e.timer_kind), e.target, e.timer.socket,
                            e.timer.generation);
        break;
      case EventType::kSample:
        Sample();
        break;
      case EventType::kScan:
        scans_->OnEvent(static_cast<ScanAction>(e.timer_kind), e.target, e.timer.socket, e.timer.generation);
        break;
    }
    if (++events_ == next_progress_) {
      next_progress_ += progress_every_;
      if (progress_) progress_(now_, events_);
    }
  }
  if (until != SimTime::Max()) {
    while (next_nat_ns_ <= until.nanos() && AdvanceNextNat(until)) {
    }
  }
  if (until != SimTime::Max() && now_ < until) now_ = until;
}

void Simulation::Transmit(uint32_t from, const net::Segment& seg) {
  TapSent(from, seg);
  const uint32_t to = RouteTo(seg.dst);
  int64_t latency = scenario_.latency.nanos();
  if (to == from) {
    // To its own address: through lo, never on a link nor through a NAT.
    latency = scenario_.loopback_latency.nanos();
  } else if (to == kNoRoute) {
    TransmitUnowned(from, seg);
    return;
  } else if (!nats_.empty() && RouteThroughNat(from, seg)) {
    return;
  }
  queue_.PushDelivery(now_.nanos() + latency, to, seg);
}

void Simulation::TransmitUnowned(uint32_t from, const net::Segment& seg) {
  const net::IpAddress& dst = pool_.Get(seg.dst);
  // Loopback, which every host holds and none owns: back to the sender.
  if (dst.IsLoopback()) {
    DeliverAt(now_.nanos() + scenario_.loopback_latency.nanos(), from, seg);
    return;
  }
  const stack::RouteKind route = hosts_[from]->routes().Classify(dst);
  if (route == stack::RouteKind::kBroadcast && seg.kind == net::SegmentKind::kUdp) {
    Broadcast(from, seg);
    return;
  }
  if (!nats_.empty() && RouteThroughNat(from, seg)) return;
  if (route == stack::RouteKind::kOnLink) {
    NeighbourUnanswered(from, seg);
    return;
  }
  TraceNoRoute(hosts_[from]->name(), seg, "no route");
}

void Simulation::Broadcast(uint32_t from, const net::Segment& seg) {
  // One frame on the sender's link: every host of that link (the same side
  // of every NAT) that takes the address as a broadcast of its own gets a
  // copy, and the sender too (ip_mc_output loops a broadcast back); each
  // demultiplexes it as usual.
  const net::IpAddress& dst = pool_.Get(seg.dst);
  for (uint32_t h = 0; h < hosts_.size(); ++h) {
    if (inside_of_[h] != inside_of_[from] || !hosts_[h]->routes().AcceptsBroadcast(dst)) continue;
    const Duration d = h == from ? scenario_.loopback_latency : scenario_.latency;
    DeliverAt(now_.nanos() + d.nanos(), h, seg);
  }
}

void Simulation::NeighbourUnanswered(uint32_t from, const net::Segment& seg) {
  // Neighbour resolution (arp_tbl, nd_tbl): an INCOMPLETE entry queues what
  // is sent to it and, after mcast_solicit (3) probes retrans_time (1 s)
  // apart, fails; every queued packet is then answered with a local ICMP
  // host unreachable (arp_error_report -> icmp_send), which ends a
  // connect() in SYN-SENT with EHOSTUNREACH (tcp_v4_err). A FAILED entry
  // starts over on the next packet. Measured: tests/differential/routing_test.cc.
  const uint64_t key = (uint64_t{from} << 32) | seg.dst;
  auto [it, fresh] = neighbours_.try_emplace(key, 0);
  if (fresh || it->second <= now_.nanos()) it->second = now_.nanos() + kNeighbourTimeout.nanos();
  TraceNoRoute(hosts_[from]->name(), seg, "no neighbour answers ARP: host unreachable when it gives up");
  if (net::IsIcmp(seg.kind)) return;  // no ICMP error about an ICMP error (RFC 1122 §3.2.2)
  // The host's own ICMP, quoting the packet that found no neighbour.
  DeliverAt(it->second, from, net::IcmpErrorAbout(seg, net::SegmentKind::kIcmpHostUnreachable, seg.src));
}

void Simulation::ConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result) {
  if (workloads_->OnConnectFinished(host, socket, result)) return;
  if (scans_ && scans_->OnConnectFinished(host, socket, result)) return;
  steps_->OnConnectFinished(host, socket, result);
}

void Simulation::SocketError(uint32_t host, stack::SocketId socket, stack::Errno error,
                             stack::FailureCause cause) {
  steps_->OnSocketError(host, socket, error, cause);
}

void Simulation::PeerClosed(uint32_t host, stack::SocketId socket) {
  workloads_->OnPeerClosed(host, socket);
}

void Simulation::AnswerReceived(uint32_t host, stack::SocketId socket, Duration waited,
                                uint32_t bytes) {
  if (workloads_->OnAnswer(host, socket, waited, bytes)) return;
  steps_->OnAnswer(host, socket, waited, bytes);
}

void Simulation::Sample() {
  SimTime next = series_->Record(now_, hosts_, nats_);
  // Sampling alone never keeps a run going.
  if (queue_.empty()) return;
  Event e;
  e.time_ns = next.nanos();
  e.type = EventType::kSample;
  queue_.Push(e);
}

void Simulation::NoteFailure(uint32_t host, net::Protocol p, int source, stack::Errno e,
                             stack::FailureCause cause) {
  FailureTally& t = failures_[FailureKey{host, static_cast<int>(p), source, static_cast<int>(e), cause}];
  if (t.count == 0) t.first = now_;
  ++t.count;
  t.last = now_;
  ++failures_total_;
  if (failure_log_.size() < kLoggedFailures) {
    failure_log_.push_back(FailureRecord{now_, hosts_[host]->name(), std::string(net::ProtocolName(p)),
                                         SourceName(source), std::string(stack::ErrnoName(e)),
                                         std::string(stack::CauseName(cause))});
  }
}

std::string Simulation::SourceName(int source) const {
  if (source >= 0) return absl::StrCat("step ", source);
  return absl::StrCat("workload ", scenario_.workloads[-1 - source].name);
}

void Simulation::RunStep(const scenario::StepSpec& step) {
  if (step.op == scenario::StepOp::kNatProbe) RunNatProbe(step);
  else if (step.op == scenario::StepOp::kDnsPoison) RunDnsPoison(step);
  else if (step.op == scenario::StepOp::kScan) scans_->Start(step);
  else steps_->Run(step);
}

std::vector<std::pair<stack::SocketId, std::string_view>> Simulation::SocketLabels(uint32_t host) const {
  return steps_->Labels(host);
}

HostResult Simulation::HostResultOf(const stack::Host& h) {
  HostResult hr;
  hr.name = h.name();
  hr.tcp = h.figures(net::Protocol::kTcp);
  hr.udp = h.figures(net::Protocol::kUdp);
  if (const stack::Firewall* fw = h.firewall()) {
    hr.has_firewall = true;
    for (size_t i = 0; i < fw->size(); ++i) {
      const stack::RuleFigures& c = fw->figures(i);
      hr.firewall.push_back({std::string(stack::DirectionName(fw->rule(i).direction)),
                             stack::RuleText(fw->rule(i)), c.packets, c.bytes});
    }
    hr.policy_in = std::string(stack::VerdictName(fw->policy(stack::FwDirection::kIn)));
    hr.policy_out = std::string(stack::VerdictName(fw->policy(stack::FwDirection::kOut)));
    hr.policy_drops_in = fw->policy_drops(stack::FwDirection::kIn);
    hr.policy_drops_out = fw->policy_drops(stack::FwDirection::kOut);
  }
  return hr;
}

Result Simulation::Snapshot() const {
  Result r;
  r.scenario = scenario_.name;
  r.seed = seed_;
  r.end_time = now_;
  r.steps = steps_->results();
  // A group's result sits where its first member was; a member listed on
  // its own follows it.
  std::vector<HostResult> alone;
  for (uint32_t i = 0; i < hosts_.size(); ++i) {
    const uint32_t u = groups_->unit(i);
    if (groups_->is_group(u)) {
      if (groups_->first_host(u) == i) {
        r.hosts.emplace_back();
        r.hosts.back().name = groups_->name(u);
        r.hosts.back().members = groups_->members(u);
      }
      HostResult& g = r.hosts.back();
      const stack::ProtocolFigures& tcp = hosts_[i]->figures(net::Protocol::kTcp);
      const stack::ProtocolFigures& udp = hosts_[i]->figures(net::Protocol::kUdp);
      if (tcp.calls > 0 || udp.calls > 0) ++g.members_calling;
      AddMemberFigures(tcp, g.tcp);
      AddMemberFigures(udp, g.udp);
      if (groups_->listed_alone(i)) alone.push_back(HostResultOf(*hosts_[i]));
      const bool last = i + 1 == hosts_.size() || groups_->unit(i + 1) != u;
      if (last) {
        for (HostResult& a : alone) r.hosts.push_back(std::move(a));
        alone.clear();
      }
      continue;
    }
    r.hosts.push_back(HostResultOf(*hosts_[i]));
  }
  r.workloads = workloads_->Results(now_);
  // Charts mark a workload's prediction on its clients' series, which are
  // by group.
  for (size_t i = 0; i < r.workloads.size(); ++i) {
    std::vector<std::string>& units = r.workloads[i].client_hosts;
    uint32_t last = UINT32_MAX;
    for (const uint32_t h : clients_[i]) {
      const uint32_t u = groups_->unit(h);
      if (u != last) units.push_back(groups_->name(u));
      last = u;
    }
  }
  for (const auto& [k, t] : failures_) {
    r.failure_groups.push_back(FailureGroup{hosts_[k.host]->name(),
                                            std::string(net::ProtocolName(static_cast<net::Protocol>(k.protocol))),
                                            SourceName(k.source),
                                            std::string(stack::ErrnoName(static_cast<stack::Errno>(k.errno_value))),
                                            std::string(stack::CauseName(k.cause)), t.count, t.first, t.last});
  }
  r.failure_log = failure_log_;
  r.failures_total = failures_total_;
  r.sample_interval = series_->interval();
  r.series = series_->Finish(now_, hosts_);
  r.nat_series = series_->FinishNats(now_, nats_);
  for (const auto& n : nats_) r.nats.push_back(n->figures());
  r.nat_probes = nat_probes_;
  r.poisonings = poisonings_;
  if (scans_) r.scans = scans_->Results();
  return r;
}

}  // namespace portlab::sim
