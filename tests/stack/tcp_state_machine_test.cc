// The TCP state machine's segment rules (stack/internal/tcp_state_machine.h)
// as a table: state, segment, facts -> next state, reply, action. Each row
// is one arc of RFC 9293 §3.3.2's diagram or one §3.10.7 rule (or the Linux
// behaviour named beside it); tcp_lifecycle_test.cc runs the same rules
// through a Host.
#include "stack/internal/tcp_state_machine.h"

#include <catch2/catch.hpp>
#include <string>

namespace portlab::stack {
namespace {

using net::kAck;
using net::kFin;
using net::kRst;
using net::kSyn;
using S = TcpState;
using A = TcpAction;

struct Row {
  const char* why;
  TcpState state;
  uint8_t flags;
  TcpFacts facts;
  TcpState next;
  uint8_t reply;
  TcpAction action;
  bool then_established = false;
};

constexpr TcpFacts kApp{.user_open = true};                          // the application's socket
constexpr TcpFacts kFirstSyn{.user_open = true, .first_syn = true};  // SYN-SENT, SYN sent once
constexpr TcpFacts kChild{.accepted = true, .listener_alive = true};  // accepted, server-owned
constexpr TcpFacts kOrphanChild{.accepted = true};                    // its listener has gone

// Written out by hand from the RFC, not from the code.
const Row kRows[] = {
    // RST (§3.10.7.3 SYN-SENT, §3.10.7.4 other states).
    {"RST refuses a connect", S::kSynSent, kRst | kAck, kFirstSyn, S::kSynSent, 0, A::kRefused},
    {"RST ends ESTABLISHED", S::kEstablished, kRst, kApp, S::kEstablished, 0, A::kRelease},
    {"RST ends TIME-WAIT (Linux, not RFC 1337)", S::kTimeWait, kRst, {}, S::kTimeWait, 0, A::kRelease},
    {"RST|FIN is a RST", S::kFinWait2, kRst | kFin, kApp, S::kFinWait2, 0, A::kRelease},
    // SYN-SENT (§3.10.7.3).
    {"SYN|ACK completes the handshake", S::kSynSent, kSyn | kAck, kFirstSyn, S::kEstablished, kAck,
     A::kConnected},
    {"stray ACK: RST, SYN again soon", S::kSynSent, kAck, kFirstSyn, S::kSynSent, kRst, A::kRetrySynSoon},
    {"stray ACK after a retransmission: RST only", S::kSynSent, kAck, kApp, S::kSynSent, kRst, A::kNone},
    {"bare SYN (simultaneous open) ignored", S::kSynSent, kSyn, kFirstSyn, S::kSynSent, 0, A::kNone},
    // SYN-RECEIVED (§3.10.7.4, fifth check).
    {"ACK establishes the child", S::kSynReceived, kAck, kChild, S::kEstablished, 0, A::kArmCloseAfter},
    {"ACK|FIN establishes, then the FIN", S::kSynReceived, kAck | kFin, kChild, S::kEstablished, 0,
     A::kArmCloseAfter, true},
    {"ACK after the listener went: RST", S::kSynReceived, kAck, kOrphanChild, S::kSynReceived, kRst,
     A::kRelease},
    {"FIN without ACK: ESTABLISHED's FIN rule", S::kSynReceived, kFin, kChild, S::kLastAck,
     kFin | kAck, A::kNone},
    {"retransmitted SYN ignored", S::kSynReceived, kSyn, kChild, S::kSynReceived, 0, A::kNone},
    // ESTABLISHED (§3.10.7.4, eighth check: FIN).
    {"FIN: CLOSE-WAIT, the application told", S::kEstablished, kFin | kAck, kApp, S::kCloseWait, kAck,
     A::kPeerClosed},
    {"FIN to a server-owned child: FIN|ACK at once", S::kEstablished, kFin | kAck, kChild, S::kLastAck,
     kFin | kAck, A::kNone},
    {"FIN to an unowned client socket: CLOSE-WAIT", S::kEstablished, kFin | kAck, {}, S::kCloseWait,
     kAck, A::kNone},
    {"ACK changes nothing", S::kEstablished, kAck, kApp, S::kEstablished, 0, A::kNone},
    // FIN-WAIT-1.
    {"FIN|ACK: ACK, TIME-WAIT", S::kFinWait1, kFin | kAck, kApp, S::kFinWait1, kAck, A::kEnterTimeWait},
    {"FIN alone: CLOSING (simultaneous close)", S::kFinWait1, kFin, kApp, S::kClosing, kAck, A::kNone},
    {"ACK: FIN-WAIT-2", S::kFinWait1, kAck, kApp, S::kFinWait2, 0, A::kNone},
    {"ACK to an orphan: FIN-WAIT-2 timer", S::kFinWait1, kAck, kChild, S::kFinWait2, 0, A::kArmFinWait2},
    // FIN-WAIT-2, CLOSING, LAST-ACK.
    {"FIN: ACK, TIME-WAIT", S::kFinWait2, kFin | kAck, kApp, S::kFinWait2, kAck, A::kEnterTimeWait},
    {"ACK in FIN-WAIT-2 changes nothing", S::kFinWait2, kAck, kApp, S::kFinWait2, 0, A::kNone},
    {"ACK of our FIN: TIME-WAIT", S::kClosing, kAck, kApp, S::kClosing, 0, A::kEnterTimeWait},
    {"ACK of our FIN: closed", S::kLastAck, kAck, kChild, S::kLastAck, 0, A::kRelease},
    {"CLOSE-WAIT ignores a FIN again", S::kCloseWait, kFin | kAck, kApp, S::kCloseWait, 0, A::kNone},
    // TIME-WAIT (§3.10.7.4; tcp_timewait_state_process).
    {"retransmitted FIN acknowledged again", S::kTimeWait, kFin | kAck, {}, S::kTimeWait, kAck, A::kNone},
    {"SYN with no listener: ACK (TCP_TW_ACK)", S::kTimeWait, kSyn, {}, S::kTimeWait, kAck, A::kNone},
    {"bare ACK ignored", S::kTimeWait, kAck, {}, S::kTimeWait, 0, A::kNone},
};

TEST_CASE("TcpOnSegment: each arc of the state diagram", "[stack][tcp]") {
  for (const Row& r : kRows) {
    INFO(r.why << " (" << TcpStateName(r.state) << ")");
    const TcpStep step = TcpOnSegment(r.state, r.flags, r.facts);
    CHECK(std::string(TcpStateName(step.next)) == std::string(TcpStateName(r.next)));
    CHECK(int{step.reply} == int{r.reply});
    CHECK(static_cast<int>(step.action) == static_cast<int>(r.action));
    CHECK(step.then_established == r.then_established);
  }
}

TEST_CASE("TcpOnSegment: a RST is never answered, nothing else is refused", "[stack][tcp]") {
  // Every state, every flag combination, every fact.
  for (int st = 0; st <= static_cast<int>(S::kTimeWait); ++st) {
    for (int flags = 0; flags < 16; ++flags) {
      for (int bits = 0; bits < 16; ++bits) {
        const TcpFacts facts{.user_open = (bits & 1) != 0, .accepted = (bits & 2) != 0,
                             .listener_alive = (bits & 4) != 0, .first_syn = (bits & 8) != 0};
        const uint8_t f = static_cast<uint8_t>((flags & 1 ? kSyn : 0) | (flags & 2 ? kAck : 0) |
                                               (flags & 4 ? kFin : 0) | (flags & 8 ? kRst : 0));
        const TcpStep step = TcpOnSegment(static_cast<S>(st), f, facts);
        INFO(TcpStateName(static_cast<S>(st)) << " flags " << int{f} << " facts " << bits);
        if (f & kRst) {
          CHECK(step.reply == 0);
          CHECK(step.next == static_cast<S>(st));
        }
        if (step.action == A::kRefused || step.action == A::kConnected) CHECK(st == static_cast<int>(S::kSynSent));
        // A second step is only ever ESTABLISHED's, after the handshake.
        if (step.then_established) CHECK(step.next == S::kEstablished);
      }
    }
  }
}

TEST_CASE("TcpAcksData: data is acknowledged at once only while the peer may send", "[stack][tcp]") {
  CHECK(TcpAcksData(S::kEstablished, kAck));
  CHECK(TcpAcksData(S::kFinWait1, kAck));
  CHECK(TcpAcksData(S::kFinWait2, kAck));
  CHECK_FALSE(TcpAcksData(S::kEstablished, kAck | kFin));  // the FIN's ACK covers it
  CHECK_FALSE(TcpAcksData(S::kCloseWait, kAck));
  CHECK_FALSE(TcpAcksData(S::kSynReceived, kAck));
}

}  // namespace
}  // namespace portlab::stack
