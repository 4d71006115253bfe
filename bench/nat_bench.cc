// NatBox translation: one UDP datagram of an established mapping going out
// (Outbound) and its answer coming in (Inbound), with 10^4 .. 10^6 mappings
// in the table, CGNAT-shaped: 10^4 subscribers in 100.64.0.0/16, each with
// up to 100 source ports toward one server, over 20 outside addresses
// (arbitrary pooling, endpoint-independent mapping and filtering). Each
// mapping has one session, answered once before timing (UDP-STREAM).
//
// The table is filled through Outbound itself. The timed loop walks the
// mappings in a seeded random order (segments precomputed), so lookups miss
// the cache as a busy NAT's would; time is held still (no expiry work).
//
// BM_TranslateOutbound / BM_TranslateInbound translate one segment after
// another with nothing else known. The *Pipelined variants call
// hints().Outbound / hints().Inbound for the segment kAhead places later
// before translating each one, as a caller that knows what comes next can
// (the simulation does it for the next event's segment).
#include <algorithm>
#include <map>
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "portlab/nat/nat_box.h"
#include "portlab/nat/nat_profiles.h"

namespace portlab {
namespace {

constexpr int kSubscribers = 10000;
constexpr int kOutsideAddresses = 20;

struct Filled {
  net::AddressPool pool;
  std::unique_ptr<nat::NatBox> box;
  std::vector<net::Segment> out;  // established flows, random order
  std::vector<net::Segment> in;   // their answers, same order
};

Filled& Fill(int64_t mappings) {
  static std::map<int64_t, std::unique_ptr<Filled>> cache;
  auto& slot = cache[mappings];
  if (slot) return *slot;
  slot = std::make_unique<Filled>();
  Filled& f = *slot;
  nat::NatBoxSpec spec;
  spec.name = "cgn";
  spec.config = nat::FindNatProfile("cgnat")->config;
  spec.config.port_block_size = 0;  // every port of every address usable
  spec.config.pooling = nat::Pooling::kArbitrary;
  for (int i = 0; i < kOutsideAddresses; ++i) spec.outside.push_back(net::IpAddress::V4(0xCB007100u + i));
  spec.inside_network = *net::IpAddress::Parse("100.64.0.0");
  spec.inside_prefix = 16;
  f.box = std::move(*nat::NatBox::Create(spec, f.pool, 1, nullptr));
  f.box->Reserve(static_cast<size_t>(mappings));
  const net::AddrId server = f.pool.Intern(*net::IpAddress::Parse("198.51.100.80"));
  for (int64_t i = 0; i < mappings; ++i) {
    net::Segment s;
    s.kind = net::SegmentKind::kUdp;
    s.src = f.pool.Intern(net::IpAddress::V4(0x64400001u + static_cast<uint32_t>(i % kSubscribers)));
    s.sport = static_cast<uint16_t>(10000 + i / kSubscribers);
    s.dst = server;
    s.dport = 443;
    nat::NatResult r = f.box->Outbound(s, SimTime());
    if (r.action != nat::NatResult::Action::kToOutside) std::abort();
    net::Segment back;
    back.kind = net::SegmentKind::kUdp;
    back.src = server;
    back.sport = 443;
    back.dst = r.segment.src;
    back.dport = r.segment.sport;
    // One answer, so the session is established (UDP-STREAM) before the
    // timed loops: every timed segment is of an established session.
    if (f.box->Inbound(back, SimTime()).action != nat::NatResult::Action::kToInside) std::abort();
    f.out.push_back(s);
    f.in.push_back(back);
  }
  std::mt19937_64 rng(42);
  std::vector<size_t> order(f.out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<net::Segment> out, in;
  for (size_t i : order) {
    out.push_back(f.out[i]);
    in.push_back(f.in[i]);
  }
  f.out = std::move(out);
  f.in = std::move(in);
  return f;
}

void BM_TranslateOutbound(benchmark::State& state) {
  Filled& f = Fill(state.range(0));
  size_t i = 0;
  for (auto _ : state) {
    nat::NatResult r = f.box->Outbound(f.out[i], SimTime());
    benchmark::DoNotOptimize(r.segment.sport);
    if (++i == f.out.size()) i = 0;
  }
  state.counters["mappings"] = static_cast<double>(f.box->mapping_count());
}
BENCHMARK(BM_TranslateOutbound)->Arg(10000)->Arg(100000)->Arg(1000000);

constexpr size_t kAhead = 8;

void BM_TranslateOutboundPipelined(benchmark::State& state) {
  Filled& f = Fill(state.range(0));
  const size_t n = f.out.size();
  size_t i = 0;
  for (auto _ : state) {
    f.box->hints().Outbound(f.out[i + kAhead < n ? i + kAhead : i + kAhead - n]);
    nat::NatResult r = f.box->Outbound(f.out[i], SimTime());
    benchmark::DoNotOptimize(r.segment.sport);
    if (++i == n) i = 0;
  }
  state.counters["mappings"] = static_cast<double>(f.box->mapping_count());
}
BENCHMARK(BM_TranslateOutboundPipelined)->Arg(10000)->Arg(100000)->Arg(1000000);

void BM_TranslateInboundPipelined(benchmark::State& state) {
  Filled& f = Fill(state.range(0));
  const size_t n = f.in.size();
  size_t i = 0;
  for (auto _ : state) {
    f.box->hints().Inbound(f.in[i + kAhead < n ? i + kAhead : i + kAhead - n]);
    nat::NatResult r = f.box->Inbound(f.in[i], SimTime());
    benchmark::DoNotOptimize(r.segment.dport);
    if (++i == n) i = 0;
  }
  state.counters["mappings"] = static_cast<double>(f.box->mapping_count());
}
BENCHMARK(BM_TranslateInboundPipelined)->Arg(10000)->Arg(100000)->Arg(1000000);

void BM_TranslateInbound(benchmark::State& state) {
  Filled& f = Fill(state.range(0));
  size_t i = 0;
  for (auto _ : state) {
    nat::NatResult r = f.box->Inbound(f.in[i], SimTime());
    benchmark::DoNotOptimize(r.segment.dport);
    if (++i == f.in.size()) i = 0;
  }
  state.counters["mappings"] = static_cast<double>(f.box->mapping_count());
}
BENCHMARK(BM_TranslateInbound)->Arg(10000)->Arg(100000)->Arg(1000000);

// Whole mapping lifecycles through one NatBox with the `cgnat` profile,
// as bench/scenarios/nat-cgnat-1m.yaml drives them but without hosts: N
// TCP connections from 10^4 subscribers (N / 10^4 each) to one server, over
// 64 outside addresses. Each of the 8 segments of a connection (SYN,
// SYN|ACK, ACK, data, ACK, FIN|ACK, FIN|ACK, ACK) goes to every connection
// in turn, in a seeded random order per round, 1 us of simulated time
// apart; then time jumps past the NAT's TIME-WAIT timeout and every mapping
// expires. One iteration is all of it (a new NatBox); the time per item is
// per connection (its mapping created, 8 segments translated, expired).
void BM_CgnatLifecycles(benchmark::State& state) {
  const int64_t n = state.range(0);
  net::AddressPool pool;
  const net::AddrId server = pool.Intern(*net::IpAddress::Parse("198.51.100.80"));
  std::vector<net::Segment> syn(n);
  for (int64_t i = 0; i < n; ++i) {
    syn[i].kind = net::SegmentKind::kTcp;
    syn[i].flags = net::kSyn;
    syn[i].src = pool.Intern(net::IpAddress::V4(0x64400001u + static_cast<uint32_t>(i % kSubscribers)));
    syn[i].sport = static_cast<uint16_t>(32768 + i / kSubscribers);
    syn[i].dst = server;
    syn[i].dport = 443;
  }
  std::mt19937_64 rng(42);
  std::vector<std::vector<uint32_t>> orders(7);
  for (auto& o : orders) {
    o.resize(n);
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<uint32_t>(i);
    std::shuffle(o.begin(), o.end(), rng);
  }
  nat::NatBoxSpec spec;
  spec.name = "cgn";
  spec.config = nat::FindNatProfile("cgnat")->config;
  for (uint32_t i = 0; i < 64; ++i) spec.outside.push_back(net::IpAddress::V4(0xCB007101u + i));
  spec.inside_network = *net::IpAddress::Parse("100.64.0.0");
  spec.inside_prefix = 10;
  // Outbound (inside) and inbound flags of rounds 1..7, after the SYNs.
  struct Round {
    bool out;
    uint8_t flags;
    uint32_t length;
  };
  const Round rounds[7] = {{false, net::kSyn | net::kAck, 0}, {true, net::kAck, 0},
                           {true, net::kAck | net::kPsh, 100}, {false, net::kAck, 0},
                           {true, net::kFin | net::kAck, 0}, {false, net::kFin | net::kAck, 0},
                           {true, net::kAck, 0}};
  std::vector<net::Segment> outside(n);
  int64_t translated = 0;
  for (auto _ : state) {
    std::unique_ptr<nat::NatBox> box = std::move(*nat::NatBox::Create(spec, pool, 1, nullptr));
    int64_t t = 1'000'000'000;
    for (int64_t i = 0; i < n; ++i) {
      nat::NatResult r = box->Outbound(syn[i], SimTime::FromNanos(t += 1000));
      if (r.action != nat::NatResult::Action::kToOutside) std::abort();
      outside[i] = r.segment;
    }
    for (int k = 0; k < 7; ++k) {
      for (uint32_t i : orders[k]) {
        net::Segment s;
        if (rounds[k].out) {
          s = syn[i];
        } else {
          s = outside[i];
          std::swap(s.src, s.dst);
          std::swap(s.sport, s.dport);
        }
        s.flags = rounds[k].flags;
        s.length = rounds[k].length;
        const SimTime now = SimTime::FromNanos(t += 1000);
        nat::NatResult r = rounds[k].out ? box->Outbound(s, now) : box->Inbound(s, now);
        if (r.action == nat::NatResult::Action::kDrop) std::abort();
      }
    }
    std::vector<net::Segment> emitted;
    box->Advance(SimTime::FromNanos(t) + Duration::Seconds(300), &emitted);
    const nat::NatFigures f = box->figures();
    if (f.mappings_expired != n || f.mappings != 0) std::abort();
    translated = f.translated_out + f.translated_in;
  }
  state.counters["translated"] = static_cast<double>(translated);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_CgnatLifecycles)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portlab
