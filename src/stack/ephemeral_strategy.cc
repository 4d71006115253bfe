#include "portlab/stack/ephemeral_strategy.h"

#include "absl/status/status.h"
#include "portlab/base/strings.h"
#include "absl/strings/str_cat.h"
#include "portlab/stack/strategies/linux_strategy.h"
#include "portlab/stack/strategies/random_strategy.h"
#include "portlab/stack/strategies/sequential_strategy.h"

namespace portlab::stack {

int PortTester::FirstUsable(const PortScan& scan) {
  for (int i = 0; i < scan.count; ++i) {
    if (Usable(static_cast<uint16_t>(scan.PortAt(i)))) return i;
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
       "RFC 6056 §3.3.1; NetBSD sys/netinet/portalgo.c"},
  };
  return kStrategies;
}

absl::StatusOr<std::unique_ptr<EphemeralStrategy>> MakeStrategy(
    std::string_view name, uint64_t seed) {
  if (name == "linux") return std::make_unique<LinuxStrategy>(seed);
  if (name == "sequential") return std::make_unique<SequentialStrategy>();
  if (name == "random") return std::make_unique<RandomStrategy>(seed);
  return absl::NotFoundError(absl::StrCat("unknown port selection strategy \"", AV(name), "\""));
}

}  // namespace portlab::stack
