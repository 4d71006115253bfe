// HostCounters (stack/host_counters.h): demux counts kept as integers and
// named when folded; a rejected segment counts as "none"; peaks follow.
#include "portlab/stack/host_counters.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

namespace portlab::stack {
namespace {

TEST_CASE("HostCounters: demux counts fold in by rule name", "[stack]") {
  HostCounters c;
  struct Case {
    net::Protocol p;
    DemuxRule rule;
  };
  for (const Case& k : {Case{net::Protocol::kTcp, DemuxRule::kExact}, Case{net::Protocol::kTcp, DemuxRule::kExact},
                        Case{net::Protocol::kTcp, DemuxRule::kRejected}, Case{net::Protocol::kTcp, DemuxRule::kNone},
                        Case{net::Protocol::kUdp, DemuxRule::kFiltered}}) {
    c.CountDemux(k.p, k.rule);
  }
  CHECK(c.of(net::Protocol::kTcp).demux.empty());  // not folded yet
  CHECK(c.Folded(net::Protocol::kTcp).demux == std::map<std::string, int64_t>{{"exact", 2}, {"none", 2}});
  CHECK(c.Folded(net::Protocol::kUdp).demux == std::map<std::string, int64_t>{{"filtered", 1}});
}

TEST_CASE("HostCounters: ports in use and their peak", "[stack]") {
  HostCounters c;
  for (int64_t n : {1, 5, 3}) c.NotePortsInUse(net::Protocol::kUdp, n);
  CHECK(c.of(net::Protocol::kUdp).ports_in_use == 3);
  CHECK(c.of(net::Protocol::kUdp).peak_ports_in_use == 5);
  CHECK(c.of(net::Protocol::kTcp).peak_ports_in_use == 0);
}

}  // namespace
}  // namespace portlab::stack
