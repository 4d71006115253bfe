// SplitCsvLine: the one RFC 4180 splitter behind every CSV portlab reads
// back (a sweep's runs for summarize, an exercise's key and answers).
#include "portlab/base/csv_line.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace portlab {
namespace {

TEST_CASE("CSV lines split as RFC 4180 quotes them, bad ones named", "[base][csv]") {
  struct CsvLineCase {
    const char* line;
    std::vector<std::string> fields;  // when it splits
    const char* error;                // else the message
  } cases[] = {
      {"a,b,,c", {"a", "b", "", "c"}, nullptr},
      {"a,b,c", {"a", "b", "c"}, nullptr},
      {"\"a,b\",c", {"a,b", "c"}, nullptr},
      {"\"a, b\",\"say \"\"hi\"\"\",", {"a, b", "say \"hi\"", ""}, nullptr},
      {"\"line\nbreak\",x", {"line\nbreak", "x"}, nullptr},
      {"a\"b,c", {"a\"b", "c"}, nullptr},
      {" \"a\"", {" \"a\""}, nullptr},
      {"", {""}, nullptr},
      {",", {"", ""}, nullptr},
      {"\"open", {}, "a quoted field is not closed"},
      {"\"open,b", {}, "a quoted field is not closed"},
      {"\"x\"y,z", {}, "text after a closing quote at column 4"},
      {"a,\"b\"c", {}, "text after a closing quote at column 6"},
  };
  for (const CsvLineCase& c : cases) {
    INFO(c.line);
    absl::StatusOr<std::vector<std::string>> f = SplitCsvLine(c.line);
    if (c.error == nullptr) {
      REQUIRE(f.ok());
      CHECK(*f == c.fields);
    } else {
      REQUIRE_FALSE(f.ok());
      CHECK(f.status().message() == c.error);
    }
  }
}

}  // namespace
}  // namespace portlab
