// EphemeralStrategy: the order in which an OS tries ephemeral ports, kept
// apart from whether a port is usable (PortTester, supplied by the host).
//
// This is the split of RFC 6056 §3.3 (an algorithm proposes candidates,
// "check_suitable_port" decides) and of gVisor's PickEphemeralPort(rng,
// testPort). A strategy reports how many candidates it examined, so cost
// against occupancy can be measured with the probe count the real algorithm
// would make, even when the tester skips runs of used ports with bitmaps.
//
// Example:
//   std::unique_ptr<EphemeralStrategy> s = MakeStrategy("linux", seed).value();
//   PortSelection sel = s->Select(request, tester);
//   if (!sel.port) return Errno::kEADDRNOTAVAIL;
//
// Thread safety: none. A strategy keeps per-host state (cursors, tables).
#ifndef PORTLAB_STACK_EPHEMERAL_STRATEGY_H_
#define PORTLAB_STACK_EPHEMERAL_STRATEGY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"

namespace portlab::stack {

class PortBitmap;

// A linear scan as the kernels write it: candidate i is
// low + offset + i * step, and a candidate that reaches `high` wraps by
// subtracting `span` once (inet_hashtables.c __inet_hash_connect).
struct PortScan {
  int low = 0;
  int high = 0;  // exclusive
  int span = 0;
  int offset = 0;
  int step = 1;
  int count = 0;  // number of candidates

  int PortAt(int i) const {
    int p = low + offset + i * step;
    return p >= high ? p - span : p;
  }
  // The candidates from index i on, as a scan of their own.
  PortScan From(int i) const { return {low, high, span, offset + i * step, step, count - i}; }
};

// Says whether a candidate port is usable for the call being served.
class PortTester {
 public:
  virtual ~PortTester() = default;
  virtual bool Usable(uint16_t port) = 0;
  // The index of the first usable candidate of `scan`, or scan.count when
  // there is none. The default asks Usable() for each in turn; a tester
  // backed by bitmaps skips blocked runs a word at a time.
  virtual int FirstUsable(const PortScan& scan);
  // The index of the first usable port of ports[0..n), or n. For strategies
  // that draw candidates at random: one call per batch of draws. The
  // default asks Usable() for each.
  virtual int FirstUsableOf(const uint16_t* ports, int n);
  // A tester whose answer is exactly "the port's bit is clear" in one
  // bitmap returns it, so strategies drawing at random test candidates
  // inline as they draw them; others return nullptr.
  virtual const PortBitmap* UsedBitmap() const { return nullptr; }
  // Counting and indexing the usable candidates of a scan. A strategy whose
  // candidates are independent uniform draws (random-pick, bitmap-random)
  // uses them, when CanCount() says they are cheap, to draw the number of
  // probes its algorithm would make and a uniform usable port without
  // drawing each candidate: the same distribution of ports and probe
  // counts, not the same sequence. The defaults walk FirstUsable().
  virtual bool CanCount() const { return false; }
  virtual int CountUsable(const PortScan& scan);
  // The index in `scan` of its n-th (0-based) usable candidate; scan.count
  // when there are n or fewer.
  virtual int NthUsable(const PortScan& scan, int n);
  // Linux's ip_autobind_reuse second pass: relax the bind-conflict rule so
  // two SO_REUSEADDR sockets may share an automatically chosen port.
  virtual void SetRelaxed(bool relaxed) {}
};

enum class PortPurpose : uint8_t {
  kConnect,  // TCP connect() on a socket without a port
  kBind,     // TCP bind(port 0), or listen() on an unbound socket
  kUdpBind,  // UDP bind(port 0), or autobind on connect()/sendto()
};

struct PortRequest {
  PortPurpose purpose = PortPurpose::kConnect;
  net::PortRange range;           // the system range (ip_local_port_range)
  // IP_LOCAL_PORT_RANGE of the socket as (lo, hi), 0 meaning unset.
  uint16_t socket_range_lo = 0;
  uint16_t socket_range_hi = 0;
  bool reuseaddr = false;         // SO_REUSEADDR on the socket
  bool autobind_reuse = false;    // ip_autobind_reuse
  net::IpAddress saddr;           // connect: the source address
  net::IpAddress daddr;           // connect: the destination
  net::Port dport;
  SimTime now;

  bool has_socket_range() const { return socket_range_lo || socket_range_hi; }
};

struct PortSelection {
  std::optional<net::Port> port;  // nothing: every candidate was unusable
  int64_t probes = 0;             // candidates examined, as the OS would
};

class EphemeralStrategy {
 public:
  virtual ~EphemeralStrategy() = default;
  virtual std::string_view name() const = 0;
  virtual PortSelection Select(const PortRequest& request, PortTester& tester) = 0;
};

struct StrategyInfo {
  std::string_view name;
  std::string_view description;
  std::string_view source;
};
// Every strategy MakeStrategy knows, in a stable order.
const std::vector<StrategyInfo>& Strategies();

// Tunables of the parameterised strategies; a strategy ignores the ones that
// are not its own.
struct StrategyParams {
  // double-hash: cells in the counter table (RFC 6056 §3.3.4 suggests 10).
  int table_size = 10;
  // double-hash: what table[index] grows by per candidate tried (RFC: 1).
  int increment = 1;
  // double-hash: both keys change every `rekey` of simulated time; zero
  // means never (the RFC's keys are fixed at boot).
  Duration rekey;
  // random-increments: increments are drawn from 1..n (RFC 6056 §3.3.5: 500).
  int n = 500;
};

// Builds a strategy by name with its own randomness from `seed`.
// NotFound for an unknown name; InvalidArgument for a table_size, increment
// or n below 1 or a negative rekey.
absl::StatusOr<std::unique_ptr<EphemeralStrategy>> MakeStrategy(
    std::string_view name, uint64_t seed, const StrategyParams& params);
// The same with the default StrategyParams.
absl::StatusOr<std::unique_ptr<EphemeralStrategy>> MakeStrategy(
    std::string_view name, uint64_t seed);

// The keyed hash F(local address, remote address, remote port, key) of RFC
// 6056 §3.3.3, standing in for the kernels' MD5/SipHash (Linux
// secure_port_ephemeral, NetBSD Fhash). `salt` varies the key over time
// (Linux re-salts every 10 s). Addresses are hashed as two 64-bit words.
uint64_t TupleHash(uint64_t key, const net::IpAddress& saddr,
                   const net::IpAddress& daddr, net::Port dport,
                   uint64_t salt = 0);

// The range a socket may use: the system range narrowed by
// IP_LOCAL_PORT_RANGE, each bound honoured only inside the system range
// (Linux inet_sk_get_local_port_range). Used by every strategy.
net::PortRange EffectiveRange(const PortRequest& request);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_EPHEMERAL_STRATEGY_H_
