// FailureCause's invariants (stack/failure_cause.h): one distinct name per
// cause, declared in their names' byte order, kNone named "".
#include "portlab/stack/failure_cause.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace portlab::stack {
namespace {

TEST_CASE("FailureCause: names are distinct and in enumerator order", "[stack]") {
  std::set<std::string> seen;
  for (int i = 0; i < kFailureCauseCount; ++i) {
    const std::string_view name = CauseName(static_cast<FailureCause>(i));
    INFO(i << ": " << name);
    CHECK(name != "?");
    CHECK(seen.insert(std::string(name)).second);
    if (i > 0) CHECK(CauseName(static_cast<FailureCause>(i - 1)) < name);
  }
}

TEST_CASE("FailureCause: display strings", "[stack]") {
  struct Case {
    FailureCause cause;
    const char* name;
  };
  for (const Case& c : {Case{FailureCause::kNone, ""},
                        Case{FailureCause::kRangeUsedUp, "range used up"},
                        Case{FailureCause::kFourTupleInUse, "4-tuple in use"},
                        Case{FailureCause::kAllCandidatesInTimeWait, "all candidates in TIME-WAIT"},
                        Case{FailureCause::kRefusedByPeer, "RST from peer (no listener)"},
                        Case{FailureCause::kSynTimedOut, "no answer to SYN retransmissions"},
                        Case{FailureCause::kListeningOrConnected, "socket is listening or connected"}}) {
    CHECK(CauseName(c.cause) == c.name);
  }
}

}  // namespace
}  // namespace portlab::stack
