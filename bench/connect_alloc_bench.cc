// The cost of choosing an ephemeral port for connect() as the range fills.
//
// BM_LinuxConnect goes through Host: a client with the linux profile is
// filled to an occupancy of the default range (32768-60999, 28,232 ports)
// toward one destination by real connect() calls (their SYNs go to an
// environment whose Transmit only counts, so they stay in SYN-SENT); the
// timed loop is socket() + connect() (the allocation) + abort() (the
// release) of one more socket.
//
// BM_Strategy benches each EphemeralStrategy directly (every strategy of
// Strategies() from `linux` to `linux-5.12`, whether or not a profile uses
// it), against a PortTester backed by one PortBitmap
// filled at random (fixed seed) to the occupancy. `skip` is stack::BitmapTester
// (the strategy analysis's tester): it skips used ports 64 at a time as
// Host's connect tester does and counts free ports with popcounts; `each`
// asks Usable() once per candidate (the PortTester defaults). The
// timed loop is Select() + marking the port used + clearing it again.
//
// Occupancy is the benchmark argument in tenths of a percent (999 = 99.9 %).
// The `probes` counter is the candidates examined per allocation, as the
// modelled OS would count them (Host::last_probes()).
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/ip_address.h"
#include "portlab/stack/bitmap_tester.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/host.h"
#include "portlab/stack/os_profile.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab {
namespace {

constexpr int kRangeLo = 32768, kRangeHi = 60999;  // Linux ip_local_port_range
constexpr int kRangeSize = kRangeHi - kRangeLo + 1;  // 28,232
constexpr uint32_t kClientAddress = 0x0a000001;      // 10.0.0.1
constexpr uint32_t kServerAddress = 0x0a000002;      // 10.0.0.2
constexpr uint16_t kServerPort = 80;
constexpr uint64_t kFillSeed = 42;

int64_t FillCount(int64_t per_mille) { return (kRangeSize * per_mille + 500) / 1000; }

// Segments go nowhere; timers never fire.
class CountingEnv : public stack::HostEnvironment {
 public:
  SimTime Now() const override { return {}; }
  void Transmit(const net::Segment&) override { ++transmitted_; }
  void ArmTimer(SimTime, stack::TimerKind, uint32_t, uint32_t) override {}
  void ConnectFinished(stack::SocketId, stack::Errno) override {}
  trace::TraceSink* trace() override { return nullptr; }

 private:
  int64_t transmitted_ = 0;
};

// A linux client filled to `per_mille` of the default range toward one
// destination by real connect() calls, as both connect benches start.
struct FilledClient {
  net::AddressPool pool;
  CountingEnv env;
  stack::Host client{"client", {net::IpAddress::V4(kClientAddress)}, *stack::FindProfile("linux"),
                     /*seed=*/1, pool, env};
  const net::Endpoint server{net::IpAddress::V4(kServerAddress), net::Port(kServerPort)};
  int64_t fill = 0;

  // False when the range filled before the occupancy was reached.
  bool Fill(int64_t per_mille) {
    fill = FillCount(per_mille);
    for (int64_t i = 0; i < fill; ++i) {
      stack::SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
      if (client.Connect(s, server) != stack::Errno::kEINPROGRESS) return false;
    }
    return true;
  }
};

void BM_LinuxConnect(benchmark::State& state) {
  FilledClient f;
  if (!f.Fill(state.range(0))) {
    state.SkipWithError("the range filled early");
    return;
  }
  stack::Host& client = f.client;
  const net::Endpoint& server = f.server;
  const int64_t fill = f.fill;
  int64_t probes = 0;
  for (auto _ : state) {
    stack::SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
    stack::Errno e = client.Connect(s, server);
    probes += client.last_probes();
    client.Abort(s);
    if (e != stack::Errno::kEINPROGRESS) {
      state.SkipWithError("connect failed");
      break;
    }
  }
  state.counters["probes"] = benchmark::Counter(static_cast<double>(probes),
                                                benchmark::Counter::kAvgIterations);
  state.counters["occupied"] = static_cast<double>(fill);
}
BENCHMARK(BM_LinuxConnect)->ArgName("per_mille")->Arg(0)->Arg(500)->Arg(900)->Arg(990)->Arg(999);

// The connect() call alone: each iteration times kBatch connect()s on fresh
// sockets (manual time, std::chrono around the calls only), then aborts them
// untimed, so the occupancy stays within kBatch ports of the target. Time is
// per batch; the `per_call` counter is the time per connect() call.
constexpr int kBatch = 100;

void BM_LinuxConnectCall(benchmark::State& state) {
  FilledClient f;
  if (!f.Fill(state.range(0))) {
    state.SkipWithError("the range filled early");
    return;
  }
  stack::Host& client = f.client;
  const net::Endpoint& server = f.server;
  const int64_t fill = f.fill;
  std::vector<stack::SocketId> batch(kBatch);
  int64_t probes = 0;
  for (auto _ : state) {
    for (auto& s : batch) s = client.OpenSocket(net::Protocol::kTcp, false);
    auto t0 = std::chrono::steady_clock::now();
    int failed = 0;
    for (const auto& s : batch) {
      failed += client.Connect(s, server) != stack::Errno::kEINPROGRESS;
      probes += client.last_probes();
    }
    auto t1 = std::chrono::steady_clock::now();
    for (const auto& s : batch) client.Abort(s);
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    if (failed) {
      state.SkipWithError("connect failed");
      break;
    }
  }
  state.counters["occupied"] = static_cast<double>(fill);
  state.counters["probes"] = benchmark::Counter(static_cast<double>(probes) / kBatch,
                                                benchmark::Counter::kAvgIterations);
  // Time per connect() call: the inverse of calls per (manual) second.
  state.counters["per_call"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kBatch,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
// 99.9 % leaves 28 free ports, fewer than a batch: the cycle bench above
// covers it.
BENCHMARK(BM_LinuxConnectCall)->ArgName("per_mille")->Arg(0)->Arg(500)->Arg(900)->Arg(990)->UseManualTime();

// The `_each` tester: Usable() per candidate, the PortTester defaults for
// everything else (no skipping, no counting).
class EachTester : public stack::PortTester {
 public:
  explicit EachTester(const stack::PortBitmap& used) : used_(used) {}
  bool Usable(uint16_t port) override { return !used_.Test(port); }

 private:
  const stack::PortBitmap& used_;
};

void BM_Strategy(benchmark::State& state, std::string name, bool skip) {
  std::unique_ptr<stack::EphemeralStrategy> strategy = stack::MakeStrategy(name, 1).value();
  stack::PortBitmap used;
  std::vector<int> ports;
  for (int p = kRangeLo; p <= kRangeHi; ++p) ports.push_back(p);
  std::mt19937_64 rng(kFillSeed);
  std::shuffle(ports.begin(), ports.end(), rng);
  const int64_t fill = FillCount(state.range(0));
  for (int64_t i = 0; i < fill; ++i) used.Set(ports[i]);

  stack::PortRequest request;
  request.purpose = stack::PortPurpose::kConnect;
  request.range = {net::Port(kRangeLo), net::Port(kRangeHi)};
  request.saddr = net::IpAddress::V4(kClientAddress);
  request.daddr = net::IpAddress::V4(kServerAddress);
  request.dport = net::Port(kServerPort);
  stack::BitmapTester skipping(used);
  EachTester each(used);
  stack::PortTester& tester = skip ? static_cast<stack::PortTester&>(skipping) : each;
  int64_t probes = 0;
  for (auto _ : state) {
    stack::PortSelection sel = strategy->Select(request, tester);
    if (!sel.port) {
      state.SkipWithError("no port");
      break;
    }
    probes += sel.probes;
    used.Set(sel.port->value());  // allocated ...
    benchmark::DoNotOptimize(used);
    used.Clear(sel.port->value());  // ... and released
  }
  state.counters["probes"] = benchmark::Counter(static_cast<double>(probes),
                                                benchmark::Counter::kAvgIterations);
}

void Occupancies(benchmark::internal::Benchmark* b) {
  b->ArgName("per_mille");
  for (int pm : {0, 500, 900, 990, 999}) b->Arg(pm);
}
BENCHMARK_CAPTURE(BM_Strategy, linux_skip, std::string("linux"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, sequential_skip, std::string("sequential"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_skip, std::string("random"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_pick_skip, std::string("random-pick"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, hash_skip, std::string("hash"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, double_hash_skip, std::string("double-hash"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_increments_skip, std::string("random-increments"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, bitmap_random_skip, std::string("bitmap-random"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, linux_2_6_skip, std::string("linux-2.6"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, linux_5_12_skip, std::string("linux-5.12"), true)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, linux_each, std::string("linux"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, sequential_each, std::string("sequential"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_each, std::string("random"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_pick_each, std::string("random-pick"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, hash_each, std::string("hash"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, double_hash_each, std::string("double-hash"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, random_increments_each, std::string("random-increments"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, bitmap_random_each, std::string("bitmap-random"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, linux_2_6_each, std::string("linux-2.6"), false)
    ->Apply(Occupancies);
BENCHMARK_CAPTURE(BM_Strategy, linux_5_12_each, std::string("linux-5.12"), false)
    ->Apply(Occupancies);

}  // namespace
}  // namespace portlab
