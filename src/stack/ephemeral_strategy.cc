#include "portlab/stack/ephemeral_strategy.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"
#include "portlab/stack/strategies/bitmap_random_strategy.h"
#include "portlab/stack/strategies/cursor_strategy.h"
#include "portlab/stack/strategies/double_hash_strategy.h"
#include "portlab/stack/strategies/hash_strategy.h"
#include "portlab/stack/strategies/linux26_strategy.h"
#include "portlab/stack/strategies/linux_strategy.h"
#include "portlab/stack/strategies/random_increments_strategy.h"
#include "portlab/stack/strategies/random_pick_strategy.h"
#include "portlab/stack/strategies/random_strategy.h"
#include "portlab/stack/strategies/sequential_strategy.h"

namespace portlab::stack {

namespace {

uint64_t HashAddress(uint64_t h, const net::IpAddress& a) {
  uint64_t hi, lo;
  std::memcpy(&hi, a.bytes().data(), 8);
  std::memcpy(&lo, a.bytes().data() + 8, 8);
  return Mix64(Mix64(h ^ hi) ^ lo);
}

}  // namespace

uint64_t TupleHash(uint64_t key, const net::IpAddress& saddr,
                   const net::IpAddress& daddr, net::Port dport, uint64_t salt) {
  uint64_t h = HashAddress(key, saddr);
  h = HashAddress(h, daddr);
  return Mix64(h ^ (uint64_t{dport.value()} << 48) ^ salt);
}

int PortTester::FirstUsable(const PortScan& scan) {
  for (int i = 0; i < scan.count; ++i) {
    if (Usable(static_cast<uint16_t>(scan.PortAt(i)))) return i;
  }
  return scan.count;
}

int PortTester::FirstUsableOf(const uint16_t* ports, int n) {
  for (int i = 0; i < n; ++i) {
    if (Usable(ports[i])) return i;
  }
  return n;
}

int PortTester::CountUsable(const PortScan& scan) {
  int n = 0;
  for (int i = FirstUsable(scan); i < scan.count; i += 1 + FirstUsable(scan.From(i + 1))) ++n;
  return n;
}

int PortTester::NthUsable(const PortScan& scan, int n) {
  for (int i = FirstUsable(scan); i < scan.count; i += 1 + FirstUsable(scan.From(i + 1))) {
    if (n-- == 0) return i;
  }
  return scan.count;
}

net::PortRange EffectiveRange(const PortRequest& request) {
  int lo = request.range.lo.value(), hi = request.range.hi.value();
  if (request.has_socket_range()) {
    int sk_lo = request.socket_range_lo, sk_hi = request.socket_range_hi;
    if (lo <= sk_lo && sk_lo <= hi) lo = sk_lo;
    if (lo <= sk_hi && sk_hi <= hi) hi = sk_hi;
  }
  return {net::Port(static_cast<uint16_t>(lo)), net::Port(static_cast<uint16_t>(hi))};
}

const std::vector<StrategyInfo>& Strategies() {
  static const std::vector<StrategyInfo> kStrategies = {
      {"linux",
       "Linux 6.x: double-hash with a 2^16 perturbation table, parity halves, "
       "random increments, 10 s re-salting; bind(0) odd-first; UDP random "
       "start with an odd stride",
       "net/ipv4/inet_hashtables.c __inet_hash_connect, "
       "net/ipv4/inet_connection_sock.c inet_csk_find_open_port, "
       "net/ipv4/udp.c udp_lib_get_port"},
      {"sequential",
       "one cursor per host and protocol counting up through the range "
       "(wrapping); each allocation continues after the last port handed out",
       "lwIP src/core/tcp.c tcp_new_port; ns-3 ipv4-end-point-demux.cc"},
      {"random",
       "RFC 6056 Algorithm 1, Simple Port Randomization: a random start, "
       "then consecutive ports",
       "RFC 6056 §3.3.1; NetBSD sys/netinet/portalgo.c algo_random_start"},
      {"random-pick",
       "RFC 6056 Algorithm 2, Simple Port Randomization II: every candidate "
       "drawn afresh, at most num of them; may fail while ports are free",
       "RFC 6056 §3.3.2; NetBSD sys/netinet/portalgo.c algo_random_pick"},
      {"hash",
       "RFC 6056 Algorithm 3, Simple Hash-Based: one global counter plus a "
       "keyed hash of (saddr, daddr, dport); consecutive connections to one "
       "destination get consecutive ports",
       "RFC 6056 §3.3.3; NetBSD sys/netinet/portalgo.c algo_hash (NetBSD "
       "draws a fresh hash secret on every call, portlab keeps one per boot)"},
      {"double-hash",
       "RFC 6056 Algorithm 4, Double-Hash: a keyed hash picks one of "
       "table_size counters (default 10), another gives the offset; "
       "increment and rekey interval are parameters",
       "RFC 6056 §3.3.4; NetBSD sys/netinet/portalgo.c algo_doublehash "
       "(8 cells there)"},
      {"random-increments",
       "RFC 6056 Algorithm 5, Random-Increments: a global counter advanced "
       "by 1..N (default 500) per candidate; may fail while ports are free",
       "RFC 6056 §3.3.5; NetBSD sys/netinet/portalgo.c algo_randinc"},
      {"bitmap-random",
       "the ideal: a uniform choice among the usable ports, as a kernel "
       "keeping a free list would make (1 probe; num when none is free)",
       "RFC 6056 §3.3 (the property Algorithms 1-5 approximate); no OS "
       "source, unverified as any kernel's code"},
      {"linux-2.6",
       "Linux before 2015: RFC 6056 Algorithm 3 with one global hint, step "
       "1, no parity split; bind(0) a random start with step 1; UDP as "
       "`linux` (unverified for 2.6 before 2.6.28)",
       "net/ipv4/inet_hashtables.c __inet_hash_connect (static u32 hint; "
       "hint += i on success), net/ipv4/inet_connection_sock.c "
       "inet_csk_get_port, 2.6.x"},
      {"linux-5.12",
       "Linux 2021: Algorithm 4 with a 256-cell perturbation table, cell += "
       "i + 2 on success, no random increments, no re-salting; parity "
       "halves, bind(0) and UDP as `linux`",
       "net/ipv4/inet_hashtables.c __inet_hash_connect, commit \"tcp: "
       "change source port randomizarion at connect() time\" (Dumazet, "
       "Feb 2021, v5.12)"},
      {"bsd",
       "FreeBSD and XNU with randomization: a random cursor before every "
       "allocation, then ++cursor with wrap (RFC 6056 Algorithm 1 with a "
       "cursor shared per protocol)",
       "FreeBSD sys/netinet/in_pcb.c in_pcb_lport_dest; XNU bsd/netinet/in_pcb.c in_pcbbind"},
      {"bsd-sequential",
       "FreeBSD randomized=0 and macOS TCP: ++cursor from 0, so the first "
       "port after boot is the range start (49152, 49153, ...)",
       "XNU bsd/netinet/in_pcb.c in_pcbbind; FreeBSD in_pcb_lport_dest"},
      {"ns3",
       "ns-3: the BSD cursor starting at the range start, so the first port is "
       "49153; any endpoint on a port makes it busy",
       "ns-3 src/internet/model/ipv4-end-point-demux.cc AllocateEphemeralPort"},
      {"lwip-tcp",
       "lwIP TCP: ++port from 0xC000, wrapping before 0xFFFF (never returned)",
       "lwIP src/core/tcp.c tcp_new_port"},
      {"lwip-tcp-rand", "lwIP TCP with LWIP_RAND: the counter starts at a random port",
       "lwIP src/core/tcp.c tcp_init, tcp_new_port"},
      {"lwip-udp", "lwIP UDP: ++port from 0xC000 through 0xFFFF, then 0xC000",
       "lwIP src/core/udp.c udp_new_port"},
      {"lwip-udp-rand", "lwIP UDP with LWIP_RAND: the counter starts at a random port",
       "lwIP src/core/udp.c udp_init, udp_new_port"},
  };
  return kStrategies;
}

absl::StatusOr<std::unique_ptr<EphemeralStrategy>> MakeStrategy(
    std::string_view name, uint64_t seed) {
  return MakeStrategy(name, seed, StrategyParams{});
}

absl::StatusOr<std::unique_ptr<EphemeralStrategy>> MakeStrategy(
    std::string_view name, uint64_t seed, const StrategyParams& params) {
  if (params.table_size < 1 || params.increment < 1 || params.n < 1 ||
      params.rekey < Duration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "strategy \"", AV(name), "\": table_size ", params.table_size,
        ", increment ", params.increment, ", n ", params.n,
        " must be at least 1 and rekey not negative"));
  }
  if (name == "linux") return std::make_unique<LinuxStrategy>(seed);
  if (name == "sequential") return std::make_unique<SequentialStrategy>();
  if (name == "random") return std::make_unique<RandomStrategy>(seed);
  using Cursor = CursorStrategy::Options;
  if (name == "bsd") return std::make_unique<CursorStrategy>(Cursor{"bsd", /*randomized=*/true}, seed);
  if (name == "bsd-sequential") return std::make_unique<CursorStrategy>(Cursor{"bsd-sequential"}, seed);
  if (name == "ns3") {
    return std::make_unique<CursorStrategy>(Cursor{"ns3", false, /*start_at_first=*/true}, seed);
  }
  if (name == "lwip-tcp" || name == "lwip-tcp-rand") {
    return std::make_unique<CursorStrategy>(
        Cursor{name == "lwip-tcp" ? "lwip-tcp" : "lwip-tcp-rand", false, true, /*skip_last=*/true,
               /*random_start=*/name == "lwip-tcp-rand"},
        seed);
  }
  if (name == "lwip-udp" || name == "lwip-udp-rand") {
    return std::make_unique<CursorStrategy>(
        Cursor{name == "lwip-udp" ? "lwip-udp" : "lwip-udp-rand", false, true, false,
               /*random_start=*/name == "lwip-udp-rand"},
        seed);
  }
  if (name == "random-pick") return std::make_unique<RandomPickStrategy>(seed);
  if (name == "hash") return std::make_unique<HashStrategy>(seed);
  if (name == "double-hash") {
    return std::make_unique<DoubleHashStrategy>(seed, params.table_size,
                                                params.increment, params.rekey);
  }
  if (name == "random-increments") {
    return std::make_unique<RandomIncrementsStrategy>(seed, params.n);
  }
  if (name == "bitmap-random") return std::make_unique<BitmapRandomStrategy>(seed);
  if (name == "linux-2.6") return std::make_unique<Linux26Strategy>(seed);
  if (name == "linux-5.12") {
    return std::make_unique<LinuxStrategy>(seed, kLinux512Options);
  }
  std::vector<std::string_view> names;
  for (const StrategyInfo& s : Strategies()) names.push_back(s.name);
  return absl::NotFoundError(
      absl::StrCat("unknown port selection strategy \"", AV(name), "\"", DidYouMean(name, names)));
}

}  // namespace portlab::stack
