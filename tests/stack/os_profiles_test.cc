// The non-Linux profiles: the BSD-family cursor and each OS's knob names.
#include <catch2/catch.hpp>

#include <set>

#include "portlab/stack/bind_rules.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/os_profile.h"
#include "stack/set_tester.h"

namespace portlab::stack {
namespace {

using testing::SetTester;

std::vector<int> FirstPorts(std::string_view strategy, uint16_t lo, uint16_t hi, int n,
                            uint64_t seed = 1) {
  auto s = MakeStrategy(strategy, seed).value();
  PortRequest r;
  r.range = {net::Port(lo), net::Port(hi)};
  std::set<uint16_t> used;
  SetTester tester(used);
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    PortSelection sel = s->Select(r, tester);
    if (!sel.port) {
      out.push_back(0);
      continue;
    }
    used.insert(sel.port->value());
    out.push_back(sel.port->value());
  }
  return out;
}

TEST_CASE("the BSD-family cursors after boot", "[profiles]") {
  // XNU in_pcbbind with randomize_ports=0: 49152, 49153, ...
  CHECK(FirstPorts("bsd-sequential", 49152, 65535, 3) == std::vector<int>{49152, 49153, 49154});
  // ns-3 AllocateEphemeralPort: the cursor starts at 49152, so 49153 first.
  CHECK(FirstPorts("ns3", 49152, 65535, 3) == std::vector<int>{49153, 49154, 49155});
  // lwIP tcp_new_port never returns the top port; udp_new_port does.
  CHECK(FirstPorts("lwip-tcp", 65532, 65535, 4) == std::vector<int>{65533, 65534, 65532, 0});
  CHECK(FirstPorts("lwip-udp", 65532, 65535, 5) == std::vector<int>{65533, 65534, 65535, 65532, 0});
  // FreeBSD randomized: every port reachable, none twice, then failure.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::vector<int> ports = FirstPorts("bsd", 40000, 40099, 101, seed);
    std::set<int> distinct(ports.begin(), ports.end() - 1);
    CHECK(distinct.size() == 100);
    CHECK(ports.back() == 0);
  }
}

TEST_CASE("each OS takes its own knob names", "[profiles]") {
  struct Case {
    const char* os;
    const char* name;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"freebsd", "net.inet.ip.portrange.first", "20000", true},
      {"freebsd", "net.inet.ip.portrange.last", "5000", false},  // below first
      {"freebsd", "net.inet.tcp.msl", "15000", true},
      {"freebsd", "ip_local_port_range", "40000 40010", false},  // a Linux name
      {"macos", "net.inet.tcp.randomize_ports", "1", true},
      {"macos", "net.inet.udp.randomize_ports", "2", false},
      {"windows", "TcpTimedWaitDelay", "30", true},
      {"windows", "TcpTimedWaitDelay", "20", false},
      {"windows", "dynamicport tcp", "start=10000 num=1000", true},
      {"windows", "dynamicport tcp", "start=1000 num=1000", false},
      {"ns3", "MaxSegLifetime", "60", true},
      {"lwip", "MEMP_NUM_TCP_PCB", "16", true},
      {"custom", "strategy", "double-hash", true},
      {"custom", "strategy", "no-such", false},
      {"custom", "sharing", "unique", true},
      {"custom", "time_wait", "2m", true},
      {"custom", "tcp_tw_reuse", "1", true},  // and every linux knob
  };
  for (const Case& c : cases) {
    INFO(c.os << ": " << c.name << " = " << c.value);
    const OsProfile* p = FindProfile(c.os);
    REQUIRE(p != nullptr);
    Knobs k = p->knobs;
    CHECK(p->set_knob(k, c.name, c.value).ok() == c.ok);
  }
  // What the knobs change.
  Knobs k = FindProfile("freebsd")->knobs;
  REQUIRE(SetFreeBsdKnob(k, "net.inet.tcp.msl", "15000").ok());
  CHECK(k.time_wait == Duration::Seconds(30));
  REQUIRE(SetFreeBsdKnob(k, "net.inet.ip.portrange.randomized", "0").ok());
  CHECK(k.tcp_strategy == "bsd-sequential");
  k = FindProfile("windows")->knobs;
  CHECK(k.sharing == PortSharing::kUniquePort);
  REQUIRE(SetWindowsKnob(k, "AutoReusePortRangeNumberOfPorts", "100").ok());
  CHECK(k.sharing == PortSharing::kFourTuple);
}

TEST_CASE("every profile is documented and builds its strategies", "[profiles]") {
  for (const OsProfile& p : Profiles()) {
    INFO(p.name);
    CHECK_FALSE(p.description.empty());
    CHECK_FALSE(p.source.empty());
    CHECK(MakeStrategy(p.knobs.tcp_strategy, 1).ok());
    CHECK(MakeStrategy(p.knobs.udp_strategy, 1).ok());
    CHECK_FALSE(p.knob_info().empty());
  }
}

}  // namespace
}  // namespace portlab::stack

namespace portlab::stack {
namespace {

TEST_CASE("Windows bind rules: SO_REUSEADDR binds over owners, SO_EXCLUSIVEADDRUSE stops it",
          "[profiles]") {
  auto party = [](bool reuse, bool exclusive, bool listening) {
    BindParty p;
    p.address = net::IpAddress::AnyV4();
    p.reuseaddr = reuse;
    p.exclusive = exclusive;
    p.listening = listening;
    return p;
  };
  struct Case {
    bool new_reuse, new_exclusive, old_reuse, old_exclusive, old_listening, conflict;
  };
  const Case cases[] = {
      {false, false, false, false, false, true},
      {true, false, false, false, true, false},  // over a listener, as Windows allows
      {true, false, true, false, false, false},
      {true, false, false, true, false, true},   // the owner is exclusive
      {false, true, true, false, false, true},   // the newcomer is exclusive
      {true, true, true, false, false, true},
  };
  for (const Case& c : cases) {
    CHECK(WindowsBindConflict(party(c.new_reuse, c.new_exclusive, false),
                              party(c.old_reuse, c.old_exclusive, c.old_listening)) == c.conflict);
  }
  // Different addresses never conflict.
  BindParty a = party(false, true, false), b = party(false, true, false);
  a.address = net::IpAddress::Parse("10.0.0.1").value();
  b.address = net::IpAddress::Parse("10.0.0.2").value();
  CHECK_FALSE(WindowsBindConflict(a, b));
}

}  // namespace
}  // namespace portlab::stack
