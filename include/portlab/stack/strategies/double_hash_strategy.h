// DoubleHashStrategy: RFC 6056 §3.3.4 Algorithm 4, Double-Hash Port
// Selection.
//
//   table[i] = random() at boot, for each of table_size cells;
//   offset = F(saddr, daddr, dport, key1);
//   index = G(saddr, daddr, dport, key2) % table_size;
//   each try: port = min + (offset + table[index]) % num;
//             table[index] += increment.
//
// Destinations that hash to different cells advance separate counters, so
// one destination's connections say nothing about another's ports (the
// weakness of Algorithm 3's single counter); destinations sharing a cell
// interleave on it. The RFC suggests 10 cells and an increment of 1 (NetBSD
// algo_doublehash: 8 cells; Linux 5.12: 256; Linux 6.x: 2^16, see
// LinuxStrategy). With `rekey` > 0 both keys change every `rekey` of
// simulated time (the request's `now`), as Linux re-salts its port_offset;
// the table is kept. Cells are 64 bits so offset + table[index] never wraps
// (RFC: short integers).
//
// With increment 1 the candidates are a linear scan (a bitmap tester skips
// used ports); with a larger increment each is asked on its own, and an
// increment sharing a factor with num leaves ports unreachable.
#ifndef PORTLAB_STACK_STRATEGIES_DOUBLE_HASH_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_DOUBLE_HASH_STRATEGY_H_

#include <cstdint>
#include <vector>

#include "portlab/base/rng.h"
#include "portlab/base/time.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

// RFC 6056 §3.3.4: "TABLE_LENGTH = 10".
inline constexpr int kRfc6056DoubleHashTableLength = 10;

class DoubleHashStrategy : public EphemeralStrategy {
 public:
  // REQUIRES: table_size >= 1, increment >= 1, rekey >= 0 (0: never).
  DoubleHashStrategy(uint64_t seed, int table_size = kRfc6056DoubleHashTableLength,
                     int increment = 1, Duration rekey = Duration());
  std::string_view name() const override { return "double-hash"; }
  // probes: candidates examined; num on failure.
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

  // index = G(saddr, daddr, dport, key2) % table_size for the request.
  uint32_t CellIndex(const PortRequest& request) const;
  uint64_t Cell(uint32_t index) const { return table_[index]; }

 private:
  uint64_t Salt(SimTime now) const;

  uint64_t key1_;
  uint64_t key2_;
  uint64_t increment_;
  Duration rekey_;
  std::vector<uint64_t> table_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_DOUBLE_HASH_STRATEGY_H_
