#include "portlab/sim/poisoning_race.h"

#include <array>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/segment.h"
#include "portlab/stack/host.h"

namespace portlab::sim {
namespace {

// The lab's addresses (RFC 5737 documentation ranges).
constexpr uint32_t kResolverAddr = 0xC6336435;    // 198.51.100.53
constexpr uint32_t kVictimServerAddr = 0xC0000235;  // 192.0.2.53
constexpr uint32_t kAttackerServerAddr = 0xCB007135;  // 203.0.113.53
constexpr uint16_t kDnsPort = 53;                   // RFC 1035 §4.2.1
// A query and an answer, in UDP payload bytes: a question of a short name
// (12-byte header + name + type + class), and the same with one A record.
constexpr int64_t kQueryBytes = 40;
constexpr uint32_t kAnswerBytes = 56;
// The attacker's own queries: three, so that two strides can agree.
constexpr int kObserved = 3;
constexpr Duration kQueryGap = Duration::Millis(1);

// The resolver host's world: a clock the race sets, and a count of the ICMP
// errors it sends back. Nothing it sends goes anywhere.
class RaceEnvironment : public stack::HostEnvironment {
 public:
  SimTime Now() const override { return now_; }
  void Transmit(const net::Segment& segment) override { icmp_ += net::IsIcmp(segment.kind); }
  void ArmTimer(SimTime, stack::TimerKind, uint32_t, uint32_t) override {}
  void ConnectFinished(stack::SocketId, stack::Errno) override {}
  trace::TraceSink* trace() override { return nullptr; }

  void set_now(SimTime t) { now_ = t; }
  int64_t icmp() const { return icmp_; }

 private:
  SimTime now_;
  int64_t icmp_ = 0;
};

// `port` moved onto the range's circle, when `from` was on it.
uint16_t OnCircle(int64_t port, int64_t from, const net::PortRange& range) {
  const int64_t lo = range.lo.value(), n = range.size();
  if (from < lo || from > range.hi.value()) return static_cast<uint16_t>(port);
  return static_cast<uint16_t>(lo + (((port - lo) % n) + n) % n);
}

// What one trial found.
struct Trial {
  bool poisoned = false;
  bool predicted = false;
  bool covered = false;
  int64_t reached = 0;
};

class Race {
 public:
  explicit Race(const PoisonOptions& o) : o_(o) {
    resolver_ = pool_.Intern(net::IpAddress::V4(kResolverAddr));
    victim_ = pool_.Intern(net::IpAddress::V4(kVictimServerAddr));
  }

  absl::StatusOr<Trial> Run(int64_t index, int64_t forgeries) {
    const uint64_t seed = DeriveSeed(o_.seed, absl::StrCat("poison:", index));
    stack::Host host("resolver", {net::IpAddress::V4(kResolverAddr)}, *o_.profile, seed, pool_,
                     env_);
    for (const auto& [name, value] : o_.knobs) {
      if (absl::Status s = host.SetSysctl(name, value); !s.ok()) return s;
    }
    range_ = host.knobs().ip_local_port_range;
    SimTime now;
    env_.set_now(now);
    std::optional<stack::SocketId> fixed;
    if (o_.query_port) {
      fixed = host.OpenSocket(net::Protocol::kUdp, false);
      const stack::Errno e = host.Bind(*fixed, {net::IpAddress::AnyV4(), *o_.query_port});
      if (e != stack::Errno::kOk) {
        return absl::InvalidArgumentError(absl::StrCat("the resolver cannot bind query port ",
                                                       o_.query_port->value(), ": ",
                                                       AV(stack::ErrnoName(e))));
      }
    }
    // One query to `server`: the socket it left from and its port.
    auto query = [&](uint32_t server) -> absl::StatusOr<std::pair<stack::SocketId, uint16_t>> {
      const stack::SocketId s = fixed ? *fixed : host.OpenSocket(net::Protocol::kUdp, false);
      const net::Endpoint to{net::IpAddress::V4(server), net::Port(kDnsPort)};
      const stack::Errno e = host.Send(s, kQueryBytes, to);
      if (e != stack::Errno::kOk) {
        return absl::InvalidArgumentError(
            absl::StrCat("the resolver's query failed: ", AV(stack::ErrnoName(e))));
      }
      return std::pair{s, host.LocalEndpoint(s).port.value()};
    };

    // 1. The attacker's own queries, each done with once its answer is in.
    std::array<int64_t, kObserved> seen{};
    for (int i = 0; i < kObserved; ++i) {
      now = now + kQueryGap;
      env_.set_now(now);
      absl::StatusOr<std::pair<stack::SocketId, uint16_t>> q = query(kAttackerServerAddr);
      if (!q.ok()) return q.status();
      seen[i] = q->second;
      if (!fixed) host.Close(q->first);
    }
    // 2. The victim query, with its ID.
    now = now + kQueryGap;
    env_.set_now(now);
    absl::StatusOr<std::pair<stack::SocketId, uint16_t>> q = query(kVictimServerAddr);
    if (!q.ok()) return q.status();
    const auto [socket, port] = *q;
    Rng resolver_rng(DeriveSeed(seed, "dns-query-id"));
    const uint32_t id = resolver_rng.Below(kDnsIds);

    // 3. The attacker's bet, and the race.
    Trial t;
    Rng attacker(DeriveSeed(seed, "dns-attacker"));
    const int64_t stride = seen[2] - seen[1];
    t.predicted = seen[1] - seen[0] == stride;
    const uint16_t target = OnCircle(seen[2] + stride, seen[2], range_);
    const int64_t lo = range_.lo.value(), n = range_.size();
    const int64_t first_port = t.predicted ? 0 : attacker.Below(static_cast<uint32_t>(n));
    const uint32_t first_id = attacker.Below(kDnsIds);
    // Whether a forgery goes to the query's port at all.
    t.covered = t.predicted ? target == port
                            : range_.Contains(net::Port(port)) &&
                                  ((port - lo - first_port) % n + n) % n < forgeries;
    const int64_t sent_at = now.nanos();
    net::Segment forged;
    forged.kind = net::SegmentKind::kUdp;
    forged.src = victim_;
    forged.dst = resolver_;
    forged.sport = kDnsPort;
    forged.length = kAnswerBytes;
    for (int64_t k = 0; k < forgeries; ++k) {
      uint32_t guess;
      if (t.predicted) {
        forged.dport = target;
        guess = static_cast<uint32_t>((first_id + k) % kDnsIds);
      } else {
        forged.dport = static_cast<uint16_t>(lo + (first_port + k) % n);
        guess = static_cast<uint32_t>((first_id + k / n) % kDnsIds);
      }
      const int64_t offset = static_cast<int64_t>(static_cast<__int128>(k) * 1'000'000'000 / o_.rate);
      env_.set_now(SimTime::FromNanos(sent_at + offset));
      // 4. Through the stack: only a datagram demux hands to the query's
      // socket reaches the resolver, which reads it (its bytes received).
      const uint32_t before = host.Get(socket)->rcv_nxt;
      host.Receive(forged);
      if (host.Get(socket)->rcv_nxt == before) continue;
      ++t.reached;
      if (guess == id) {  // RFC 5452 §9.1: the ID matches; kept
        t.poisoned = true;
        break;
      }
    }
    return t;
  }

  const net::PortRange& range() const { return range_; }
  int64_t icmp() const { return env_.icmp(); }

 private:
  const PoisonOptions& o_;
  net::AddressPool pool_;
  RaceEnvironment env_;
  net::AddrId resolver_ = 0, victim_ = 0;
  net::PortRange range_;
};

}  // namespace

absl::StatusOr<PoisonFigures> RunPoisoningRace(const PoisonOptions& o) {
  if (!o.profile) return absl::InvalidArgumentError("poison: no OS profile");
  if (o.rate < 1) return absl::InvalidArgumentError("poison: rate must be >= 1 per second");
  if (o.window <= Duration()) return absl::InvalidArgumentError("poison: the window must be > 0");
  if (o.trials < 1) return absl::InvalidArgumentError("poison: trials must be >= 1");
  PoisonFigures f;
  f.trials = o.trials;
  f.forgeries = ForgeriesInWindow(o.rate, o.window.nanos());
  if (f.forgeries > kMaxForgeries / o.trials) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "poison: ", o.trials, " trials of ", f.forgeries, " forged answers each is more than ",
        kMaxForgeries, " datagrams"));
  }
  Race race(o);
  double analytic_sum = 0;
  for (int64_t i = 0; i < o.trials; ++i) {
    absl::StatusOr<Trial> t = race.Run(i, f.forgeries);
    if (!t.ok()) return t.status();
    f.poisoned += t->poisoned;
    f.predicted += t->predicted;
    f.port_covered += t->covered;
    f.reached += t->reached;
    SpoofOdds odds;
    odds.ports = t->predicted ? 1 : race.range().size();
    odds.forgeries = f.forgeries;
    analytic_sum += SpoofProbability(odds);
  }
  f.range_ports = race.range().size();
  f.icmp = race.icmp();
  f.analytic = analytic_sum / o.trials;
  f.interval = WilsonInterval(f.poisoned, f.trials);
  return f;
}

}  // namespace portlab::sim
