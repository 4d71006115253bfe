// Host::Demux: finding the socket an arriving TCP segment belongs to, with
// 10^3 .. 10^6 established connections in the server's table.
//
// The table is filled without a client host: for each connection the bench
// hands the server a SYN and then an ACK from a distinct (client address,
// client port), the real AcceptSyn / ProcessTcp path, so the connection
// table and every index beside it are what a simulation would build. The
// server's SYN|ACKs go to an environment whose Transmit only counts.
//
// The timed loop looks up the connections' ACKs in a random order fixed by a
// seeded generator (segments precomputed in a vector, so the loop does no
// arithmetic beyond the lookup), cycling through the vector.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "benchmark/benchmark.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/ip_address.h"
#include "portlab/stack/host.h"
#include "portlab/stack/os_profile.h"

namespace portlab {
namespace {

using net::Segment;

// Delivers nothing: the bench drives the server by hand.
class CountingEnv : public stack::HostEnvironment {
 public:
  SimTime Now() const override { return {}; }
  void Transmit(const Segment&) override { ++transmitted_; }
  void ArmTimer(SimTime, stack::TimerKind, uint32_t, uint32_t) override {}
  void ConnectFinished(stack::SocketId, stack::Errno) override {}
  trace::TraceSink* trace() override { return nullptr; }
  int64_t transmitted() const { return transmitted_; }

 private:
  int64_t transmitted_ = 0;
};

constexpr uint32_t kServerAddress = 0x0a000002;  // 10.0.0.2
constexpr uint32_t kFirstClient = 0x0b000000;    // 11.0.0.0 onwards
constexpr uint16_t kServerPort = 80;
constexpr int kPortsPerClient = 50000;           // client ports 10000..59999
constexpr uint64_t kShuffleSeed = 42;

// A server with `n` established connections, and one ACK per connection in a
// shuffled order.
struct Fixture {
  net::AddressPool pool;
  CountingEnv env;
  stack::Host server;
  std::vector<Segment> lookups;

  explicit Fixture(int64_t n)
      : server("server", {net::IpAddress::V4(kServerAddress)}, *stack::FindProfile("linux"),
               /*seed=*/1, pool, env) {
    stack::SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
    server.Bind(l, {net::IpAddress::AnyV4(), net::Port(kServerPort)});
    server.Listen(l);
    const net::AddrId dst = pool.Intern(net::IpAddress::V4(kServerAddress));
    lookups.reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      Segment seg;
      seg.src = pool.Intern(net::IpAddress::V4(kFirstClient + static_cast<uint32_t>(i / kPortsPerClient)));
      seg.dst = dst;
      seg.sport = static_cast<uint16_t>(10000 + i % kPortsPerClient);
      seg.dport = kServerPort;
      seg.flags = net::kSyn;
      server.Receive(seg);  // SYN-RECEIVED, SYN|ACK out
      seg.flags = net::kAck;
      server.Receive(seg);  // ESTABLISHED
      lookups.push_back(seg);
    }
    std::mt19937_64 rng(kShuffleSeed);
    std::shuffle(lookups.begin(), lookups.end(), rng);
  }
};

void BM_DemuxExact(benchmark::State& state) {
  const int64_t n = state.range(0);
  Fixture f(n);
  if (f.server.figures(net::Protocol::kTcp).established != n) {
    state.SkipWithError("the table did not fill");
    return;
  }
  size_t i = 0;
  const size_t size = f.lookups.size();
  for (auto _ : state) {
    stack::DemuxResult r = f.server.Demux(f.lookups[i]);
    benchmark::DoNotOptimize(r);
    if (++i == size) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["connections"] = static_cast<double>(n);
}
BENCHMARK(BM_DemuxExact)->RangeMultiplier(10)->Range(1000, 1000000);

// A SYN for a new connection: the exact lookup misses, then the listener
// lookup matches (the path every handshake takes once).
void BM_DemuxListenerSyn(benchmark::State& state) {
  const int64_t n = state.range(0);
  Fixture f(n);
  // The same ports from client addresses 12.0.0.0 onwards: no connection.
  absl::flat_hash_map<net::AddrId, net::AddrId> fresh;
  std::vector<Segment> syns = f.lookups;
  for (Segment& s : syns) {
    uint32_t v4 = f.pool.Get(s.src).v4() + 0x01000000;
    s.src = fresh.try_emplace(s.src, f.pool.Intern(net::IpAddress::V4(v4))).first->second;
    s.flags = net::kSyn;
  }
  size_t i = 0;
  const size_t size = syns.size();
  for (auto _ : state) {
    stack::DemuxResult r = f.server.Demux(syns[i]);
    benchmark::DoNotOptimize(r);
    if (++i == size) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DemuxListenerSyn)->RangeMultiplier(10)->Range(1000, 1000000);

}  // namespace
}  // namespace portlab
