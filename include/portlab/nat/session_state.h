// SessionState: what a NAT has seen of one session, and how long it may
// stay idle in that state (RFC 4787 §4.3, RFC 5382 §5, RFC 7857 §2.2).
//
// A NAT sees TCP only from the middle, so its states are coarser than RFC
// 9293's: a SYN went out (transitory), the handshake completed
// (established), one side sent FIN, both did (time-wait), or an RST passed
// (closed). UDP has "unreplied" and "stream" as Linux conntrack does, and,
// where the config sets `udp_stream_delay`, Linux's "replied" between them
// (nf_conntrack_proto_udp.c: a reply seen, no packet yet after stream_ts).
//
// Example:
//   SessionState s = SessionState::kTcpSynSent;
//   s = NextState(s, kSyn | kAck, /*outbound=*/false);   // kTcpEstablished
//   Duration idle = IdleTimeout(config.timeouts, s);
#ifndef PORTLAB_NAT_SESSION_STATE_H_
#define PORTLAB_NAT_SESSION_STATE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "portlab/nat/nat_config.h"
#include "portlab/net/port.h"

namespace portlab::nat {

enum class SessionState : uint8_t {
  kUdpUnreplied,
  kUdpReplied,      // a reply seen, still the unreplied timeout (udp_stream_delay)
  kUdpStream,
  kTcpSynSent,      // SYN seen from the side that opened, no SYN|ACK yet
  kTcpEstablished,
  kTcpFinWait,      // one FIN seen
  kTcpTimeWait,     // FIN both ways
  kTcpClosed,       // RST seen
  kStatic,          // a port forwarding entry: never expires
};

// "UDP", "UDP-REPLIED", "UDP-STREAM", "SYN-SENT", "ESTABLISHED", "FIN-WAIT", "TIME-WAIT",
// "CLOSED", "STATIC".
std::string_view SessionStateName(SessionState s);

// The state a conntrack entry's name stands for (`conntrack -L`, as
// nf_conntrack_proto_tcp.c's tcp_conntrack_names prints them), or the NAT
// table's own name; any case, '-' and '_' alike. TCP: SYN_SENT, SYN_SENT2
// -> SYN-SENT; SYN_RECV (the SYN-ACK seen, which is where NextState
// establishes) and ESTABLISHED -> ESTABLISHED; FIN_WAIT, CLOSE_WAIT (one
// FIN) -> FIN-WAIT; LAST_ACK, TIME_WAIT (both FINs) -> TIME-WAIT; CLOSE,
// CLOSED -> CLOSED. UDP: UNREPLIED (conntrack's [UNREPLIED]) or UDP ->
// UDP; REPLIED, ASSURED (a reply seen) or UDP-STREAM -> UDP-STREAM;
// UDP-REPLIED -> UDP-REPLIED.
// nullopt for any other name, or one of the other protocol.
std::optional<SessionState> ParseSessionState(std::string_view name, net::Protocol p);
// The names ParseSessionState takes for `p`, for messages.
std::string_view SessionStateNames(net::Protocol p);

// The state a new session starts in for a packet with these TCP flags.
SessionState InitialState(net::Protocol p);

// The state after a packet passes. `fins` keeps which directions sent FIN
// (bit 0 the opening side, bit 1 the other); `from_opener` says whether the
// packet came from the side that opened the session. A UDP session's first
// reply makes a stream; kUdpReplied, which only NatBox enters (it depends on
// time), stays as it is.
SessionState NextState(SessionState s, uint8_t tcp_flags, bool from_opener, uint8_t* fins);

// The idle timeout of a session in state `s`; zero for kStatic (never).
Duration IdleTimeout(const NatTimeouts& t, SessionState s);

// TIME-WAIT or CLOSED: the connection is over, a new SYN may replace it.
inline bool IsFinished(SessionState s) {
  return s == SessionState::kTcpTimeWait || s == SessionState::kTcpClosed;
}

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_SESSION_STATE_H_
