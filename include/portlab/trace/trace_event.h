// TraceEvent: one typed entry of the event stream a run produces.
//
// The core emits these to a TraceSink in time order; `portlab run --trace`
// prints them (report/trace_writer.h), other observers count them. The core
// never formats or prints: every field is data.
//
// Lifetime: string_view fields point into the simulation and are valid only
// during the TraceSink::OnEvent call.
#ifndef PORTLAB_TRACE_TRACE_EVENT_H_
#define PORTLAB_TRACE_TRACE_EVENT_H_

#include <cstdint>
#include <string_view>

#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"

namespace portlab::trace {

enum class TraceKind : uint8_t {
  kCall,             // a socket call and its immediate result
  kCallCompleted,    // an asynchronous call finished (connect established/failed)
  kSegmentSent,      // mux: a socket put a segment on the wire
  kSegmentReceived,  // demux: a segment found (or did not find) its socket
  kSegmentDropped,   // no route, or a firewall drop
  kStateChange,      // a TCP socket changed state (RFC 9293 names)
  kTimer,            // a timer fired (SYN retransmission, close_after, ...)
  kTimeWaitExpired,  // a TIME-WAIT entry left the tables
  kNatTranslated,    // a NAT rewrote a segment: flow before, `translated` after
  kNatDropped,       // a NAT dropped a segment; `result` is the reason
  kNatMappingCreated,
  kNatMappingExpired,
  kNatProbe,         // one line of a nat-probe step's report, in `what`
  kFirewallAccepted, // a host's firewall chain let a segment through:
                     // `result` "accepted (rule 2)" or "accepted (policy)",
                     // `state` "input" or "output". Only where the chain is
                     // active (it has a rule that could drop or reject).
};

// kSegmentReceived's `lookups`: the demux lookups tried, most specific
// first (stack/connection_table.h); the last one tried matched when
// matched_socket >= 0, and none did otherwise. 0 for a firewall's verdict.
inline constexpr uint8_t kLookupExact = 1;             // the 4-tuple table
inline constexpr uint8_t kLookupListenerAddress = 2;   // a listener on (destination address, port)
inline constexpr uint8_t kLookupListenerWildcard = 4;  // a listener on (wildcard, port)
// With kLookupExact: the 4-tuple is the one an ICMP error quotes (the
// datagram this host sent), not the ICMP message's own.
inline constexpr uint8_t kLookupQuoted = 8;

struct TraceEvent {
  SimTime time;
  TraceKind kind = TraceKind::kCall;
  std::string_view host;
  int64_t socket = -1;         // socket id on `host`, -1 for none
  net::FlowKey flow;           // local = this host's side
  std::string_view what;       // call name, segment flags ("SYN", "FIN|ACK",
                               // "UDP", "ICMP port-unreachable"), timer name
  std::string_view result;     // "ok", an errno name, or a demux rule name;
                               // kSegmentSent: kViaLoopback, kBroadcast or ""
  std::string_view state;      // new TCP state for kStateChange, else ""
  int64_t bytes = 0;           // payload length of a segment
  int64_t matched_socket = -1; // demux: the socket that received it
  net::Endpoint matched_local; // demux: the bound endpoint of that socket
  int64_t probes = 0;          // kCall: ephemeral candidates examined
                               // kNatMappingCreated: outside ports examined
  // kNatTranslated: the segment after translation (local = its source);
  // kNatMapping*: local = inside endpoint, remote = outside endpoint.
  net::FlowKey translated;
  uint8_t lookups = 0;         // kSegmentReceived: kLookup* bits, see above
};

// kSegmentSent's result for a segment to the sending host itself (a
// loopback address or its own): it goes through lo, never on a link.
inline constexpr std::string_view kViaLoopback = "lo";
// kSegmentSent's result for a UDP datagram to a broadcast address: one
// frame every host of the link receives (the sender too, through lo).
inline constexpr std::string_view kBroadcast = "broadcast";
// kSegmentSent's result for a probe a scan step crafted and sent from the
// host's raw socket, as nmap does (no socket of the stack sent it).
inline constexpr std::string_view kRawProbe = "raw";

// Receives events in time order. Implemented by writers and observers
// outside the core.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void OnEvent(const TraceEvent& event) = 0;
};

}  // namespace portlab::trace

#endif  // PORTLAB_TRACE_TRACE_EVENT_H_
