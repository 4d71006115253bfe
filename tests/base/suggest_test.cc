// Tests for the "did you mean" of unknown names: the distance, the
// threshold that separates a slip from another word, and ties.
#include "portlab/base/suggest.h"

#include <catch2/catch.hpp>
#include <string_view>
#include <vector>

namespace portlab {
namespace {

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[suggest]") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("adress", "address") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("Listen", "listen") == 0);  // case is ignored
  CHECK(EditDistance("sned", "send") == 1);      // a swap is one edit
  CHECK(EditDistance("ca", "abc") == 3);         // no edit twice on one byte
}

TEST_CASE("a slip is suggested, another word is not", "[suggest]") {
  const std::vector<std::string_view> ops = {"bind", "listen", "connect", "close", "send", "scan"};
  struct Case {
    std::string_view name;
    std::string_view nearest;
  } cases[] = {
      {"conect", "connect"}, {"lisen", "listen"}, {"bnd", "bind"},   {"CLOSE", "close"},
      {"sned", "send"},      {"frobnicate", ""},  {"connect", ""},   {"xy", ""},
      {"scna", "scan"},      {"b", ""},           {"bi", ""},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(Nearest(c.name, ops) == c.nearest);
  }
  CHECK(DidYouMean("conect", ops) == " (did you mean \"connect\"?)");
  CHECK(DidYouMean("frobnicate", ops).empty());
}

TEST_CASE("ties go to the first candidate", "[suggest]") {
  const std::vector<std::string_view> names = {"tcp", "udp"};
  CHECK(Nearest("xcp", names) == "tcp");
  CHECK(Nearest("ucp", names) == "tcp");  // one edit from each
}

}  // namespace
}  // namespace portlab
