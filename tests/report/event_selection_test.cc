// The selection of events a picture draws: a small run whole, a huge run
// in bounded memory with every failure kind, a NAT's two sides together.
#include "portlab/report/event_selection.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

using trace::TraceKind;

net::Endpoint SelEp(std::string_view text) { return net::Endpoint::Parse(text).value(); }

trace::TraceEvent SelEvent(TraceKind kind, std::string_view host, std::string_view local, std::string_view remote,
                           std::string_view what = "SYN", std::string_view result = "") {
  trace::TraceEvent e;
  e.kind = kind;
  e.host = host;
  e.flow = {net::Protocol::kTcp, SelEp(local), SelEp(remote)};
  e.what = what;
  e.result = result;
  return e;
}

// One connection's handshake: connect, SYN out, SYN in, SYN|ACK back.
void SelConnect(EventSelection& s, int port, std::string_view server = "10.0.0.2:80") {
  const std::string local = "10.0.0.1:" + std::to_string(port);
  s.OnEvent(SelEvent(TraceKind::kCall, "client", local, server, "connect", "in progress"));
  s.OnEvent(SelEvent(TraceKind::kSegmentSent, "client", local, server));
  s.OnEvent(SelEvent(TraceKind::kSegmentReceived, "server", server, local, "SYN", "listener-wildcard"));
  s.OnEvent(SelEvent(TraceKind::kSegmentSent, "server", server, local, "SYN|ACK"));
}

TEST_CASE("EventSelection keeps a small run whole and says nothing was left out") {
  EventSelection s;
  s.OnEvent(SelEvent(TraceKind::kCall, "server", "0.0.0.0:80", "0.0.0.0:0", "listen", "ok"));
  SelConnect(s, 40000);
  SelConnect(s, 40001);
  CHECK(s.events().size() == 9);
  CHECK(s.seen() == 9);
  CHECK(s.left_out().events == 0);
  CHECK(s.Note().empty());
  CHECK(s.events()[1].number == 2);  // the run's second event
  CHECK(s.events()[1].what == "connect");
  CHECK(s.events()[1].View().result == "in progress");
}

TEST_CASE("EventSelection draws the first connections of a kind and every failure kind of a huge run") {
  EventSelection s;
  constexpr int kConnections = 60'000;  // 240,000 events, every 4-tuple new
  for (int i = 0; i < kConnections; ++i) SelConnect(s, 1024 + i);
  // The first failure of each kind, however late; the same kind again is not drawn.
  for (int i = 0; i < 3; ++i) {
    s.OnEvent(SelEvent(TraceKind::kCall, "client", "10.0.0.1:0", "10.0.0.2:80", "connect", "EADDRNOTAVAIL"));
  }
  s.OnEvent(SelEvent(TraceKind::kSegmentReceived, "server", "10.0.0.2:81", "10.0.0.1:5000", "SYN", "none"));
  // A connection to another service is another kind.
  SelConnect(s, 50000, "10.0.0.2:443");

  CHECK(s.seen() == 4 * kConnections + 3 + 1 + 4);
  // Two handshakes of the first kind, the failures, the other service.
  CHECK(s.events().size() == 4 + 4 + 1 + 1 + 4);
  int refused = 0, failed_calls = 0;
  for (const LoggedEvent& e : s.events()) {
    refused += e.result == "none";
    failed_calls += e.result == "EADDRNOTAVAIL";
  }
  CHECK(refused == 1);
  CHECK(failed_calls == 1);
  CHECK(s.left_out().events == s.seen() - static_cast<int64_t>(s.events().size()));
  CHECK(s.left_out().segments == 2 * (kConnections - 2));
  CHECK(s.left_out().calls == kConnections - 2 + 2);
  CHECK(s.left_out().failures == 2);
  CHECK(s.Note().find("Left out: 239,994 events (119,996 segments sent, 60,000 socket calls, 2 failures") !=
        std::string::npos);
}

TEST_CASE("EventSelection keeps within its limits however many kinds there are") {
  EventSelection::Limits limits;
  limits.conversations = 5;
  limits.events = 12;
  EventSelection s(limits);
  // A scan: every port its own kind.
  for (int port = 1; port <= 1000; ++port) {
    s.OnEvent(SelEvent(TraceKind::kSegmentSent, "scanner", "10.0.0.9:40000", "10.0.0.2:" + std::to_string(port)));
  }
  CHECK(s.events().size() == 5);
  for (int i = 0; i < 100; ++i) SelConnect(s, 2000 + i);
  CHECK(s.events().size() <= 12);
}

TEST_CASE("EventSelection follows a kept conversation through a NAT and leaves out an unkept one") {
  EventSelection::Limits limits;
  limits.per_kind = 1;
  EventSelection s(limits);
  auto through_nat = [&](std::string_view inside, std::string_view outside) {
    s.OnEvent(SelEvent(TraceKind::kSegmentSent, "alice", inside, "93.184.216.34:80"));
    trace::TraceEvent nat = SelEvent(TraceKind::kNatTranslated, "home", inside, "93.184.216.34:80", "SYN", "out");
    nat.translated = {net::Protocol::kTcp, SelEp(outside), SelEp("93.184.216.34:80")};
    s.OnEvent(nat);
    s.OnEvent(SelEvent(TraceKind::kSegmentReceived, "server", "93.184.216.34:80", outside, "SYN", "listener-wildcard"));
    s.OnEvent(SelEvent(TraceKind::kSegmentSent, "server", "93.184.216.34:80", outside, "SYN|ACK"));
  };
  through_nat("192.168.1.100:52341", "203.0.113.1:61234");
  through_nat("192.168.1.100:52342", "203.0.113.1:61235");
  REQUIRE(s.events().size() == 4);
  CHECK(s.events()[2].host == "server");
  CHECK(s.events()[3].what == "SYN|ACK");
  CHECK(s.left_out().events == 4);
}

}  // namespace
}  // namespace portlab::report
