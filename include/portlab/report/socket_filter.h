// SocketFilter: the filter `ss` takes after its options, over the rows of a
// socket table (socket_row.h). The words and their meaning are iproute2's
// (ss(8) "STATE-FILTER" and "EXPRESSION"; misc/ss.c main, scan_state,
// parse_hostcond and run_ssfilter; misc/ssfilter.y):
//
//   FILTER     := { state STATE | exclude STATE }* [ EXPRESSION ]
//   EXPRESSION := TERM { [and | & | && | or | | | ||] TERM }*
//   TERM       := ( EXPRESSION ) | not TERM | ! TERM
//               | dst HOST | src HOST          (optional = / == / eq before HOST)
//               | dport OP PORT | sport OP PORT
//   OP         := = == eq  != ne neq  < lt  > gt  <= le leq  >= ge geq  (or nothing: =)
//   HOST       := ADDRESS[/PREFIX][:PORT] | [IPV6][/PREFIX][:PORT] | *[:PORT]
//   PORT       := [:]NUMBER | [:]SERVICE-NAME | [:]*
//   STATE      := established syn-sent syn-recv (syn-rcv) fin-wait-1 fin-wait-2
//                 time-wait closed (close, unconnected) close-wait last-ack
//                 listening closing, or a group: all, connected (all but
//                 listening and closed), synchronized (connected but
//                 syn-sent), bucket (syn-recv, time-wait), big (all but bucket)
//
// As in ss: words are separated by blanks (one argument may hold several,
// "( sport = :80 )"); `state` and `exclude` come first, the first `state`
// keeping only the states named, the first `exclude` starting from all;
// and/or/juxtaposition combine strictly left to right with no precedence
// ("a or b and c" is "(a or b) and c"); a missing peer counts as the
// wildcard address with port 0, so `dport = :0` selects listeners. An
// IPv4 HOST also selects IPv4-mapped IPv6 sockets. Service names are
// looked up in IANA's registry (net/service_names.h); a name whose TCP and
// UDP ports differ is refused as ambiguous, as ss refuses it.
//
// Refused with InvalidArgument naming the word: what ss rejects, and what
// ss accepts but portlab has nothing to match against: `dev`, `fwmark`,
// `cgroup`, `autobound`, `unix:`/`link:`/`netlink:`/`vsock:` and
// `inet:`/`inet6:` hosts, host names.
//
// Example:
//   absl::StatusOr<SocketFilter> f =
//       SocketFilter::Parse({"state", "established", "( dport = :443 or dport = :80 )"});
//   if (f.ok() && f->Matches(row)) ...
//
// Thread safety: a parsed filter is immutable; Matches is const.
#ifndef PORTLAB_REPORT_SOCKET_FILTER_H_
#define PORTLAB_REPORT_SOCKET_FILTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/report/socket_row.h"

namespace portlab::report {

class SocketFilter {
 public:
  // The empty filter: every row.
  SocketFilter();
  SocketFilter(SocketFilter&&) noexcept;
  SocketFilter& operator=(SocketFilter&&) noexcept;
  ~SocketFilter();

  // `words` as a shell hands them over; InvalidArgument "filter: ..." says
  // which word is wrong and why.
  static absl::StatusOr<SocketFilter> Parse(const std::vector<std::string>& words);

  bool Matches(const TableRow& row) const;

  // Bit i set: SsState i passes the state filter.
  uint32_t states() const { return states_; }

  struct Node;  // the expression tree (socket_filter.cc)

 private:
  uint32_t states_;
  std::unique_ptr<Node> expression_;  // null: no expression
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SOCKET_FILTER_H_
