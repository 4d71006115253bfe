// The TCP state machine: which arrow of RFC 9293's state diagram (§3.3.2,
// Figure 5; the segment-arrival rules of §3.10.7) a segment arriving on a
// connection takes, as a pure function of the connection's state, the
// segment's flags and who holds the socket. Each arrow names what happens;
// the Host (host_tcp.cc, ApplyArrow) does it: the state, the answer, and
// the duties (connect() done, the program told, timers, TIME-WAIT).
//
// Example:
//   TcpArrow a = TcpArrowFor(TcpState::kFinWait1, net::kFin | net::kAck,
//                            TcpOwner{.application = true});
//   // a == TcpArrow::kAckThenTimeWait: ACK the FIN, enter TIME-WAIT
//
// Invariants:
//   - Pure: the same arguments give the same arrow; nothing here reads a
//     socket, a clock or a table.
//   - A RST ends the connect() in SYN-SENT and the connection in every
//     other state (Linux lets a RST end TIME-WAIT too; RFC 1337 aside).
//   - States that take no segment here (CLOSED, LISTEN, CLOSE-WAIT) give
//     kNone. LISTEN's SYNs never come here: the demux hands them to the
//     listener, which makes a new connection (Host::AcceptSyn).
//   - kAccepted is the one arrow that may be followed by another: the
//     connection is ESTABLISHED afterwards, and a FIN the same segment
//     carries takes that state's arrow next.
//
// Not here: what data does (the application's reading, host_app.cc), the
// sequence numbers (the Host keeps SND.NXT and RCV.NXT), the demux, timers.
#ifndef PORTLAB_STACK_TCP_STATE_MACHINE_H_
#define PORTLAB_STACK_TCP_STATE_MACHINE_H_

#include <cstdint>
#include <string_view>

#include "portlab/net/segment.h"
#include "portlab/stack/socket.h"

namespace portlab::stack {

// Who holds the socket a segment reached.
struct TcpOwner {
  // A program holds the socket (it may close it, and learns of the peer's
  // FIN); false for a connection the server application accepted, or an
  // orphan the program closed.
  bool application = false;
  // Accepted from a listener (it has a parent).
  bool accepted = false;
};

enum class TcpArrow : uint8_t {
  kNone,  // nothing changes, nothing is sent
  // SYN-SENT takes the SYN|ACK: ESTABLISHED, ACK, connect() succeeds.
  kConnected,
  // SYN-SENT meets a bare ACK (a TIME-WAIT's answer to the SYN): a RST to
  // that segment (tcp_v4_send_reset's numbers), and before any
  // retransmission the SYN goes again after TCP_TIMEOUT_MIN
  // (tcp_rcv_synsent_state_process).
  kResetStrayAck,
  // SYN-SENT meets a RST: connect() fails ECONNREFUSED.
  kRefused,
  // SYN-RECEIVED takes the handshake's ACK: ESTABLISHED, if the listener
  // is still there (else RST, and the connection goes); the listener's
  // close_after timer starts.
  kAccepted,
  // The peer's FIN on a connection the server application accepted: it
  // closes as soon as it reads EOF, one FIN|ACK acknowledging the FIN and
  // sending its own: LAST-ACK.
  kServerAppCloses,
  // The peer's FIN otherwise: CLOSE-WAIT, ACK; a program holding the
  // socket learns of it (and may close later).
  kPeerClosed,
  // FIN-WAIT-1 takes a FIN without the ACK of ours: simultaneous close,
  // CLOSING, ACK.
  kSimultaneousClose,
  // FIN-WAIT-1 takes the ACK of our FIN: FIN-WAIT-2; an orphan waits
  // tcp_fin_timeout for the peer's FIN there (tcp_rcv_state_process).
  kFinAcked,
  // The peer's FIN after ours (FIN-WAIT-1 with the ACK of ours, or
  // FIN-WAIT-2): ACK, TIME-WAIT.
  kAckThenTimeWait,
  // CLOSING takes the ACK of our FIN: TIME-WAIT.
  kTimeWait,
  // TIME-WAIT acknowledges a retransmitted FIN again (§3.10.7.4), and
  // answers a SYN it does not take with an ACK (tcp_timewait_state_process,
  // TCP_TW_ACK).
  kAckAgain,
  // LAST-ACK takes the last ACK, or a RST arrives in any state but
  // SYN-SENT: the connection goes, out of every table.
  kRelease,
};

// "connected", "TIME-WAIT", ...: for tests and traces.
std::string_view TcpArrowName(TcpArrow arrow);

// The arrow the peer's FIN takes on a synchronized connection that has not
// closed its end.
constexpr TcpArrow TcpPeerFinArrow(TcpOwner owner) {
  return owner.accepted && !owner.application ? TcpArrow::kServerAppCloses : TcpArrow::kPeerClosed;
}

// The arrow a segment with `flags` takes from `state`.
constexpr TcpArrow TcpArrowFor(TcpState state, uint8_t flags, TcpOwner owner) {
  const bool syn = flags & net::kSyn, ack = flags & net::kAck, fin = flags & net::kFin;
  if (flags & net::kRst) return state == TcpState::kSynSent ? TcpArrow::kRefused : TcpArrow::kRelease;
  switch (state) {
    case TcpState::kSynSent:
      if (syn && ack) return TcpArrow::kConnected;
      return ack ? TcpArrow::kResetStrayAck : TcpArrow::kNone;
    case TcpState::kSynReceived:
      if (ack) return TcpArrow::kAccepted;  // a FIN with it: ESTABLISHED's arrow next
      return fin ? TcpPeerFinArrow(owner) : TcpArrow::kNone;
    case TcpState::kEstablished:
      return fin ? TcpPeerFinArrow(owner) : TcpArrow::kNone;
    case TcpState::kFinWait1:
      if (fin) return ack ? TcpArrow::kAckThenTimeWait : TcpArrow::kSimultaneousClose;
      return ack ? TcpArrow::kFinAcked : TcpArrow::kNone;
    case TcpState::kFinWait2:
      return fin ? TcpArrow::kAckThenTimeWait : TcpArrow::kNone;
    case TcpState::kClosing:
      return ack ? TcpArrow::kTimeWait : TcpArrow::kNone;
    case TcpState::kLastAck:
      return ack ? TcpArrow::kRelease : TcpArrow::kNone;
    case TcpState::kTimeWait:
      return fin || syn ? TcpArrow::kAckAgain : TcpArrow::kNone;
    default:
      return TcpArrow::kNone;
  }
}

// Whether a connection in `state` moves RCV.NXT past what an arriving
// segment occupies (§3.10.7.3-4): SYN-SENT (the SYN|ACK: IRS + 1) and the
// states that take data and a FIN, SYN-RECEIVED to FIN-WAIT-2.
constexpr bool TcpTakesSequence(TcpState state) {
  static_assert(static_cast<int>(TcpState::kFinWait2) - static_cast<int>(TcpState::kSynSent) == 4);
  return static_cast<unsigned>(static_cast<int>(state) - static_cast<int>(TcpState::kSynSent)) <= 4;
}

// Whether data arriving in `state` without a FIN is acknowledged by an ACK
// of its own (a FIN's answer acknowledges both).
constexpr bool TcpAcksData(TcpState state) {
  return state == TcpState::kEstablished || state == TcpState::kFinWait1 ||
         state == TcpState::kFinWait2;
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_TCP_STATE_MACHINE_H_
