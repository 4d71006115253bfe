// TIME-WAIT's rules: when a connection may take the 4-tuple a TIME-WAIT
// socket still holds, as Linux decides it. Pure functions of the socket,
// the knobs and the time; the Host asks them (a connect() choosing a port,
// a connect() on a bound socket, a SYN arriving for a TIME-WAIT 4-tuple)
// and TimeWaitQueue keeps the entries until they expire.
//
// Example:
//   const int reuse = TwReuseFor(knobs.tcp_tw_reuse, local_is_loopback, remote_is_loopback);
//   if (TimeWaitTakenByConnect(knobs, reuse, /*bound_socket=*/false, tw.time_wait_since, now)) ...
//
// Invariants:
//   - Without timestamps (net.ipv4.tcp_timestamps = 0) no connect() takes a
//     TIME-WAIT: tcp_twsk_unique needs them to tell the connections apart.
//   - A socket bound before connect() may take a TIME-WAIT at once; any
//     other connect() only with tcp_tw_reuse allowing it and the entry
//     older than tcp_tw_reuse_delay.
//   - A SYN ends a TIME-WAIT only when it is new by sequence number or by
//     timestamps (and a listener takes it: the Host's part).
#ifndef PORTLAB_STACK_TIME_WAIT_RULES_H_
#define PORTLAB_STACK_TIME_WAIT_RULES_H_

#include <cstdint>

#include "portlab/base/time.h"
#include "portlab/net/segment.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/socket.h"

namespace portlab::stack {

// net.ipv4.tcp_tw_reuse as it applies to a connection between these
// addresses: 2 ("loopback only") counts as 1 when either end is loopback,
// else as 0.
constexpr int TwReuseFor(int tcp_tw_reuse, bool local_loopback, bool remote_loopback) {
  if (tcp_tw_reuse == 2) return local_loopback || remote_loopback ? 1 : 0;
  return tcp_tw_reuse;
}

// Whether a connect() may take over a TIME-WAIT that entered TIME-WAIT at
// `entered_ns` (net/ipv4/tcp_ipv4.c tcp_twsk_unique): timestamps are
// needed; a socket bound before connect() (twp == NULL) may take it at
// once; otherwise `tw_reuse` (TwReuseFor) must allow it and the entry be
// older than tcp_tw_reuse_delay (time_after32 on milliseconds).
inline bool TimeWaitTakenByConnect(const Knobs& knobs, int tw_reuse, bool bound_socket,
                                   int64_t entered_ns, SimTime now) {
  if (!knobs.tcp_timestamps) return false;
  if (bound_socket) return true;
  if (!tw_reuse) return false;
  const int64_t now_ms = now.nanos() / 1000000;
  const int64_t entered_ms = entered_ns / 1000000;
  return now_ms > entered_ms + knobs.tcp_tw_reuse_delay.nanos() / 1000000;
}

// Whether a SYN arriving for TIME-WAIT socket `tw` is a new connection
// (TCP_TW_SYN) rather than an old duplicate (tcp_timewait_state_process):
// its sequence number is after RCV.NXT, or the connection used timestamps
// and the SYN carries newer ones (RFC 6191). A peer's timestamp clock only
// moves forward between its connections (Linux keys its offset by the
// address pair, tcp_ts_off), so carrying them is taken as carrying newer
// ones.
inline bool TimeWaitTakesSyn(const Socket& tw, const net::Segment& syn) {
  if (static_cast<int32_t>(syn.seq - tw.rcv_nxt) > 0) return true;
  return tw.timestamps && (syn.flags & net::kTimestamps);
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_TIME_WAIT_RULES_H_
