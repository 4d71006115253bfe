// `portlab list`'s catalogue (report/catalogue_writer.h): words wrap at the
// width, every section is there, and the scenarios close it.
#include "portlab/report/catalogue_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

TEST_CASE("words wrap at spaces, a long word keeps a line of its own", "[report]") {
  struct Case {
    const char* text;
    size_t width;
    std::vector<std::string> lines;
  } cases[] = {
      {"", 10, {""}},
      {"one", 10, {"one"}},
      {"one two three", 7, {"one two", "three"}},
      {"one two three", 13, {"one two three"}},
      {"a verylongword b", 5, {"a", "verylongword", "b"}},
  };
  for (const Case& c : cases) {
    INFO(c.text << " / " << c.width);
    CHECK(WrapWords(c.text, c.width) == c.lines);
  }
}

TEST_CASE("the catalogue: profiles, strategies, NATs, knobs, then the scenarios", "[report]") {
  struct Case {
    std::vector<std::string> scenarios;
    std::vector<std::string> directories;
    std::string ending;
  } cases[] = {
      {{}, {}, "\nscenarios\n  (none: no scenarios/ directory here, none installed)\n"},
      {{"a", "b"}, {"scenarios"}, "\nscenarios (scenarios/*.yaml)\n  a\n  b\n"},
      {{"a"}, {"scenarios", "/usr/share/portlab/scenarios"},
       "\nscenarios (*.yaml in scenarios, /usr/share/portlab/scenarios; portlab run NAME runs one)\n  a\n"},
  };
  for (const Case& c : cases) {
    std::ostringstream out;
    WriteCatalogue(c.scenarios, c.directories, out);
    const std::string text = out.str();
    CHECK(text.starts_with("OS profiles\n  "));
    for (const char* section : {"\n\nephemeral port strategies\n", "\n\nNAT profiles (nats: profile:)\n",
                                "\n\nNAT knobs (nats: knobs:, see scenarios/README.md)\n",
                                "\n\nlinux knobs (\"net.ipv4.\" prefix optional)\n"}) {
      CHECK(text.find(section) != std::string::npos);
    }
    CHECK(text.ends_with(c.ending));
  }
}

TEST_CASE("the catalogue marks each NAT profile's unverified values", "[report]") {
  std::ostringstream out;
  WriteCatalogue({}, {}, out);
  const std::string text = out.str();
  const size_t nat = text.find("\nNAT profiles (nats: profile:)\n");
  const size_t knobs = text.find("\nNAT knobs");
  REQUIRE(nat != std::string::npos);
  REQUIRE(knobs != std::string::npos);
  // Under its profile, after its source: AWS's undocumented closed-connection hold.
  const size_t aws = text.find("  aws-nat-gateway ", nat);
  const size_t azure = text.find("  azure-snat ", nat);
  REQUIRE(aws < azure);
  const std::string aws_entry = text.substr(aws, azure - aws);
  CHECK(aws_entry.find("unverified: mapping behaviour") != std::string::npos);
  CHECK(aws_entry.find("keeps its port") != std::string::npos);
  CHECK(aws_entry.find("unverified:") > aws_entry.find("[docs.aws.amazon.com"));
  // Profiles whose every value is sourced say nothing of the kind.
  const size_t rfc = text.find("  rfc-recommended ", nat);
  const size_t full = text.find("  full-cone ", nat);
  CHECK(text.substr(rfc, full - rfc).find("unverified:") == std::string::npos);
  // Only NAT profiles carry the mark.
  CHECK(text.substr(0, nat).find("unverified: ") == std::string::npos);
}

}  // namespace
}  // namespace portlab::report
