// TableRow: one socket as `portlab table` shows and filters it: the host's
// SocketRow (stack/host.h) with what a reader of `ss` or `netstat` looks
// for beside it: the state as ss numbers it, the family, whether the socket
// was accepted from a listener, whether a service listens on its local port,
// and the program that holds it.
//
// Example:
//   std::vector<TableRow> rows = TableRows(host, labels);  // labels: Simulation::SocketLabels
//   for (const TableRow& r : rows) ... SsStateName(r.state), ProcessText(r) ...
//
// The Process column (iproute2 `ss -p`, "users:"; net-tools `netstat -p`,
// "PID/Program name") has no process in portlab: it shows what the scenario
// calls the socket's program: the `as:` label of the step that made it (for
// a connection a listener accepted, the listener's label) with the
// application it runs (`app:`) in parentheses, "web (respond 512)"; either
// alone where the other is missing; else "-". A TIME-WAIT socket has no
// program, as in ss and netstat.
//
// Recv-Q and Send-Q: the model keeps neither a listener's accept queue and
// backlog (a handshake completes into an accepted socket at once) nor a
// socket's unread or unsent bytes (a segment's payload is counted, not
// queued), so the tables print no figure for them: the ss format leaves the
// columns out, the netstat format prints "-".
//
// Thread safety: reads the host, which must not run meanwhile.
#ifndef PORTLAB_REPORT_SOCKET_ROW_H_
#define PORTLAB_REPORT_SOCKET_ROW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/port.h"
#include "portlab/stack/host.h"

namespace portlab::report {

// Socket states numbered as iproute2's ss numbers them (misc/ss.c, SS_*;
// the kernel's TCP_* of include/net/tcp_states.h). A UDP socket is
// kEstablished when connected, else kClose ("UNCONN"); so is a TCP socket
// that is bound but neither listening nor connected (recent Linux and
// iproute2 list it only with `ss -B`, --bound-inactive; `ss -a` and
// `netstat -a` leave it out, and so does the differential test).
enum class SsState : uint8_t {
  kUnknown = 0,
  kEstablished,
  kSynSent,
  kSynRecv,
  kFinWait1,
  kFinWait2,
  kTimeWait,
  kClose,
  kCloseWait,
  kLastAck,
  kListen,
  kClosing,
};
inline constexpr int kSsStateCount = 12;

// As `ss` prints it: "ESTAB", "SYN-RECV", "UNCONN", "TIME-WAIT", ...
// (misc/ss.c sstate_name).
std::string_view SsStateName(SsState s);
// As `netstat` prints it for TCP: "ESTABLISHED", "TIME_WAIT", "CLOSE", ...
// (net-tools netstat.c tcp_state[]); UDP: "ESTABLISHED" or "" (udp_do_one).
std::string_view NetstatStateName(SsState s, net::Protocol p);

// The IANA range of a port by RFC 6335 §6's older names: "well-known"
// (System Ports, 0-1023), "registered" (User Ports, 1024-49151), "dynamic"
// (Dynamic or Private Ports, 49152-65535).
std::string_view IanaRangeLabel(net::Port p);

struct TableRow {
  stack::SocketRow socket;
  SsState state = SsState::kUnknown;
  bool v6 = false;       // AF_INET6
  bool v6only = false;   // IPV6_V6ONLY: a wildcard prints "[::]", else "*"
  bool accepted = false; // made by a listener for an arriving connection
  // Some socket of this host listens on the local port (a TCP LISTEN, or a
  // UDP socket bound by bind() and not connected): a service's port.
  bool service_port = false;
  std::string application;  // AppDescription of the socket's `app:`; "" for none
  std::string label;        // the `as:` label of its step, or its listener's; "" for none
};

// What the Process column shows: "label (application)", either alone, or "-".
std::string ProcessText(const TableRow& row);

// Rows of `host`'s socket table, in its order. `labels` names sockets by
// their `as:` label (Simulation::SocketLabels); a socket not named there
// and not accepted from a named listener has no label.
std::vector<TableRow> TableRows(
    const stack::Host& host,
    const std::vector<std::pair<stack::SocketId, std::string_view>>& labels);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SOCKET_ROW_H_
