#include "portlab/nat/session_state.h"

#include <string>

#include "absl/strings/ascii.h"
#include "portlab/net/segment.h"

namespace portlab::nat {

std::string_view SessionStateName(SessionState s) {
  switch (s) {
    case SessionState::kUdpUnreplied: return "UDP";
    case SessionState::kUdpReplied: return "UDP-REPLIED";
    case SessionState::kUdpStream: return "UDP-STREAM";
    case SessionState::kTcpSynSent: return "SYN-SENT";
    case SessionState::kTcpEstablished: return "ESTABLISHED";
    case SessionState::kTcpFinWait: return "FIN-WAIT";
    case SessionState::kTcpTimeWait: return "TIME-WAIT";
    case SessionState::kTcpClosed: return "CLOSED";
    case SessionState::kStatic: return "STATIC";
  }
  return "?";
}

std::optional<SessionState> ParseSessionState(std::string_view name, net::Protocol p) {
  std::string n(name);
  for (char& c : n) c = c == '-' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c));
  if (p == net::Protocol::kUdp) {
    if (n == "UNREPLIED" || n == "UDP") return SessionState::kUdpUnreplied;
    if (n == "REPLIED" || n == "ASSURED" || n == "UDP_STREAM") return SessionState::kUdpStream;
    if (n == "UDP_REPLIED") return SessionState::kUdpReplied;
    return std::nullopt;
  }
  if (n == "SYN_SENT" || n == "SYN_SENT2") return SessionState::kTcpSynSent;
  if (n == "SYN_RECV" || n == "ESTABLISHED") return SessionState::kTcpEstablished;
  if (n == "FIN_WAIT" || n == "CLOSE_WAIT") return SessionState::kTcpFinWait;
  if (n == "LAST_ACK" || n == "TIME_WAIT") return SessionState::kTcpTimeWait;
  if (n == "CLOSE" || n == "CLOSED") return SessionState::kTcpClosed;
  return std::nullopt;
}

std::string_view SessionStateNames(net::Protocol p) {
  return p == net::Protocol::kUdp ? "UNREPLIED or REPLIED (ASSURED)"
                                  : "SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT or CLOSE";
}

SessionState InitialState(net::Protocol p) {
  return p == net::Protocol::kTcp ? SessionState::kTcpSynSent : SessionState::kUdpUnreplied;
}

SessionState NextState(SessionState s, uint8_t flags, bool from_opener, uint8_t* fins) {
  using net::kAck;
  using net::kFin;
  using net::kRst;
  using net::kSyn;
  switch (s) {
    case SessionState::kStatic:
      return s;
    case SessionState::kUdpUnreplied:
      return from_opener ? s : SessionState::kUdpStream;
    case SessionState::kUdpReplied:
    case SessionState::kUdpStream:
      return s;
    default:
      break;
  }
  if (flags & kRst) return SessionState::kTcpClosed;
  if ((flags & kSyn) && !(flags & kAck)) {
    // A new SYN on a finished session starts it again (nf_conntrack_proto_tcp
    // "SYN in TIME_WAIT": the caller decides whether that is allowed).
    if (IsFinished(s)) {
      *fins = 0;
      return SessionState::kTcpSynSent;
    }
    return s;
  }
  if (s == SessionState::kTcpSynSent && (flags & kSyn) && (flags & kAck) && !from_opener) {
    return SessionState::kTcpEstablished;
  }
  if (flags & kFin) {
    *fins |= from_opener ? 1 : 2;
    if (*fins == 3) return SessionState::kTcpTimeWait;
    if (s == SessionState::kTcpEstablished || s == SessionState::kTcpSynSent) return SessionState::kTcpFinWait;
  }
  return s;
}

Duration IdleTimeout(const NatTimeouts& t, SessionState s) {
  switch (s) {
    case SessionState::kUdpUnreplied: return t.udp;
    case SessionState::kUdpReplied: return t.udp;  // nf_conntrack_udp_packet: UDP_CT_UNREPLIED until stream_ts
    case SessionState::kUdpStream: return t.udp_stream;
    case SessionState::kTcpSynSent: return t.tcp_transitory;
    case SessionState::kTcpEstablished: return t.tcp_established;
    case SessionState::kTcpFinWait: return t.tcp_fin;
    case SessionState::kTcpTimeWait: return t.tcp_time_wait;
    case SessionState::kTcpClosed: return t.tcp_closed;
    case SessionState::kStatic: return Duration();
  }
  return t.udp;
}

}  // namespace portlab::nat
