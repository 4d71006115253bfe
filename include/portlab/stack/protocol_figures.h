// ProtocolFigures: the counters a host keeps for one protocol over a run.
//
// Owned by the stack (Host::figures), gathered into the run's result
// (sim/result.h's HostResult) when the run ends. Plain data: the writers
// (report/) print every field under its C++ name.
//
// Example:
//   const stack::ProtocolFigures& f = host.figures(net::Protocol::kTcp);
//   int64_t in_time_wait = f.time_wait;
#ifndef PORTLAB_STACK_PROTOCOL_FIGURES_H_
#define PORTLAB_STACK_PROTOCOL_FIGURES_H_

#include <cstdint>
#include <map>
#include <string>

#include "portlab/stack/probe_histogram.h"

namespace portlab::stack {

// What a conversation carried (stack/app.h): payload bytes each way,
// requests sent waiting for an answer and the answers that came back with
// the time each took, and the requests applications read and answered. A
// host keeps one per protocol (ProtocolFigures::conversation); so do a
// workload and a step (sim/result.h), for their own sockets.
struct ConversationFigures {
  int64_t bytes_sent = 0;         // payload bytes sent
  int64_t bytes_received = 0;     // payload bytes received
  int64_t requests_sent = 0;      // requests sent waiting for an answer
  int64_t requests_answered = 0;  // answers that came back to them
  int64_t requests_received = 0;  // requests that reached a socket running an app
  int64_t responses_sent = 0;     // answers the apps sent
  // Request -> answer time over the answered requests, nanoseconds (0 when
  // none was answered).
  int64_t response_time_min_ns = 0;
  int64_t response_time_max_ns = 0;
  int64_t response_time_sum_ns = 0;

  // An answer came back `waited_ns` after its request.
  void NoteAnswer(int64_t waited_ns) {
    if (requests_answered == 0 || waited_ns < response_time_min_ns) response_time_min_ns = waited_ns;
    if (waited_ns > response_time_max_ns) response_time_max_ns = waited_ns;
    response_time_sum_ns += waited_ns;
    ++requests_answered;
  }
  // Rounded down; 0 when nothing was answered.
  int64_t response_time_mean_ns() const {
    return requests_answered > 0 ? response_time_sum_ns / requests_answered : 0;
  }
  // Whether anything asked or answered: what makes writers show the figures
  // (bytes alone do not, so runs without applications print as before).
  bool any() const { return requests_sent > 0 || requests_received > 0; }
};

// Figures for one protocol of one host over the run.
struct ProtocolFigures {
  int64_t calls = 0;
  int64_t connect_calls = 0;      // connect() calls, whatever made them and however they ended
  int64_t successes = 0;
  // errno name -> cause name -> count, e.g. EADDRNOTAVAIL -> "range used
  // up": the CauseName of a FailureCause (stack/failure_cause.h), made when
  // counted; a connected UDP socket's ICMP host unreachable or
  // administratively prohibited counts under net::SegmentLabel's name.
  std::map<std::string, std::map<std::string, int64_t>> failures;
  int64_t ports_in_use = 0;       // at the end
  int64_t peak_ports_in_use = 0;
  int64_t time_wait = 0;          // at the end
  int64_t peak_time_wait = 0;
  int64_t established = 0;        // at the end
  int64_t segments_sent = 0;
  int64_t segments_received = 0;
  int64_t rst_sent = 0;
  int64_t icmp_unreachable_sent = 0;
  int64_t allocations = 0;        // ephemeral ports chosen
  // Candidates the algorithm examined for those ports, so that
  // allocation_probes / allocations is the probes per allocation.
  int64_t allocation_probes = 0;
  int64_t failed_allocations = 0;        // searches that found no free port
  int64_t failed_allocation_probes = 0;  // candidates those searches examined
  // TCP: the candidates each connect() examined, per call, for every call
  // that reached the port choice or, on a bound socket, the 4-tuple check
  // (__inet_hash_connect); 0 for a bound socket. What the modelled connect()
  // latency is made of (stack/connect_latency.h). Empty for UDP.
  ProbeHistogram connect_probes;
  // demux rule name -> segments it matched ("exact", "listener-address",
  // "listener-wildcard", "none", "filtered").
  std::map<std::string, int64_t> demux;
  ConversationFigures conversation;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PROTOCOL_FIGURES_H_
