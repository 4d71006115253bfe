#include "portlab/base/ordinal.h"

#include "catch2/catch.hpp"

namespace portlab {
namespace {

TEST_CASE("ordinals take st, nd, rd and th as English does, the teens th", "[base]") {
  struct Case {
    int64_t n;
    const char* text;
  };
  for (const Case& c : {Case{0, "0th"}, Case{1, "1st"}, Case{2, "2nd"}, Case{3, "3rd"}, Case{4, "4th"},
                        Case{11, "11th"}, Case{12, "12th"}, Case{13, "13th"}, Case{21, "21st"},
                        Case{22, "22nd"}, Case{101, "101st"}, Case{111, "111th"}, Case{112, "112th"},
                        Case{435, "435th"}, Case{1'000'003, "1000003rd"}}) {
    CHECK(Ordinal(c.n) == c.text);
  }
}

}  // namespace
}  // namespace portlab
