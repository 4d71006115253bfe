// HashStrategy: RFC 6056 §3.3.3 Algorithm 3, Simple Hash-Based.
//
//   next_ephemeral = 0 at boot;
//   offset = F(saddr, daddr, dport, key);
//   each try: port = min + (next_ephemeral + offset) % num; next_ephemeral++.
//
// One counter per strategy instance, shared by all destinations, and a key
// drawn at boot from the seed. Each destination gets its own starting point
// in the range, and consecutive connections to one destination (with no
// other allocation in between) get consecutive ports. The candidates are a
// linear scan, so a bitmap tester skips used ports while the probe count
// stays the algorithm's. The counter is 64 bits so the sum never wraps (the
// RFC leaves the width open; NetBSD algo_hash keeps 16).
//
// Example:
//   HashStrategy s(seed);
//   PortSelection a = s.Select(request, tester);  // port p
//   PortSelection b = s.Select(request, tester);  // port p + 1 (wrapping)
#ifndef PORTLAB_STACK_STRATEGIES_HASH_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_HASH_STRATEGY_H_

#include <cstdint>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

class HashStrategy : public EphemeralStrategy {
 public:
  explicit HashStrategy(uint64_t seed) { key_ = Rng(seed).Next64(); }
  std::string_view name() const override { return "hash"; }
  // probes: candidates examined; num on failure (next_ephemeral then moved
  // on by num, as the RFC's loop does).
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

  // F(saddr, daddr, dport, key) of the request.
  uint64_t Offset(const PortRequest& request) const;
  uint64_t next_ephemeral() const { return next_ephemeral_; }

 private:
  uint64_t key_;
  uint64_t next_ephemeral_ = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_HASH_STRATEGY_H_
