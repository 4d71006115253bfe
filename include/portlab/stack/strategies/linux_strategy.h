// LinuxStrategy: the exact port selection of Linux 6.x.
//
// connect() (net/ipv4/inet_hashtables.c __inet_hash_connect): RFC 6056
//   Algorithm 4 with a 2^16-entry perturbation table. port_offset is a keyed
//   hash of (saddr, daddr, dport) re-salted every 10 s; its low 16 bits pick
//   a table cell, offset = (cell + (port_offset >> 32)) % remaining with bit 0
//   cleared, so the first pass walks ports of low's parity with step 2 and a
//   second pass the other parity. On success the cell grows by
//   max(i, rand(0..7) * step) + step (Tarreau/Dumazet 2022, after the
//   Kol–Klein–Gilad device-tracking attack). With IP_LOCAL_PORT_RANGE: step 1,
//   no parity split.
// bind(0) / listen() (net/ipv4/inet_connection_sock.c
//   inet_csk_find_open_port): a random odd offset so odd ports come first,
//   step 2, then the even pass; with SO_REUSEADDR and >= 4 ports the lower
//   half of the range first, then the upper half; with ip_autobind_reuse a
//   relaxed pass last.
// UDP autobind (net/ipv4/udp.c udp_lib_get_port): start uniformly at random
//   in the range, try the ports of that hash chain with an odd multiple of
//   the table size as stride, then the next chain; both parities.
//
// The per-boot secrets (hash key, perturbation table) come from the seed; the
// table is materialised lazily (a cell is Mix64(key, index) until touched),
// so a host costs bytes, not the kernel's 256 KiB.
//
// LinuxOptions selects a kernel generation of the connect() algorithm:
// kLinux6Options (`linux`, 2022 on) or kLinux512Options (`linux-5.12`, the
// 2021 commit "tcp: change source port randomizarion at connect() time": a
// 256-cell table, cell += i + 2 on success, one port_offset per boot).
// Differences left out of linux-5.12: 5.12 indexed the table by
// hash_32(port_offset, 8) and added the same 32-bit port_offset, where
// portlab takes the index from port_offset's low bits and the offset from
// its high word as 6.x does (both a keyed hash, same distribution); 5.12 had
// no IP_LOCAL_PORT_RANGE (added in 6.3), which portlab honours regardless.
#ifndef PORTLAB_STACK_STRATEGIES_LINUX_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_LINUX_STRATEGY_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

// CONFIG_INET_TABLE_PERTURB_ORDER = 16 (include/net/inet_hashtables.h).
inline constexpr uint32_t kLinuxPerturbTableSize = 1u << 16;
// secure_ipv4_port_ephemeral re-salts every 10 s (net/core/secure_seq.c).
inline constexpr Duration kLinuxPortOffsetResalt = Duration::Seconds(10);
// "UDP hash table entries: 16384" on the reference machine (24 GiB); the
// kernel sizes it from memory (udp_table_init), so it is a profile knob.
inline constexpr int kLinuxDefaultUdpHashSize = 16384;

struct LinuxOptions {
  std::string_view name = "linux";
  // Cells of table_perturb. REQUIRES: a power of two.
  uint32_t table_size = kLinuxPerturbTableSize;
  // cell += max(i, rand(0..7) * step) + step on success (2022) instead of
  // cell += i + step (2021).
  bool random_increments = true;
  // port_offset changes every kLinuxPortOffsetResalt (2022).
  bool resalt = true;
  int udp_hash_size = kLinuxDefaultUdpHashSize;
};
inline constexpr LinuxOptions kLinux6Options{};
// INET_TABLE_PERTURB_SHIFT 8 (net/ipv4/inet_hashtables.c, v5.12).
inline constexpr LinuxOptions kLinux512Options{"linux-5.12", 1u << 8, false, false};

class LinuxStrategy : public EphemeralStrategy {
 public:
  explicit LinuxStrategy(uint64_t seed, int udp_hash_size = kLinuxDefaultUdpHashSize);
  LinuxStrategy(uint64_t seed, const LinuxOptions& options);
  std::string_view name() const override { return options_.name; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

  // The keyed hash standing in for SipHash in secure_ipv4_port_ephemeral.
  uint64_t PortOffset(const net::IpAddress& saddr, const net::IpAddress& daddr,
                      net::Port dport, SimTime now) const;
  // The table_perturb cell a port_offset selects, in [0, table_size).
  uint32_t TableIndex(uint64_t port_offset) const {
    return static_cast<uint32_t>(port_offset) & (options_.table_size - 1);
  }
  // table_perturb[index] as it stands.
  uint32_t PerturbCell(uint32_t index) const;

 private:
  PortSelection Connect(const PortRequest& request, PortTester& tester);
  PortSelection Bind(const PortRequest& request, PortTester& tester);

  LinuxOptions options_;
  Rng rng_;
  uint64_t hash_key_;
  uint64_t table_key_;
  absl::flat_hash_map<uint32_t, uint32_t> touched_cells_;
  // PortOffset's last inputs and result: a client connects to the same
  // destination over and over, and the hash is ~70 instructions.
  struct LastOffset {
    bool valid = false;
    net::IpAddress saddr, daddr;
    uint16_t dport = 0;
    uint64_t epoch = 0;
    uint64_t offset = 0;
  };
  mutable LastOffset last_offset_;
};

// UDP autobind as net/ipv4/udp.c udp_lib_get_port does it: a uniformly
// random first port, then the ports of its hash chain (stride an odd
// multiple of `udp_hash_size`), then the next chain; both parities. Shared by
// every Linux generation portlab models; draws from `rng`.
PortSelection LinuxUdpGetPort(const PortRequest& request, PortTester& tester,
                              Rng& rng, int udp_hash_size);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_LINUX_STRATEGY_H_
