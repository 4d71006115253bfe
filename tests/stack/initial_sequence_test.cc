// Initial sequence numbers (stack/initial_sequence.h): each profile's rule
// as its OS's source makes them, deterministic per seed, different per
// 4-tuple where the OS hashes it, moving with the clock as the OS's does.
#include "portlab/stack/initial_sequence.h"

#include <catch2/catch.hpp>

#include "portlab/stack/os_profile.h"

namespace portlab::stack {
namespace {

net::IpAddress Addr(const char* text) { return *net::IpAddress::Parse(text); }

// One connect() ISN of `rule` under `seed`, from a fresh generator.
uint32_t First(IsnRule rule, uint64_t seed, const char* local, uint16_t local_port, SimTime at) {
  InitialSequence isn(rule, seed);
  return isn.ForConnect(Addr(local), local_port, Addr("10.0.0.2"), 443, at);
}

TEST_CASE("ISNs are the same for the same seed and differ with the seed and the 4-tuple", "[stack][isn]") {
  const SimTime t = SimTime::FromNanos(5'000'000'000);
  for (IsnRule rule : {IsnRule::kLinux, IsnRule::kFreeBsd, IsnRule::kXnu, IsnRule::kWindows}) {
    INFO(IsnRuleName(rule));
    const uint32_t a = First(rule, 7, "10.0.0.1", 40000, t);
    CHECK(First(rule, 7, "10.0.0.1", 40000, t) == a);
    CHECK(First(rule, 8, "10.0.0.1", 40000, t) != a);        // another boot secret
    CHECK(First(rule, 7, "10.0.0.1", 40001, t) != a);        // another port
    CHECK(First(rule, 7, "10.0.0.3", 40000, t) != a);        // another address
  }
  // IPv6 tuples hash too (secure_tcpv6_seq).
  InitialSequence v6(IsnRule::kLinux, 7);
  CHECK(v6.ForConnect(Addr("2001:db8::1"), 40000, Addr("2001:db8::2"), 443, t) !=
        v6.ForConnect(Addr("2001:db8::1"), 40001, Addr("2001:db8::2"), 443, t));
}

TEST_CASE("ISNs move with each OS's clock", "[stack][isn]") {
  // The same 4-tuple at two times: the hash is the same, so the difference
  // is the clock's (and FreeBSD's offset's) part alone.
  struct Row {
    IsnRule rule;
    int64_t from_ns, to_ns;
    uint32_t min_step, max_step;  // ISN(to) - ISN(from), modulo 2^32
  };
  const Row rows[] = {
      // seq_scale: ktime_get_real_ns() >> 6, one per 64 ns.
      {IsnRule::kLinux, 0, 64, 1, 1},
      {IsnRule::kLinux, 1'000'000'000, 2'000'000'000, 15625000, 15625000},
      // XNU: tv_sec * (1048576 / 100): whole seconds only.
      {IsnRule::kXnu, 1'000'000'000, 1'999'999'999, 0, 0},
      {IsnRule::kXnu, 1'000'000'000, 3'000'000'000, 2 * 10485, 2 * 10485},
      // RFC 6528's 4 µs timer.
      {IsnRule::kWindows, 0, 4'000'000, 1000, 1000},
      // FreeBSD: at least 1 MiB/s of ticks (1048 per ms), plus one increment
      // of 4096..8191 per ISN.
      {IsnRule::kFreeBsd, 1'000'000, 1'001'000'000, 1048000, 1048000 + 8191},
  };
  for (const Row& r : rows) {
    INFO(IsnRuleName(r.rule) << " " << r.from_ns << " -> " << r.to_ns);
    InitialSequence isn(r.rule, 3);
    const net::IpAddress a = Addr("10.0.0.1"), b = Addr("10.0.0.2");
    const uint32_t first = isn.ForConnect(a, 40000, b, 443, SimTime::FromNanos(r.from_ns));
    const uint32_t second = isn.ForConnect(a, 40000, b, 443, SimTime::FromNanos(r.to_ns));
    CHECK(second - first >= r.min_step);
    CHECK(second - first <= r.max_step);
  }
}

TEST_CASE("ns-3 starts every connection at 0, lwIP counts from 6510 by its ticks", "[stack][isn]") {
  InitialSequence ns3(IsnRule::kZero, 1);
  const net::IpAddress a = Addr("10.0.0.1"), b = Addr("10.0.0.2");
  CHECK(ns3.ForConnect(a, 49153, b, 80, SimTime::FromNanos(0)) == 0);
  CHECK(ns3.ForAccept(a, 80, b, 49153, SimTime::FromNanos(9'000'000'000)) == 0);
  // tcp_next_iss: iss += tcp_ticks (500 ms each), whoever asks.
  InitialSequence lwip(IsnRule::kLwip, 1);
  CHECK(lwip.ForConnect(a, 49152, b, 80, SimTime::FromNanos(0)) == 6510);
  CHECK(lwip.ForConnect(a, 49153, b, 80, SimTime::FromNanos(2'000'000'000)) == 6514);
  CHECK(lwip.ForAccept(a, 80, b, 49153, SimTime::FromNanos(2'600'000'000)) == 6519);
}

TEST_CASE("the BSDs answer a SYN with a random ISN, Linux with the hash", "[stack][isn]") {
  const net::IpAddress a = Addr("10.0.0.1"), b = Addr("10.0.0.2");
  const SimTime t = SimTime::FromNanos(1'000'000);
  InitialSequence linux_isn(IsnRule::kLinux, 4);
  CHECK(linux_isn.ForAccept(a, 80, b, 40000, t) == linux_isn.ForConnect(a, 80, b, 40000, t));
  for (IsnRule rule : {IsnRule::kFreeBsd, IsnRule::kXnu}) {
    INFO(IsnRuleName(rule));
    InitialSequence isn(rule, 4);
    // arc4random() / RandomULong(): two SYNs on one 4-tuple at one time
    // get unrelated numbers.
    CHECK(isn.ForAccept(a, 80, b, 40000, t) != isn.ForAccept(a, 80, b, 40000, t));
  }
}

TEST_CASE("a connection after a TIME-WAIT starts at its snd_nxt + 65537, never 0", "[stack][isn]") {
  CHECK(InitialSequence::AfterTimeWait(1000) == 1000 + 65537);
  CHECK(InitialSequence::AfterTimeWait(0xffffffffu - 65536) == 1);  // would wrap to 0
}

TEST_CASE("each profile names its OS's ISN rule", "[stack][isn]") {
  struct Row {
    const char* profile;
    IsnRule rule;
  };
  const Row rows[] = {{"linux", IsnRule::kLinux},     {"linux-2.6", IsnRule::kLinux}, {"freebsd", IsnRule::kFreeBsd},
                      {"macos", IsnRule::kXnu},       {"windows", IsnRule::kWindows}, {"ns3", IsnRule::kZero},
                      {"lwip", IsnRule::kLwip},       {"custom", IsnRule::kLinux}};
  for (const Row& r : rows) {
    INFO(r.profile);
    const OsProfile* p = FindProfile(r.profile);
    REQUIRE(p != nullptr);
    CHECK(IsnRuleName(p->isn_rule) == IsnRuleName(r.rule));
  }
}

}  // namespace
}  // namespace portlab::stack
