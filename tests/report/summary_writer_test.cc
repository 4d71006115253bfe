#include "portlab/report/summary_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "report/sample_result.h"

namespace portlab::report {
namespace {

std::string Summary(const sim::Result& r) {
  std::ostringstream out;
  WriteSummary(r, out);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST_CASE("WriteSummary tells what happened", "[report]") {
  const std::string text = Summary(testing::SampleResult());
  INFO(text);
  for (const char* want : {
           "scenario  one-destination exhaustion\n",
           "seed      7\n",
           "end time  3.25s\n",
           "  #  time  host    op       proto  calls  ok  errors"
           "           ports\n",
           "  0    0s  server  listen   tcp        1   1  -"
           "                8080\n",
           "  1    1s  client  connect  tcp        4   3  EADDRNOTAVAIL 1"
           "  40002 40000 40003\n",
           "\nclient tcp\n",
           "    EADDRNOTAVAIL        1  (range used up)\n",
           "  peak ports in use      3\n",
           "  demux exact            3\n",
           "  allocations            3  (2.33 probes per allocation)\n",
           "  demux listener-wildcard  3\n",
           "  PASS  #0  step 1: ok 3 as expected\n",
           "  FAIL  #1  step 1: expected ok 4, got 3\n",
       }) {
    CHECK(text.find(want) != std::string::npos);
  }
  // Protocols with no activity are left out.
  CHECK(text.find("client udp") == std::string::npos);
  CHECK(text.find("server udp") == std::string::npos);
  CHECK(Lines(text).back() == "1 of 2 expectations FAILED");
}

TEST_CASE("WriteSummary ends with all expectations held", "[report]") {
  sim::Result r = testing::SampleResult();
  r.expectations[1].passed = true;
  r.passed = true;
  CHECK(Lines(Summary(r)).back() == "all 2 expectations held");
  r.expectations.clear();
  CHECK(Lines(Summary(r)).back() == "no expectations to check");
}

TEST_CASE("WriteSummary is deterministic and has no trailing blanks",
          "[report]") {
  const std::string text = Summary(testing::SampleResult());
  CHECK(text == Summary(testing::SampleResult()));
  for (const std::string& line : Lines(text)) {
    INFO(line);
    CHECK(line.back() != ' ');
  }
}

TEST_CASE("DescribePorts lists few ports and spans many", "[report]") {
  struct Case {
    std::vector<uint16_t> ports;
    std::string want;
  };
  std::vector<uint16_t> many;
  for (int i = 0; i < 64; ++i) many.push_back(40063 - i);
  many.push_back(0);
  many.push_back(40000);
  const std::vector<Case> cases = {
      {{}, "-"},
      {{0, 0}, "-"},
      {{8080}, "8080"},
      {{40002, 0, 40000}, "40002 40000"},
      {{1, 2, 3, 4, 5, 6, 7, 8}, "1 2 3 4 5 6 7 8"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 8}, "1..8 (8 distinct)"},
      {many, "40000..40063 (64 distinct)"},
  };
  for (const Case& c : cases) {
    CHECK(DescribePorts(c.ports) == c.want);
  }
}

}  // namespace
}  // namespace portlab::report
