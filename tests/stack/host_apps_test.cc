// HostApps (stack/host_apps.h): apps kept once each, requests answered
// oldest first, answers counted up to App::answers, close_after by
// listener, and nothing left for a slot once it is forgotten. Each case is
// a sequence of actions with the answer expected after each.
#include "portlab/stack/host_apps.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <vector>

namespace portlab::stack {
namespace {

TEST_CASE("HostApps: each distinct app is kept once, its id fixed", "[host_apps]") {
  HostApps apps;
  const App echo{.kind = AppKind::kEcho};
  const App dns{.kind = AppKind::kRespond, .bytes = 120};
  const App dns_closing{.kind = AppKind::kRespond, .bytes = 120, .close = true};
  CHECK(apps.Intern(echo) == 1);
  CHECK(apps.Intern(dns) == 2);
  CHECK(apps.Intern(echo) == 1);
  CHECK(apps.Intern(dns_closing) == 3);
  CHECK(apps.Intern(dns) == 2);
  CHECK(apps.app(1) == echo);
  CHECK(apps.app(2) == dns);
  CHECK(apps.app(3) == dns_closing);
}

struct HostAppsAction {
  enum Op { kRequest, kAnswer, kForget } op;
  uint32_t slot;
  int64_t sent_ns = 0;                  // kRequest
  uint16_t from_port = 0;               // kAnswer: the sender's port
  std::optional<int64_t> answers = {};  // kAnswer: the request it answers, by send time
  std::optional<uint16_t> last_from = {};  // after the action: LastAnswerFrom(slot)'s port
};

TEST_CASE("HostApps: requests are answered oldest first, per socket", "[host_apps]") {
  using A = HostAppsAction;
  struct Case {
    const char* name;
    std::vector<HostAppsAction> actions;
  };
  const std::vector<Case> cases = {
      {"no answer yet", {{A::kRequest, 1, 10}}},
      {"two requests, answered in order",
       {{A::kRequest, 1, 10}, {A::kRequest, 1, 20}, {A::kAnswer, 1, 0, 53, 10, 53}, {A::kAnswer, 1, 0, 54, 20, 54}}},
      {"data after the answers is not an answer, but its sender is the last",
       {{A::kRequest, 1, 10}, {A::kAnswer, 1, 0, 53, 10, 53}, {A::kAnswer, 1, 0, 69, std::nullopt, 69}}},
      {"sockets keep their own requests",
       {{A::kRequest, 1, 10}, {A::kRequest, 2, 20}, {A::kAnswer, 2, 0, 80, 20, 80}, {A::kAnswer, 1, 0, 81, 10, 81}}},
      {"a forgotten slot awaits nothing and has heard nothing",
       {{A::kRequest, 1, 10},
        {A::kRequest, 1, 20},
        {A::kAnswer, 1, 0, 53, 10, 53},
        {A::kForget, 1},
        {A::kAnswer, 1, 0, 60, std::nullopt, 60}}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      HostApps apps;
      const std::vector<HostAppsAction>& actions = c.actions;
      for (size_t i = 0; i < actions.size(); ++i) {
        const HostAppsAction& a = actions[i];
        INFO("action " << i);
        switch (a.op) {
          case A::kRequest:
            apps.NoteRequest(a.slot, a.sent_ns);
            break;
          case A::kAnswer:
            CHECK(apps.NoteAnswer(a.slot, /*from=*/7, a.from_port) == a.answers);
            break;
          case A::kForget:
            apps.Forget(a.slot);
            break;
        }
        const auto last = apps.LastAnswerFrom(a.slot);
        if (a.last_from) {
          REQUIRE(last.has_value());
          CHECK(last->first == 7);
          CHECK(last->second == *a.last_from);
        } else {
          CHECK_FALSE(last.has_value());
        }
      }
    }
  }
}

TEST_CASE("HostApps: a socket gives at most App::answers answers", "[host_apps]") {
  HostApps apps;
  const App tftp{.kind = AppKind::kRespond, .bytes = 512, .answers = 2};
  const App echo{.kind = AppKind::kEcho};
  CHECK(apps.TakeAnswer(1, tftp));
  CHECK(apps.TakeAnswer(1, tftp));
  CHECK_FALSE(apps.TakeAnswer(1, tftp));
  CHECK_FALSE(apps.TakeAnswer(1, tftp));
  CHECK(apps.TakeAnswer(2, tftp));  // another socket counts its own
  for (int i = 0; i < 5; ++i) CHECK(apps.TakeAnswer(3, echo));  // no limit
  apps.Forget(1);
  CHECK(apps.TakeAnswer(1, tftp));  // a new socket in the slot starts afresh
}

TEST_CASE("HostApps: close_after by listener, gone with its slot", "[host_apps]") {
  HostApps apps;
  CHECK_FALSE(apps.CloseAfter(4).has_value());
  apps.SetCloseAfter(4, Duration::Millis(250));
  apps.SetCloseAfter(5, Duration::Seconds(1));
  CHECK(apps.CloseAfter(4) == Duration::Millis(250));
  apps.SetCloseAfter(4, Duration::Millis(100));
  CHECK(apps.CloseAfter(4) == Duration::Millis(100));
  apps.Forget(4);
  CHECK_FALSE(apps.CloseAfter(4).has_value());
  CHECK(apps.CloseAfter(5) == Duration::Seconds(1));
}

}  // namespace
}  // namespace portlab::stack
