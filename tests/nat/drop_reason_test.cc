#include <catch2/catch.hpp>

#include <iterator>
#include <string>

#include "portlab/nat/drop_reason.h"
#include "portlab/nat/nat_figures.h"

namespace portlab::nat {
namespace {

TEST_CASE("drop reasons: one name and one figure each, as the outputs print them", "[nat]") {
  struct Case {
    DropReason reason;
    const char* name;
    const char* figure;
  };
  const Case cases[] = {
      {DropReason::kNoMapping, "no-mapping", "drops_no_mapping"},
      {DropReason::kFiltered, "filtered", "drops_filtered"},
      {DropReason::kExhausted, "exhausted", "drops_exhausted"},
      {DropReason::kSubscriberLimit, "subscriber-limit", "drops_subscriber_limit"},
      {DropReason::kDestinationLimit, "destination-limit", "drops_destination_limit"},
      {DropReason::kSessionLimit, "session-limit", "drops_session_limit"},
      {DropReason::kHairpinOff, "hairpin-off", "drops_hairpin_off"},
      {DropReason::kNoSession, "no-session", "drops_no_session"},
      {DropReason::kTimeWait, "time-wait", "drops_time_wait"},
  };
  REQUIRE(std::size(cases) == kDropReasonCount);
  REQUIRE(AllDropReasons().size() == kDropReasonCount);
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    INFO(c.name);
    CHECK(AllDropReasons()[i] == c.reason);  // the CSV's column order
    CHECK(DropReasonName(c.reason) == c.name);
    CHECK(DropFigureName(c.reason) == c.figure);
    CHECK(IsNatFigureName(c.figure));
  }
}

TEST_CASE("drop reasons by name: every reason once, in name order", "[nat]") {
  REQUIRE(DropReasonsByName().size() == kDropReasonCount);
  for (size_t i = 1; i < kDropReasonCount; ++i) {
    CHECK(DropReasonName(DropReasonsByName()[i - 1]) < DropReasonName(DropReasonsByName()[i]));
  }
  CHECK(DropReasonName(DropReasonsByName().front()) == "destination-limit");
  CHECK(DropReasonName(DropReasonsByName().back()) == "time-wait");
}

TEST_CASE("drop counts: per reason, their total, and the figures by name", "[nat]") {
  NatFigures f;
  ++f.drops[DropReason::kFiltered];
  f.drops[DropReason::kTimeWait] += 3;
  CHECK(f.drops[DropReason::kFiltered] == 1);
  CHECK(f.drops[DropReason::kNoMapping] == 0);
  CHECK(f.drops_total() == 4);
  CHECK(NatFigureByName(f, "drops") == 4);
  CHECK(NatFigureByName(f, "drops_time_wait") == 3);
  CHECK(NatFigureByName(f, "drops_no_mapping") == 0);
  CHECK_FALSE(NatFigureByName(f, "drops_time-wait").has_value());
  DropCounts copy = f.drops;
  CHECK(copy == f.drops);
  ++copy[DropReason::kExhausted];
  CHECK_FALSE(copy == f.drops);
}

}  // namespace
}  // namespace portlab::nat
