// RunFacts: what an exercise sheet can ask about one run, copied out of its
// event stream (trace/trace_event.h) by a FactRecorder: the connect() calls
// and the local port each got, every segment's demux decision, each NAT
// mapping's life, and every call that failed. Plus the scenario's hosts and
// NATs as the run configured them (profile, range, strategy, NAT port
// choice), which say whether a question is answerable from the sheet.
//
// Example:
//   FactRecorder recorder;
//   options.trace = &recorder;
//   run::RunScenario(scenario, options);
//   RunFacts facts = std::move(recorder).Take();
//   facts.hosts = ...;  // report::RecordRunFacts does both
//
// Ownership: plain values; the recorder copies every string it keeps (a
// TraceEvent's views die with OnEvent). Thread safety: one owner.
#ifndef PORTLAB_ANALYSIS_RUN_FACTS_H_
#define PORTLAB_ANALYSIS_RUN_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/port.h"
#include "portlab/trace/trace_event.h"

namespace portlab::analysis {

// A host as the run configured it.
struct HostFacts {
  std::string name;
  std::string os;                    // the OS profile's name
  std::string os_description;        // the profile's one-paragraph description
  net::PortRange range;              // ip_local_port_range after sysctl:
  std::string tcp_strategy;          // EphemeralStrategy name for TCP
  bool has_firewall = false;
};

// A NAT as the run configured it.
struct NatFacts {
  std::string name;
  std::string profile;
  bool port_preservation = false;
  bool sequential = false;           // port_selection: sequential
  uint16_t port_lo = 0, port_hi = 0;
};

// One connect() that got a local port (in progress, ok or failed later).
struct ConnectFact {
  SimTime time;
  std::string host;
  net::FlowKey flow;                 // local = the port it got
  bool bound_before = false;         // a bind() with a port on this socket first
  int ordinal = 1;                   // 1-based among the connect() calls (failed ones
  int of = 1;                        // too) of one host, time, protocol, destination; of them all
};

// One segment's demux decision at its receiving host.
struct DemuxFact {
  SimTime time;
  std::string host;
  net::FlowKey flow;                 // local = this host's side
  std::string what;                  // "SYN", "ACK", "UDP", ...
  std::string rule;                  // stack::DemuxRuleName
  // For "filtered" and "rejected": the firewall's decider as the trace
  // names it ("rule 1", "rule 2, tcp-reset", "policy drop"), else "".
  std::string firewall;
  net::Endpoint matched_local;       // the receiving socket's bound endpoint
  bool has_socket = false;
  // No event of this host came earlier at the same instant: its table
  // "just before" (at time - 1 ns) is exactly what demux looked at.
  bool alone_at_instant = true;
};

// One NAT mapping's life.
struct MappingFact {
  std::string nat;
  net::Protocol protocol = net::Protocol::kTcp;
  net::Endpoint inside, outside;
  SimTime created;
  std::optional<SimTime> expired;
};

// One call that failed, with the errno the modelled OS returned.
struct FailureFact {
  SimTime time;                      // when the failure was reported
  std::string host;
  std::string call;                  // "connect", "bind", "send", ...
  net::FlowKey flow;
  std::string errno_name;            // "ECONNREFUSED", ...
  std::optional<SimTime> started;    // the call, for an asynchronous failure
};

// One port a `scan` step judged, as nmap reports it.
struct ScanFact {
  SimTime at;                        // when the scan started
  int step = 0;                      // its index in steps:
  std::string scanner, target;
  std::string type;                  // "syn", "connect", "udp", "ack", "fin", ...
  std::string protocol;              // "tcp", or "udp" for a udp scan
  uint16_t port = 0;
  std::string state;                 // "open", "closed", "filtered", "unfiltered", "open|filtered"
  std::string reason;                // "syn-ack", "reset", "no-response", ...
};

struct RunFacts {
  std::string scenario_name;
  Duration latency;
  std::vector<HostFacts> hosts;      // scenario order
  std::vector<NatFacts> nats;        // scenario order
  std::vector<ConnectFact> connects; // time order
  std::vector<DemuxFact> demuxes;    // time order
  std::vector<MappingFact> mappings; // creation order
  std::vector<FailureFact> failures; // time order
  std::vector<ScanFact> scans;       // step order, then port (from the Result)
  SimTime end;                       // the last event's time

  const HostFacts* Host(std::string_view name) const;
  const NatFacts* Nat(std::string_view name) const;
};

// A TraceSink that fills RunFacts (all but hosts, nats, scans,
// scenario_name and latency, which come from the scenario and the Result). Keeps the first kMaxFactsPerKind
// facts of each kind: enough to ask about, bounded for a run of millions.
class FactRecorder final : public trace::TraceSink {
 public:
  static constexpr size_t kMaxFactsPerKind = 100000;

  void OnEvent(const trace::TraceEvent& e) override;
  // The facts recorded; the recorder is spent.
  RunFacts Take() &&;

 private:
  RunFacts facts_;
  // (host, socket) -> a bind() with a port was the socket's last call.
  std::map<std::pair<std::string, int64_t>, bool> bound_;
  // (host, socket) -> the connect() it started, for a later failure.
  std::map<std::pair<std::string, int64_t>, SimTime> started_;
  // Per host: the time of its last event, to mark demuxes alone at their instant.
  std::map<std::string, SimTime, std::less<>> last_event_;
  // (host, time, "protocol destination") -> the calls so far, to number them.
  struct SameCalls {
    int calls = 0;                   // connect() calls, failed ones too
    std::vector<size_t> facts;       // indices into connects
  };
  std::map<std::tuple<std::string, int64_t, std::string>, SameCalls> same_call_;
  // (nat, protocol, inside, outside) -> the live mapping's index in mappings.
  std::map<std::tuple<std::string, int, net::Endpoint, net::Endpoint>, size_t> open_mapping_;
};

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_RUN_FACTS_H_
