// The TCP state machine's segment rules: for a connection in one RFC 9293
// state, what an arriving segment moves it to, what it answers, and what
// else must happen. Pure: no socket, no table, no clock. Host::ProcessTcp
// (host_tcp.cc) feeds it the segment's flags and a few facts about the
// socket, then applies the step in a fixed order.
//
// Read first: RFC 9293 §3.3.2 (states and the state diagram), §3.10.7
// (SEGMENT ARRIVES); Linux net/ipv4/tcp_input.c tcp_rcv_state_process and
// tcp_rcv_synsent_state_process, whose behaviour this follows where the
// RFC leaves room.
//
// Example:
//   TcpStep s = TcpOnSegment(TcpState::kFinWait1, net::kFin | net::kAck, {});
//   // s.next == kFinWait1 (unchanged), s.reply == net::kAck,
//   // s.action == TcpAction::kEnterTimeWait: the caller sends the ACK, then
//   // enters TIME-WAIT (or releases the socket: FreeBSD nolocaltimewait).
//
// Invariants:
//   - The caller applies a step as: SetState(next) when next differs from
//     the state, then sends `reply` when nonzero, then does `action`. Every
//     rule below is written for that order (the ACK of a FIN in FIN-WAIT
//     goes before TIME-WAIT is entered, so it is not a state change here
//     but kEnterTimeWait's).
//   - A step with `then_established` set is followed by a second step, the
//     same segment's rules in ESTABLISHED (a SYN-RECEIVED ACK that carries
//     a FIN).
//   - A RST is never answered (RFC 9293 §3.10.7.4, first check); with
//     `reply` nonzero the segment was not a RST.
//   - Timers (SYN retransmission, FIN-WAIT-2, close_after), the
//     application's calls (close(), abort), LISTEN (Host::AcceptSyn) and
//     the TIME-WAIT SYN that reaches a listener (Host::ReceiveTcp) are not
//     here: they are the host's.
#ifndef PORTLAB_STACK_INTERNAL_TCP_STATE_MACHINE_H_
#define PORTLAB_STACK_INTERNAL_TCP_STATE_MACHINE_H_

#include <cstdint>

#include "portlab/net/segment.h"
#include "portlab/stack/socket.h"

namespace portlab::stack {

// What the host does after the state change and the reply.
enum class TcpAction : uint8_t {
  kNone,
  kConnected,      // connect() completes: FinishConnect(kOk)
  kRefused,        // connect() fails: FinishConnect(ECONNREFUSED), released
  kRelease,        // the connection ends: ReleaseSocket, no TIME-WAIT
  kEnterTimeWait,  // EnterTimeWait (which may release: nolocaltimewait)
  kRetrySynSoon,   // first SYN answered by a stray ACK: SYN again after TCP_TIMEOUT_MIN
  kArmCloseAfter,  // an accepted child is ESTABLISHED: its listener's close_after
  kPeerClosed,     // tell the application its peer closed (CLOSE-WAIT)
  kArmFinWait2,    // an orphan in FIN-WAIT-2 waits tcp_fin_timeout
};

// What the rules need to know of the socket besides its state.
struct TcpFacts {
  bool user_open = false;       // the application holds the socket
  bool accepted = false;        // a child of a listener (Socket::parent set)
  bool listener_alive = false;  // SYN-RECEIVED: the listener still listens
  bool first_syn = false;       // SYN-SENT: the SYN went once so far
};

struct TcpStep {
  TcpState next;
  uint8_t reply = 0;  // flags of the segment sent back; 0 for none
  TcpAction action = TcpAction::kNone;
  bool then_established = false;
};

// Whether a segment carrying data is acknowledged at once, before the
// state's rules run (a FIN's own ACK acknowledges the data with it).
constexpr bool TcpAcksData(TcpState state, uint8_t flags) {
  return (state == TcpState::kEstablished || state == TcpState::kFinWait1 ||
          state == TcpState::kFinWait2) &&
         !(flags & net::kFin);
}

// The step for a segment with `flags` reaching a connection in `state`.
constexpr TcpStep TcpOnSegment(TcpState state, uint8_t flags, const TcpFacts& facts) {
  const bool syn = flags & net::kSyn, ack = flags & net::kAck, fin = flags & net::kFin;
  if (flags & net::kRst) {
    // §3.10.7.4: a RST in SYN-SENT refuses the connect; elsewhere it ends
    // the connection (RFC 1337 aside, Linux lets RST end TIME-WAIT too).
    if (state == TcpState::kSynSent) return {state, 0, TcpAction::kRefused};
    return {state, 0, TcpAction::kRelease};
  }
  switch (state) {
    case TcpState::kSynSent:
      if (syn && ack) return {TcpState::kEstablished, net::kAck, TcpAction::kConnected};
      if (ack) {
        // tcp_rcv_synsent_state_process: an ACK that does not acknowledge
        // our SYN (a TIME-WAIT answering it) is reset, and before any
        // retransmission the SYN goes again after TCP_TIMEOUT_MIN.
        return {state, net::kRst, facts.first_syn ? TcpAction::kRetrySynSoon : TcpAction::kNone};
      }
      return {state};
    case TcpState::kSynReceived:
      if (ack) {
        // The listener closed during the handshake: its request sockets
        // went with it (inet_csk_listen_stop), so the ACK meets no socket.
        if (!facts.listener_alive) return {state, net::kRst, TcpAction::kRelease};
        return {TcpState::kEstablished, 0, TcpAction::kArmCloseAfter, fin};
      }
      if (!fin) return {state};
      [[fallthrough]];
    case TcpState::kEstablished:
      if (!fin) return {state};
      // The server application closes as soon as it reads EOF: one FIN|ACK
      // acknowledges the peer's FIN and sends ours.
      if (facts.accepted && !facts.user_open) return {TcpState::kLastAck, net::kFin | net::kAck};
      return {TcpState::kCloseWait, net::kAck,
              facts.user_open ? TcpAction::kPeerClosed : TcpAction::kNone};
    case TcpState::kFinWait1:
      if (fin && ack) return {state, net::kAck, TcpAction::kEnterTimeWait};
      if (fin) return {TcpState::kClosing, net::kAck};
      // tcp_rcv_state_process: an orphan waits tcp_fin_timeout for the
      // peer's FIN (as a FIN-WAIT-2 timewait socket), then goes.
      if (ack) {
        return {TcpState::kFinWait2, 0, facts.user_open ? TcpAction::kNone : TcpAction::kArmFinWait2};
      }
      return {state};
    case TcpState::kFinWait2:
      if (fin) return {state, net::kAck, TcpAction::kEnterTimeWait};
      return {state};
    case TcpState::kClosing:
      if (ack) return {state, 0, TcpAction::kEnterTimeWait};
      return {state};
    case TcpState::kLastAck:
      if (ack) return {state, 0, TcpAction::kRelease};
      return {state};
    case TcpState::kTimeWait:
      // A retransmitted FIN is acknowledged again (§3.10.7.4); a SYN with
      // no listener behind it is answered with an ACK
      // (tcp_timewait_state_process, TCP_TW_ACK).
      if (fin || syn) return {state, net::kAck};
      return {state};
    default:
      return {state};
  }
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_INTERNAL_TCP_STATE_MACHINE_H_
