// Linux26Strategy: Linux port selection before the 2015-2016 changes
// (2.6.x; the connect() part lasted until the 2021 table, see LinuxStrategy).
//
// connect() (net/ipv4/inet_hashtables.c __inet_hash_connect, 2.6): RFC 6056
//   Algorithm 3 with one global counter. port_offset is a keyed hash of
//   (saddr, daddr, dport) (secure_ipv4_port_ephemeral); a static u32 `hint`
//   starts at 0;
//     offset = hint + port_offset;
//     for i = 1 .. remaining: port = low + (i + offset) % remaining;
//     on success hint += i.
//   remaining = high - low + 1: step 1, both parities, no parity split.
// bind(0) / listen() (net/ipv4/inet_connection_sock.c inet_csk_get_port,
//   2.6): rover = low + random() % remaining, then rover + 1, ... wrapping;
//   no odd-first preference, no SO_REUSEADDR halves.
// UDP autobind: as LinuxStrategy (LinuxUdpGetPort). udp_lib_get_port got its
//   random start and odd-multiple stride in 2.6.28 and a memory-sized table
//   in 2.6.32; earlier 2.6 kernels differ (unverified, not modelled).
//
// Not modelled (unverified): 2.6's drivers/char/random.c re-keyed the
// secret behind secure_ipv4_port_ephemeral every REKEY_INTERVAL (300 s);
// portlab keeps one key per boot.
#ifndef PORTLAB_STACK_STRATEGIES_LINUX26_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_LINUX26_STRATEGY_H_

#include <cstdint>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

class Linux26Strategy : public EphemeralStrategy {
 public:
  explicit Linux26Strategy(uint64_t seed);
  std::string_view name() const override { return "linux-2.6"; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

  // The 32-bit port_offset of secure_ipv4_port_ephemeral.
  uint32_t PortOffset(const PortRequest& request) const;
  uint32_t hint() const { return hint_; }

 private:
  PortSelection Connect(const PortRequest& request, PortTester& tester);
  PortSelection Bind(const PortRequest& request, PortTester& tester);

  Rng rng_;
  uint64_t hash_key_;
  uint32_t hint_ = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_LINUX26_STRATEGY_H_
