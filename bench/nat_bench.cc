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
// PrefetchOutbound / PrefetchInbound for the segment kAhead places later
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
  std::vector<stack::Segment> out;  // established flows, random order
  std::vector<stack::Segment> in;   // their answers, same order
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
    stack::Segment s;
    s.kind = stack::SegmentKind::kUdp;
    s.src = f.pool.Intern(net::IpAddress::V4(0x64400001u + static_cast<uint32_t>(i % kSubscribers)));
    s.sport = static_cast<uint16_t>(10000 + i / kSubscribers);
    s.dst = server;
    s.dport = 443;
    nat::NatResult r = f.box->Outbound(s, sim::SimTime());
    if (r.action != nat::NatResult::Action::kToOutside) std::abort();
    stack::Segment back;
    back.kind = stack::SegmentKind::kUdp;
    back.src = server;
    back.sport = 443;
    back.dst = r.segment.src;
    back.dport = r.segment.sport;
    // One answer, so the session is established (UDP-STREAM) before the
    // timed loops: every timed segment is of an established session.
    if (f.box->Inbound(back, sim::SimTime()).action != nat::NatResult::Action::kToInside) std::abort();
    f.out.push_back(s);
    f.in.push_back(back);
  }
  std::mt19937_64 rng(42);
  std::vector<size_t> order(f.out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<stack::Segment> out, in;
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
    nat::NatResult r = f.box->Outbound(f.out[i], sim::SimTime());
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
    f.box->PrefetchOutbound(f.out[i + kAhead < n ? i + kAhead : i + kAhead - n]);
    nat::NatResult r = f.box->Outbound(f.out[i], sim::SimTime());
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
    f.box->PrefetchInbound(f.in[i + kAhead < n ? i + kAhead : i + kAhead - n]);
    nat::NatResult r = f.box->Inbound(f.in[i], sim::SimTime());
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
    nat::NatResult r = f.box->Inbound(f.in[i], sim::SimTime());
    benchmark::DoNotOptimize(r.segment.dport);
    if (++i == f.in.size()) i = 0;
  }
  state.counters["mappings"] = static_cast<double>(f.box->mapping_count());
}
BENCHMARK(BM_TranslateInbound)->Arg(10000)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace portlab
