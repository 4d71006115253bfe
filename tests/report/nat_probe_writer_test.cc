// `portlab nat-probe`'s report (report/nat_probe_writer.h), line for line.
#include "portlab/report/nat_probe_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/base/time.h"
#include "portlab/nat/nat_config.h"

namespace portlab::report {
namespace {

TEST_CASE("a probe report: the lab, the log, the verdicts", "[report][nat]") {
  nat::ProbeReport r;
  r.mapping = nat::Dependence::kEndpointIndependent;
  r.filtering = nat::Dependence::kAddressAndPortDependent;
  r.classic = "port-restricted cone";
  r.log = {"test I: mapped 203.0.113.1:5000", "test II: no answer"};
  struct Case {
    bool hairpinning;
    std::optional<Duration> lifetime;
    std::string tail;  // the last two lines
  } cases[] = {
      {false, std::nullopt, "hairpinning       no\nbinding lifetime  longer than the search's 4 h\n"},
      {true, Duration::Seconds(120),
       "hairpinning       yes\nbinding lifetime  " + FormatDuration(Duration::Seconds(120)) +
           " (UDP, idle, 1 s precision)\n"},
  };
  for (const Case& c : cases) {
    r.hairpinning = c.hairpinning;
    r.binding_lifetime = c.lifetime;
    std::ostringstream out;
    WriteProbeReport("home", r, out);
    CHECK(out.str() ==
          "NAT profile home (client 192.168.1.100:5000, server 192.0.2.1 and 192.0.2.2, ports 3478 and 3479)\n"
          "\n"
          "  test I: mapped 203.0.113.1:5000\n"
          "  test II: no answer\n"
          "\n"
          "mapping           " + std::string(nat::DependenceName(r.mapping)) + "\n"
          "filtering         " + std::string(nat::DependenceName(r.filtering)) + "\n"
          "RFC 3489 name     port-restricted cone\n" + c.tail);
  }
}

}  // namespace
}  // namespace portlab::report
