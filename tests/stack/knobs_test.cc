// Knob writes are checked as the kernel checks them (ip-sysctl.rst,
// net/ipv4/sysctl_net_ipv4.c): a refused write leaves the knobs unchanged.
#include <catch2/catch.hpp>

#include "portlab/stack/knobs.h"

namespace portlab::stack {
namespace {

TEST_CASE("knob writes the kernel accepts and refuses", "[knobs]") {
  struct Case {
    const char* name;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"ip_local_port_range", "40000 40063", true},
      {"net.ipv4.ip_local_port_range", "40000\t40063", true},
      {"ip_local_port_range", "40063 40000", false},  // LO > HI: EINVAL
      {"ip_local_port_range", "80 90", false},        // below ip_unprivileged_port_start
      {"ip_local_port_range", "40000 70000", false},
      {"ip_local_port_range", "40000", false},
      {"ip_local_reserved_ports", "8080,9000-9010", true},
      {"ip_local_reserved_ports", "", true},
      {"ip_local_reserved_ports", "9010-9000", false},
      {"ip_local_reserved_ports", "http", false},
      {"tcp_tw_reuse", "0", true},
      {"tcp_tw_reuse", "2", true},
      {"tcp_tw_reuse", "3", false},
      {"tcp_tw_reuse_delay", "1500", true},
      {"tcp_tw_reuse_delay", "0", false},
      {"ip_autobind_reuse", "1", true},
      {"ip_unprivileged_port_start", "80", true},
      {"ip_unprivileged_port_start", "40000", false},  // above the range's low end
      {"tcp_syn_retries", "3", true},
      {"tcp_syn_retries", "0", false},
      {"tcp_timestamps", "0", true},
      {"tcp_fastopen", "1", false},  // not a knob portlab models
  };
  for (const Case& c : cases) {
    INFO(c.name << " = \"" << c.value << "\"");
    Knobs k = LinuxDefaultKnobs();
    Knobs before = k;
    absl::Status s = SetKnob(k, c.name, c.value);
    CHECK(s.ok() == c.ok);
    if (!s.ok()) {
      CHECK(k.ip_local_port_range == before.ip_local_port_range);
      CHECK(k.tcp_tw_reuse == before.tcp_tw_reuse);
    }
  }
}

TEST_CASE("knob values take effect", "[knobs]") {
  Knobs k = LinuxDefaultKnobs();
  CHECK(k.ip_local_port_range.size() == 28232);
  CHECK(k.tcp_tw_reuse == 2);
  REQUIRE(SetKnob(k, "ip_local_reserved_ports", "40000-40002,40010").ok());
  CHECK(k.Reserved(40000));
  CHECK(k.Reserved(40002));
  CHECK_FALSE(k.Reserved(40003));
  CHECK(k.Reserved(40010));
  REQUIRE(SetKnob(k, "tcp_tw_reuse_delay", "1500").ok());
  CHECK(k.tcp_tw_reuse_delay == Duration::Millis(1500));
  absl::Status unknown = SetKnob(k, "tcp_fastopen", "1");
  CHECK(std::string(unknown.message()).find("ip_local_port_range") != std::string::npos);
}

}  // namespace
}  // namespace portlab::stack
