// TIME-WAIT's rules (stack/time_wait_rules.h), case by case against the
// kernel functions they follow: tcp_twsk_unique for a connect() and
// tcp_timewait_state_process for a SYN. What a host then does with them is
// held by time_wait_test.cc and the kernel comparisons.
#include "portlab/stack/time_wait_rules.h"

#include <catch2/catch.hpp>

namespace portlab::stack {
namespace {

TEST_CASE("TwReuseFor: tcp_tw_reuse=2 means loopback only", "[stack][time-wait]") {
  CHECK(TwReuseFor(2, false, false) == 0);
  CHECK(TwReuseFor(2, true, false) == 1);
  CHECK(TwReuseFor(2, false, true) == 1);
  CHECK(TwReuseFor(1, false, false) == 1);
  CHECK(TwReuseFor(0, true, true) == 0);
}

TEST_CASE("TimeWaitTakenByConnect: tcp_twsk_unique's conditions", "[stack][time-wait]") {
  Knobs on;  // Linux's defaults: timestamps on, tcp_tw_reuse_delay 1 s
  Knobs off = on;
  off.tcp_timestamps = false;
  const int64_t entered = Duration::Seconds(10).nanos();
  struct Row {
    const char* why;
    const Knobs* knobs;
    int reuse;
    bool bound;
    SimTime now;
    bool taken;
  };
  const Row rows[] = {
      {"no timestamps: never", &off, 1, true, SimTime::FromNanos(entered) + Duration::Seconds(5), false},
      {"bound before connect(): at once", &on, 0, true, SimTime::FromNanos(entered), true},
      {"tcp_tw_reuse off: never", &on, 0, false, SimTime::FromNanos(entered) + Duration::Seconds(50), false},
      {"reuse on, 1,000 ms after entering: not yet (time_after32 is strict)", &on, 1, false,
       SimTime::FromNanos(entered) + Duration::Millis(1000), false},
      {"reuse on, 1,001 ms after: taken", &on, 1, false, SimTime::FromNanos(entered) + Duration::Millis(1001), true},
      {"reuse on, 1,000.9 ms after: the same millisecond as 1,000, not yet", &on, 1, false,
       SimTime::FromNanos(entered) + Duration::Micros(1000900), false},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(TimeWaitTakenByConnect(*r.knobs, r.reuse, r.bound, entered, r.now) == r.taken);
  }
}

TEST_CASE("TimeWaitTakesSyn: new by sequence number or by timestamps", "[stack][time-wait]") {
  Socket tw;
  tw.rcv_nxt = 1000;
  net::Segment syn;
  syn.flags = net::kSyn;
  struct Row {
    const char* why;
    uint32_t seq;
    bool tw_timestamps;
    bool syn_timestamps;
    bool takes;
  };
  const Row rows[] = {
      {"sequence after RCV.NXT", 1001, false, false, true},
      {"sequence at RCV.NXT: an old duplicate", 1000, false, false, false},
      {"sequence before RCV.NXT", 999, false, false, false},
      {"sequence far before RCV.NXT", 5, false, false, false},
      {"before RCV.NXT, but both used timestamps", 999, true, true, true},
      {"before RCV.NXT, only the old connection used timestamps", 999, true, false, false},
      {"before RCV.NXT, only the SYN carries timestamps", 999, false, true, false},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    tw.timestamps = r.tw_timestamps;
    syn.seq = r.seq;
    syn.flags = r.syn_timestamps ? (net::kSyn | net::kTimestamps) : net::kSyn;
    CHECK(TimeWaitTakesSyn(tw, syn) == r.takes);
  }
}

TEST_CASE("TimeWaitTakesSyn: a sequence number just past RCV.NXT across the wrap is new", "[stack][time-wait]") {
  Socket tw;
  tw.rcv_nxt = 0xfffffff0u;
  net::Segment syn;
  syn.flags = net::kSyn;
  syn.seq = 5;  // 21 after RCV.NXT, modulo 2^32
  CHECK(TimeWaitTakesSyn(tw, syn));
}

}  // namespace
}  // namespace portlab::stack
