// The usability testers a host gives its ephemeral strategies: what a
// strategy asks "may I use this port?" (stack/ephemeral_strategy.h's
// PortTester). The strategy draws candidates; a tester answers for one, or
// finds the first usable one of a scan a 64-port word at a time. This is
// gVisor's PickEphemeralPort(rng, testPort) split (pkg/tcpip/ports).
//
//   BindTester     bind(0), listen() unbound, UDP autobind: a candidate is
//                  usable when it is not reserved and no owner of the port
//                  conflicts with the socket (stack/bind_conflicts.h,
//                  which the host hands it as a callable).
//   ConnectTester  connect(): a candidate is usable when it is not
//                  reserved, no socket bound it explicitly (under
//                  unique-port sharing: nobody holds it at all), and the
//                  4-tuple is free or held by a TIME-WAIT a connect() may
//                  take (stack/time_wait_rules.h, Linux tcp_twsk_unique).
//
// Example (Host::SelectConnectPort):
//   ConnectTester tester(tcp_ports, tcp_conns, sockets, knobs,
//                        DestKey{laddr, raddr, rport}, tw_reuse, request.now);
//   PortSelection sel = strategy.Select(request, tester);
//
// Invariants:
//   - A tester changes nothing: it reads the tables it was given, and may be
//     asked about the same port any number of times with the same answer.
//   - FirstUsable(scan) returns the index of the first candidate of `scan`
//     for which Usable() is true (scan.count when none is): the answer
//     PortTester::FirstUsable's one-by-one walk gives. The word-at-a-time
//     skips rule out only candidates Usable() would refuse.
//
// Lifetimes: the tables, knobs and bitmaps a tester is given must stay
// alive and unchanged while it is in use (one Select()). Thread safety:
// none; the core is single-threaded.
#ifndef PORTLAB_STACK_PORT_TESTERS_H_
#define PORTLAB_STACK_PORT_TESTERS_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "portlab/base/time.h"
#include "portlab/stack/connection_table.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/port_bitmap.h"
#include "portlab/stack/port_table.h"
#include "portlab/stack/socket_slots.h"
#include "portlab/stack/time_wait_rules.h"

namespace portlab::stack {

// bind(0) and UDP autobind.
//
// Past exhaustion every candidate has owners and each check is a bucket
// lookup and a conflict test per owner (~140 ns): a failed bind(0) over
// Linux's 28,232 ports took ~4 ms. For TCP without the relaxed pass, an
// owner conflicts exactly when the addresses overlap (TcpBindConflict and
// the Windows rule with relax = false), so when the socket overlaps every
// owner bound to one IPv4 address, the ports in PortTable::one_v4_ports()
// are blocked for sure: the host passes them as `blocked`, and FirstUsable
// skips them (and reserved ports) a word at a time, asking Usable() only
// for the rest: the same candidates found, in the same order.
class BindTester final : public PortTester {
 public:
  // Whether an owner of `port` conflicts with the socket binding, under the
  // relaxed rule (ip_autobind_reuse's second pass) or not.
  using Conflicts = std::function<bool(uint16_t port, bool relaxed)>;

  // `reserved`: ip_local_reserved_ports, or nullptr. `blocked`: ports on
  // which some owner conflicts with the socket whatever else holds them
  // when not relaxed, or nullptr.
  BindTester(const PortBitmap* reserved, const PortBitmap* blocked, Conflicts conflicts)
      : reserved_(reserved), blocked_(blocked), conflicts_(std::move(conflicts)) {}

  bool Usable(uint16_t port) override {
    if (reserved_ && reserved_->Test(port)) return false;
    return !conflicts_(port, relaxed_);
  }
  void SetRelaxed(bool relaxed) override { relaxed_ = relaxed; }
  int FirstUsable(const PortScan& scan) override;

 private:
  const PortBitmap* reserved_;
  const PortBitmap* blocked_;  // blocked for sure (not relaxed)
  Conflicts conflicts_;
  bool relaxed_ = false;
};

// connect() on a socket without a port. A candidate's bind bucket must
// have no explicit owner (Linux __inet_hash_connect: tb->fastreuse >= 0
// skips it), and its 4-tuple be free or held by a recyclable TIME-WAIT.
class ConnectTester final : public PortTester {
 public:
  // `ports`, `conns`: the host's TCP tables; `sockets`: its sockets; `key`:
  // the connect()'s source address and destination. `tw_reuse`: whether a
  // TIME-WAIT on a candidate's 4-tuple may be taken once it is older than
  // tcp_tw_reuse_delay at `now` (timestamps on, and TwReuseFor allowing it
  // for these addresses); unique-port sharing ignores it.
  ConnectTester(const PortTable& ports, const ConnectionTable& conns, const SocketSlots& sockets,
                const Knobs& knobs, DestKey key, bool tw_reuse, SimTime now)
      : conns_(conns), sockets_(sockets), knobs_(knobs), key_(key), tw_reuse_(tw_reuse), now_(now) {
    reserved_ = knobs.reserved_ports.get();
    if (knobs.sharing == PortSharing::kUniquePort) {
      // macOS binds the port on every address first (in_pcbbind), ns-3 and
      // lwIP call a port busy if any endpoint has it: any owner, TIME-WAIT
      // included, blocks it, whatever the destination.
      explicit_ = &ports.owned_ports().bits();
      tw_reuse_ = false;
      return;
    }
    explicit_ = &ports.explicit_ports().bits();
    dest_ = ports.FindDest(key);
  }

  // Whether `port` is in use toward this destination (so a TIME-WAIT may
  // hold its 4-tuple).
  bool UsedTowardDestination(uint16_t port) const { return dest_ && dest_->Used(port); }

  bool Usable(uint16_t port) override {
    if (reserved_ && reserved_->Test(port)) return false;
    if (explicit_->Test(port)) return false;
    if (!dest_ || !dest_->Used(port)) return true;
    if (!tw_reuse_) return false;
    const uint32_t holder = conns_.Find(ConnKey{key_.laddr, key_.raddr, port, key_.rport});
    if (holder == kNoSocket) return true;
    const Socket& other = sockets_[holder];
    return other.state == TcpState::kTimeWait &&
           TimeWaitTakenByConnect(knobs_, /*tw_reuse=*/1, /*bound_socket=*/false, other.time_wait_since, now_);
  }
  // Skips blocked candidates 64 ports at a time: a candidate needs a zero in
  // reserved | explicit | (used toward this destination, TIME-WAIT excepted
  // when it may be recycled); each survivor is confirmed by Usable().
  int FirstUsable(const PortScan& scan) override;

 private:
  const ConnectionTable& conns_;
  const SocketSlots& sockets_;
  const Knobs& knobs_;
  DestKey key_;
  bool tw_reuse_;
  SimTime now_;
  const PortBitmap* explicit_;
  const PortBitmap* reserved_;
  const DestUsage* dest_ = nullptr;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PORT_TESTERS_H_
