#include "portlab/net/service_names.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace portlab::net {
namespace {

struct NameCase {
  uint16_t port;
  Protocol protocol;
  std::string_view want;
};

TEST_CASE("ServiceName returns the first registered name", "[services]") {
  // clang-format off
  const std::vector<NameCase> cases = {
      {80, Protocol::kTcp, "http"},  // not its aliases "www", "www-http"
      {443, Protocol::kTcp, "https"},
      {53, Protocol::kUdp, "domain"},
      {53, Protocol::kTcp, "domain"},
      {21, Protocol::kTcp, "ftp"},
      {22, Protocol::kTcp, "ssh"},
      {123, Protocol::kUdp, "ntp"},
      {1, Protocol::kTcp, "tcpmux"},        // first row of the table
      {0, Protocol::kTcp, ""},              // reserved, no name
      {4, Protocol::kUdp, ""},              // unassigned
      {50000, Protocol::kTcp, ""},          // dynamic range, RFC 6335 §6
      {65535, Protocol::kUdp, ""},          // past the last row
  };
  // clang-format on
  for (const NameCase& c : cases) {
    INFO(c.port << "/" << ProtocolName(c.protocol));
    CHECK(ServiceName(Port(c.port), c.protocol) == c.want);
  }
}

TEST_CASE("PortWithService formats with and without a name", "[services]") {
  CHECK(PortWithService(Port(443), Protocol::kTcp) == "443 (https)");
  CHECK(PortWithService(Port(53), Protocol::kUdp) == "53 (domain)");
  CHECK(PortWithService(Port(50000), Protocol::kTcp) == "50000");
  CHECK(PortWithService(Port(0), Protocol::kUdp) == "0");
}

// The compiled table and data/service-names.tsv come from one generator run;
// this catches one being regenerated or edited without the other.
TEST_CASE("compiled names match data/service-names.tsv", "[services]") {
  std::ifstream in(PORTLAB_SOURCE_DIR "/data/service-names.tsv");
  REQUIRE(in);
  int rows = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    INFO(line);
    REQUIRE(cols.size() == 3);
    uint32_t port = 0;
    REQUIRE(absl::SimpleAtoi(cols[0], &port));
    REQUIRE(port <= 65535);
    absl::StatusOr<Protocol> protocol = ParseProtocol(cols[1]);
    REQUIRE(protocol.ok());
    CHECK(ServiceName(Port(static_cast<uint16_t>(port)), *protocol) == cols[2]);
    ++rows;
  }
  CHECK(rows > 10000);
}

}  // namespace
}  // namespace portlab::net
