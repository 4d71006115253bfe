// TraceFilter: which events of a run's trace to show, so a run of
// thousands of events can be read (`portlab run --trace-filter`, and the
// report's event list).
//
// Grammar: terms separated by spaces; a term is KEY=VALUE[,VALUE...];
// every term must hold, and a term holds when any of its values does.
//
//   host=NAME       the event happened on host (or NAT) NAME
//   port=N | N-M    one of the event's ports (either end, before or after
//                   a NAT's rewrite) is N, or within N..M
//   addr=ADDRESS    one of the event's addresses is ADDRESS
//   proto=tcp|udp|icmp
//                   the segment's protocol (an ICMP error is icmp, not the
//                   protocol of the datagram it quotes); a call's protocol
//   kind=KIND       the trace's kind column: mux, demux, drop, fw, done,
//                   state, timer, timewait, nat, nat-drop, nat-map,
//                   nat-probe; a call's name (bind, listen, connect, send,
//                   close, abort, set) or `call` for every call; `segment`
//                   for mux, demux, drop, fw, nat and nat-drop
//
// Example:
//   absl::StatusOr<TraceFilter> f = TraceFilter::Parse("host=client port=80 kind=demux,mux");
//   if (f.ok() && f->Matches(event)) ...
//
// Parse errors are InvalidArgument naming the bad term ("'prot=tcp':
// unknown key 'prot' (host, port, addr, proto, kind)"). An empty text
// matches everything. Matches is a pure function of the event.
#ifndef PORTLAB_REPORT_TRACE_FILTER_H_
#define PORTLAB_REPORT_TRACE_FILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/net/ip_address.h"
#include "portlab/trace/trace_event.h"

namespace portlab::report {

class TraceFilter {
 public:
  static absl::StatusOr<TraceFilter> Parse(std::string_view text);

  bool Matches(const trace::TraceEvent& event) const;
  bool empty() const { return terms_.empty(); }

 private:
  enum class Key : uint8_t { kHost, kPort, kAddr, kProto, kKind };
  struct Range {
    uint16_t low, high;
  };
  struct Term {
    Key key;
    std::vector<std::string> words;  // host, proto, kind
    std::vector<Range> ports;
    std::vector<net::IpAddress> addresses;
  };
  bool Holds(const Term& term, const trace::TraceEvent& event) const;

  std::vector<Term> terms_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_TRACE_FILTER_H_
