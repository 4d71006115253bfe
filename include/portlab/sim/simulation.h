// Simulation: hosts on one network, an event queue, and the scenario's
// steps, run to the end.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Simulation>> sim = Simulation::Build(scenario, 7, nullptr);
//   (*sim)->Run(SimTime::Max());
//   Result r = (*sim)->Snapshot();  // expectations: run::Evaluate (run.h does both)
//
// Every pair of hosts is joined by a link with the scenario's one-way
// latency; a segment a host sends to itself (its own address, loopback)
// comes back after the loopback latency without touching a link. A segment
// to an address no host owns is dropped (so a SYN there retransmits into
// ETIMEDOUT), unless the sender's routes put it on-link (then neighbour
// resolution fails after 3 s with ICMP host unreachable) or make it a
// broadcast (UDP: a copy to every host of the link that takes it).
// Deterministic; no I/O.
#ifndef PORTLAB_SIM_SIMULATION_H_
#define PORTLAB_SIM_SIMULATION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "portlab/nat/nat_box.h"
#include "portlab/net/address_pool.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/event_queue.h"
#include "portlab/sim/result.h"
#include "portlab/stack/host.h"
#include "portlab/trace/packet_sink.h"
#include "portlab/trace/trace_event.h"

namespace portlab::sim {

class WorkloadRunner;
class StepRunner;
class ScanRunner;
class SeriesRecorder;
class HostGroups;

class Simulation {
 public:
  // InvalidArgument "file:line:col: ..." for what the model rejects;
  // ResourceExhausted "file:line:col: ..." for a scenario asking for more
  // than portlab takes (more than 20,000,000 sockets from the steps, or
  // held by the workloads' pools, in all). `trace` may be null; not owned.
  static absl::StatusOr<std::unique_ptr<Simulation>> Build(const scenario::Scenario& scenario,
                                                           uint64_t seed, trace::TraceSink* trace);
  ~Simulation();

  // Runs events up to and including `until`.
  void Run(SimTime until);
  // Called from Run every `every_events` events (>= 1) with the simulated
  // time reached and the events run so far: a hook for a progress line.
  // The core reads no clock; the caller may. Empty: no calls.
  using ProgressHook = std::function<void(SimTime now, int64_t events)>;
  void SetProgressHook(ProgressHook hook, int64_t every_events) {
    progress_ = std::move(hook);
    progress_every_ = every_events < 1 ? 1 : every_events;
    next_progress_ = events_ + progress_every_;
  }
  // Every packet, on every interface that sees it (leaving, arriving),
  // goes to `sink` (packet_sink.h); null: none.
  void SetPacketSink(trace::PacketSink* sink) { packets_ = sink; }
  int64_t events_run() const { return events_; }
  SimTime now() const { return now_; }
  // The host of that name, or nullptr.
  stack::Host* host(std::string_view name);
  const std::vector<std::unique_ptr<stack::Host>>& hosts() const { return hosts_; }
  // The NAT boxes of `nats:`, in scenario order.
  const std::vector<std::unique_ptr<nat::NatBox>>& nats() const { return nats_; }
  // Workload `workload`'s clients (its `from:`) as indices into hosts(),
  // in order: resolved once, so a 10^6-member group is not looked up by
  // name by every reader.
  const std::vector<uint32_t>& WorkloadClients(size_t workload) const { return clients_[workload]; }
  // How many of `clients` (host indices, each once) route through
  // nats()[nat]: a workload's clients behind it. With `seen` (one mark per
  // host, kept across calls), a host already marked is not counted again.
  int64_t HostsBehindNat(const std::vector<uint32_t>& clients, size_t nat, std::vector<bool>* seen = nullptr) const;
  // Step results and host figures so far (expectations not evaluated).
  Result Snapshot() const;
  // The sockets of hosts()[host] that a step labelled with `as:`, each with
  // its label, in the order the steps made them. An id may be stale (the
  // socket is gone; Host::Get says so). For tables; not for the hot path.
  std::vector<std::pair<stack::SocketId, std::string_view>> SocketLabels(uint32_t host) const;

  // The first failures a Result lists one by one.
  static constexpr size_t kLoggedFailures = 100;

 private:
  friend class WorkloadRunner;
  friend class StepRunner;
  friend class ScanRunner;
  friend class Lookahead;  // the engine's hints (src/sim/internal/lookahead.h)
  class HostLink;
  static constexpr uint32_t kNoRoute = UINT32_MAX;
  // A route or event target with this bit set is NAT box (value & ~bit).
  static constexpr uint32_t kNatRoute = 0x80000000u;
  Simulation(const scenario::Scenario& scenario, uint64_t seed, trace::TraceSink* trace);
  absl::Status BuildHosts();
  void ResolveWorkloadClients();
  absl::Status CheckSteps();
  void RunStep(const scenario::StepSpec& step);
  void Transmit(uint32_t from, const net::Segment& seg);
  void ConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result);
  void PeerClosed(uint32_t host, stack::SocketId socket);
  void SocketError(uint32_t host, stack::SocketId socket, stack::Errno error, stack::FailureCause cause);
  // The answer to a request arrived (stack::HostEnvironment::AnswerReceived).
  void AnswerReceived(uint32_t host, stack::SocketId socket, Duration waited, uint32_t bytes);
  // Records a failed call: `source` is a step index, or -1 - workload index.
  void NoteFailure(uint32_t host, net::Protocol p, int source, stack::Errno e,
                   stack::FailureCause cause);
  void Sample();
  std::string SourceName(int source) const;
  // NAT boxes (simulation_nat.cc). A NAT sits at its inside hosts' end of
  // the link: their segments are translated as they leave, and segments to
  // its outside addresses arrive one latency later.
  absl::Status BuildNats();
  void ReserveNatTables();
  // Handles a segment from host `from` when NATs are involved (translated,
  // dropped, refused as unroutable); false when ordinary routing applies.
  bool RouteThroughNat(uint32_t from, const net::Segment& seg);
  void NatArrive(uint32_t nat, const net::Segment& seg);
  // Sends a segment from NAT `nat`'s outside side.
  void SendFromNat(uint32_t nat, const net::Segment& seg);
  void DeliverAfterLatency(uint32_t target, const net::Segment& seg);
  // Queues `seg` for `target` at `at_ns`. Out of line (simulation_nat.cc)
  // for the rare paths, so Transmit stays the one caller in its file and
  // keeps the queue's push inlined.
  void DeliverAt(int64_t at_ns, uint32_t target, const net::Segment& seg);
  // A segment to an address no host or NAT owns: loopback, a broadcast, a
  // NAT's outbound translation, an on-link neighbour nobody is, or no route.
  void TransmitUnowned(uint32_t from, const net::Segment& seg);
  void Broadcast(uint32_t from, const net::Segment& seg);
  void NeighbourUnanswered(uint32_t from, const net::Segment& seg);
  // How long neighbour resolution tries before it fails: mcast_solicit (3)
  // probes, retrans_time (1 s) apart (net/ipv4/arp.c arp_tbl,
  // net/ipv6/ndisc.c nd_tbl; measured 3.06 s, routing_test.cc).
  static constexpr Duration kNeighbourTimeout = Duration::Seconds(3);
  void TraceNoRoute(std::string_view who, const net::Segment& seg, std::string_view why);
  // Reports a packet leaving or arriving at an interface to the packet
  // sink, if any (packet_sink.h says which interfaces see what). Without a
  // sink, one test of packets_ and nothing else.
  void Tap(const net::Segment& seg, trace::Vantage at) {
    if (packets_) TapSlow(seg, at);
  }
  void TapSlow(const net::Segment& seg, trace::Vantage at);
  // A host's transmission, on its link or its lo.
  void TapSent(uint32_t host, const net::Segment& seg) {
    if (packets_) TapSentSlow(host, seg);
  }
  void TapSentSlow(uint32_t host, const net::Segment& seg);
  // A segment arriving at a host (a kDeliver, or a NAT's inbound copy).
  void TapArrivalSlow(uint32_t host, const net::Segment& seg);
  // Runs the earliest NAT timer if it is due by `until`; false when none is.
  bool AdvanceNextNat(SimTime until);
  // After a call into NAT `n` that may have moved its next deadline.
  void NatTouched(uint32_t n);
  // A nat-probe step: RFC 5780 discovery on a fresh NAT configured as the
  // named one (the scenario's NAT and its state are not touched).
  void RunNatProbe(const scenario::StepSpec& step);
  // A dns-poison step (poisoning_step.cc): the race against fresh resolvers
  // built as the step's host is (the host itself is not touched).
  void RunDnsPoison(const scenario::StepSpec& step);
  // The race's options for a dns-poison step.
  PoisonOptions PoisonOptionsFor(const scenario::StepSpec& step) const;

  static HostResult HostResultOf(const stack::Host& h);

  const scenario::Scenario& scenario_;
  uint64_t seed_;
  trace::TraceSink* trace_;
  trace::PacketSink* packets_ = nullptr;
  net::AddressPool pool_;
  std::vector<std::unique_ptr<HostLink>> links_;
  std::vector<std::unique_ptr<stack::Host>> hosts_;
  absl::flat_hash_map<std::string, uint32_t> host_index_;
  // [workload] its clients' host indices (WorkloadClients); a name no host
  // has is left out (WorkloadRunner::Check reports it).
  std::vector<std::vector<uint32_t>> clients_;
  // Address id -> the host that owns it, or kNoRoute. Ids are small and
  // dense (AddressPool), so a vector.
  std::vector<uint32_t> routes_;
  // routes_[a], or kNoRoute for an address no host or NAT owns.
  uint32_t RouteTo(net::AddrId a) const { return a < routes_.size() ? routes_[a] : kNoRoute; }
  std::vector<std::unique_ptr<nat::NatBox>> nats_;
  // Each NAT's NextDeadline() (ns) since the last call into it, and the
  // earliest of them (INT64_MAX: none): the event loop compares one number
  // rather than asking every NAT before every event.
  std::vector<int64_t> nat_deadlines_;
  int64_t next_nat_ns_ = INT64_MAX;
  // So many hosts that one an event runs on is likely out of the caches
  // (Lookahead::HostOf).
  bool cold_hosts_ = false;
  // (host << 32 | address id) -> when that host's neighbour entry for the
  // address fails (ns): packets sent before then share its failure.
  absl::flat_hash_map<uint64_t, int64_t> neighbours_;
  // Per host: the NAT whose inside network holds it, or -1.
  std::vector<int32_t> inside_of_;
  EventQueue queue_;
  SimTime now_;
  std::vector<NatProbeResult> nat_probes_;
  int64_t events_ = 0;
  ProgressHook progress_;
  int64_t progress_every_ = 1;
  int64_t next_progress_ = INT64_MAX;
  std::unique_ptr<StepRunner> steps_;
  // The scan steps' engine; null when the scenario has none.
  std::unique_ptr<ScanRunner> scans_;
  std::unique_ptr<WorkloadRunner> workloads_;
  // How hosts are reported: `quantity:` groups as one (host_groups.h).
  std::unique_ptr<HostGroups> groups_;
  std::unique_ptr<SeriesRecorder> series_;
  // (host, protocol, source, errno, cause) -> failures of that kind. Causes
  // order as their names do (stack/failure_cause.h), so the groups come out
  // ordered by cause name.
  struct FailureKey {
    uint32_t host;
    int protocol;
    int source;
    int errno_value;
    stack::FailureCause cause;
    friend auto operator<=>(const FailureKey&, const FailureKey&) = default;
  };
  struct FailureTally {
    int64_t count = 0;
    SimTime first, last;
  };
  std::map<FailureKey, FailureTally> failures_;
  std::vector<FailureRecord> failure_log_;
  int64_t failures_total_ = 0;
  // Last, off the hot fields' cache lines: what dns-poison steps found.
  std::vector<PoisonResult> poisonings_;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_SIMULATION_H_
