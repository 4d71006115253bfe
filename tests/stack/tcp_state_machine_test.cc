// The TCP state machine (stack/tcp_state_machine.h) against RFC 9293's state
// diagram (§3.3.2, Figure 5) and segment-arrival rules (§3.10.7), one row per
// arrow; where Linux differs from the RFC, the kernel function is named.
// What each arrow then does on a host is held by tcp_lifecycle_test.cc,
// time_wait_test.cc and the scenario goldens.
#include "portlab/stack/tcp_state_machine.h"

#include <catch2/catch.hpp>

namespace portlab::stack {
namespace {

constexpr uint8_t kSynAck = net::kSyn | net::kAck;
constexpr uint8_t kFinAck = net::kFin | net::kAck;
constexpr TcpOwner kProgram{.application = true, .accepted = false};
constexpr TcpOwner kServerApp{.application = false, .accepted = true};
constexpr TcpOwner kAcceptedByProgram{.application = true, .accepted = true};
constexpr TcpOwner kOrphan{.application = false, .accepted = false};

TEST_CASE("TcpArrowFor: RFC 9293's state diagram, one row per arrow", "[stack][tcp]") {
  struct Row {
    const char* why;
    TcpState from;
    uint8_t flags;
    TcpOwner owner;
    TcpArrow arrow;
  };
  const Row rows[] = {
      // The three-way handshake.
      {"SYN-SENT takes the SYN|ACK", TcpState::kSynSent, kSynAck, kProgram, TcpArrow::kConnected},
      {"SYN-SENT meets a bare ACK, a TIME-WAIT's (tcp_rcv_synsent_state_process)", TcpState::kSynSent,
       net::kAck, kProgram, TcpArrow::kResetStrayAck},
      {"SYN-SENT ignores a SYN alone (no simultaneous open here)", TcpState::kSynSent, net::kSyn, kProgram,
       TcpArrow::kNone},
      {"SYN-SENT meets a RST|ACK", TcpState::kSynSent, net::kRst | net::kAck, kProgram, TcpArrow::kRefused},
      {"SYN-RECEIVED takes the handshake's ACK", TcpState::kSynReceived, net::kAck, kServerApp,
       TcpArrow::kAccepted},
      {"SYN-RECEIVED takes ACK and FIN at once: accepted first", TcpState::kSynReceived, kFinAck, kServerApp,
       TcpArrow::kAccepted},
      {"SYN-RECEIVED, a FIN without ACK: the FIN's arrow", TcpState::kSynReceived, net::kFin, kServerApp,
       TcpArrow::kServerAppCloses},
      {"SYN-RECEIVED waits for an ACK", TcpState::kSynReceived, net::kSyn, kServerApp, TcpArrow::kNone},
      // Passive close.
      {"ESTABLISHED, a program's socket takes the FIN", TcpState::kEstablished, kFinAck, kProgram,
       TcpArrow::kPeerClosed},
      {"ESTABLISHED, the server app's connection takes the FIN", TcpState::kEstablished, kFinAck, kServerApp,
       TcpArrow::kServerAppCloses},
      {"ESTABLISHED, accepted but held by a program: like any program's", TcpState::kEstablished, kFinAck,
       kAcceptedByProgram, TcpArrow::kPeerClosed},
      {"ESTABLISHED, an orphan takes the FIN", TcpState::kEstablished, kFinAck, kOrphan, TcpArrow::kPeerClosed},
      {"ESTABLISHED, an ACK is no arrow", TcpState::kEstablished, net::kAck, kProgram, TcpArrow::kNone},
      {"CLOSE-WAIT takes nothing here (the program closes when it will)", TcpState::kCloseWait, kFinAck,
       kProgram, TcpArrow::kNone},
      {"LAST-ACK takes the last ACK", TcpState::kLastAck, net::kAck, kServerApp, TcpArrow::kRelease},
      {"LAST-ACK waits for an ACK", TcpState::kLastAck, net::kFin, kServerApp, TcpArrow::kNone},
      // Active close.
      {"FIN-WAIT-1 takes FIN|ACK", TcpState::kFinWait1, kFinAck, kProgram, TcpArrow::kAckThenTimeWait},
      {"FIN-WAIT-1 takes a FIN alone", TcpState::kFinWait1, net::kFin, kProgram, TcpArrow::kSimultaneousClose},
      {"FIN-WAIT-1 takes the ACK of its FIN", TcpState::kFinWait1, net::kAck, kProgram, TcpArrow::kFinAcked},
      {"FIN-WAIT-1, an orphan takes the ACK of its FIN (the host arms tcp_fin_timeout)", TcpState::kFinWait1,
       net::kAck, kOrphan, TcpArrow::kFinAcked},
      {"FIN-WAIT-2 takes the FIN", TcpState::kFinWait2, kFinAck, kProgram, TcpArrow::kAckThenTimeWait},
      {"FIN-WAIT-2 waits for a FIN", TcpState::kFinWait2, net::kAck, kProgram, TcpArrow::kNone},
      {"CLOSING takes the ACK of its FIN", TcpState::kClosing, net::kAck, kProgram, TcpArrow::kTimeWait},
      {"CLOSING waits for the ACK", TcpState::kClosing, net::kFin, kProgram, TcpArrow::kNone},
      {"TIME-WAIT acknowledges a retransmitted FIN", TcpState::kTimeWait, kFinAck, kOrphan, TcpArrow::kAckAgain},
      {"TIME-WAIT answers a SYN it does not take (TCP_TW_ACK)", TcpState::kTimeWait, net::kSyn, kOrphan,
       TcpArrow::kAckAgain},
      {"TIME-WAIT ignores an ACK", TcpState::kTimeWait, net::kAck, kOrphan, TcpArrow::kNone},
      // Resets.
      {"ESTABLISHED meets a RST", TcpState::kEstablished, net::kRst, kProgram, TcpArrow::kRelease},
      {"SYN-RECEIVED meets a RST", TcpState::kSynReceived, net::kRst, kServerApp, TcpArrow::kRelease},
      {"TIME-WAIT meets a RST: it goes too (Linux; RFC 1337 would keep it)", TcpState::kTimeWait, net::kRst,
       kOrphan, TcpArrow::kRelease},
      {"LISTEN takes nothing here (its SYNs go to the listener)", TcpState::kListen, net::kSyn, kProgram,
       TcpArrow::kNone},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(TcpArrowName(TcpArrowFor(r.from, r.flags, r.owner)) == TcpArrowName(r.arrow));
  }
}

TEST_CASE("TcpPeerFinArrow is ESTABLISHED's arrow for a FIN, whoever holds the socket", "[stack][tcp]") {
  // What the host takes after kAccepted when the handshake's ACK carries a FIN.
  for (TcpOwner owner : {kProgram, kServerApp, kAcceptedByProgram, kOrphan}) {
    INFO("application " << owner.application << ", accepted " << owner.accepted);
    CHECK(TcpArrowFor(TcpState::kEstablished, kFinAck, owner) == TcpPeerFinArrow(owner));
    CHECK(TcpArrowFor(TcpState::kEstablished, net::kFin, owner) == TcpPeerFinArrow(owner));
  }
  CHECK(TcpPeerFinArrow(kServerApp) == TcpArrow::kServerAppCloses);
  CHECK(TcpPeerFinArrow(kAcceptedByProgram) == TcpArrow::kPeerClosed);
}

TEST_CASE("TcpTakesSequence and TcpAcksData: which states take the peer's numbers and data", "[stack][tcp]") {
  for (TcpState s : {TcpState::kSynSent, TcpState::kSynReceived, TcpState::kEstablished, TcpState::kFinWait1,
                     TcpState::kFinWait2}) {
    INFO(TcpStateName(s));
    CHECK(TcpTakesSequence(s));
  }
  for (TcpState s : {TcpState::kClosed, TcpState::kListen, TcpState::kCloseWait, TcpState::kClosing,
                     TcpState::kLastAck, TcpState::kTimeWait}) {
    INFO(TcpStateName(s));
    CHECK_FALSE(TcpTakesSequence(s));
  }
  CHECK(TcpAcksData(TcpState::kEstablished));
  CHECK(TcpAcksData(TcpState::kFinWait1));
  CHECK(TcpAcksData(TcpState::kFinWait2));
  CHECK_FALSE(TcpAcksData(TcpState::kSynReceived));
  CHECK_FALSE(TcpAcksData(TcpState::kCloseWait));
}

}  // namespace
}  // namespace portlab::stack
