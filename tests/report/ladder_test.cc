// The ladder as data: lanes in order, arrows from sender to arrival with
// their labels and heads, a NAT's rewrite, broadcast, loopback, no arrival.
#include "portlab/report/ladder.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

using trace::TraceKind;

// An event as the selection keeps it (its strings owned), numbered 1.
LoggedEvent LadEvent(TraceKind kind, std::string_view host, std::string_view local, std::string_view remote,
                     std::string_view what = "SYN", std::string_view result = "") {
  trace::TraceEvent e;
  e.kind = kind;
  e.host = host;
  e.flow = {net::Protocol::kTcp, net::Endpoint::Parse(local).value(), net::Endpoint::Parse(remote).value()};
  e.what = what;
  e.result = result;
  return LoggedEvent(1, e);
}

std::vector<std::string> LaneNames(const Ladder& l) {
  std::vector<std::string> names;
  for (const LadderLane& lane : l.lanes) names.push_back(lane.name);
  return names;
}

TEST_CASE("Ladder draws a segment from its sender to the socket that took it") {
  std::vector<LoggedEvent> events;
  events.push_back(LadEvent(TraceKind::kCall, "server", "0.0.0.0:80", "0.0.0.0:0", "listen", "ok"));
  events.push_back(LadEvent(TraceKind::kSegmentSent, "client", "10.0.0.1:40000", "10.0.0.2:80"));
  events.back().event.bytes = 0;
  LoggedEvent in = LadEvent(TraceKind::kSegmentReceived, "server", "10.0.0.2:80", "10.0.0.1:40000", "SYN",
                              "listener-wildcard");
  in.event.matched_socket = 0;
  events.push_back(in);
  events.push_back(LadEvent(TraceKind::kSegmentSent, "server", "10.0.0.2:80", "10.0.0.1:40000", "RST|ACK"));
  events.back().event.bytes = 0;
  events.push_back(LadEvent(TraceKind::kSegmentReceived, "client", "10.0.0.1:40000", "10.0.0.2:80", "RST|ACK",
                            "none"));
  events.push_back(LadEvent(TraceKind::kSegmentSent, "client", "10.0.0.1:40000", "10.0.0.9:80"));
  const Ladder l = BuildLadder(events);
  // The client opens the conversation: it is on the left.
  CHECK(LaneNames(l) == std::vector<std::string>{"client", "server", "(nobody)"});
  CHECK(l.lanes[0].address == "10.0.0.1");
  REQUIRE(l.arrows.size() == 3);
  CHECK(l.arrows[0].from_lane == 0);
  CHECK(l.arrows[0].to_lane == 1);
  CHECK(l.arrows[0].from_row == 1);
  CHECK(l.arrows[0].to_row == 2);
  CHECK(l.arrows[0].label == "SYN 40000 → 80");
  CHECK(l.arrows[0].head == "listener-wildcard → sock 0");
  CHECK(l.arrows[0].end == ArrowEnd::kDelivered);
  CHECK(l.arrows[1].head == "no socket");
  CHECK(l.arrows[1].end == ArrowEnd::kRefused);
  CHECK(l.arrows[2].to_lane == 2);
  CHECK(l.arrows[2].head == "nobody has 10.0.0.9");
  CHECK(l.arrows[2].end == ArrowEnd::kNoArrival);
  REQUIRE(l.marks.size() == 1);
  CHECK(l.marks[0].lane == 1);
  CHECK(l.marks[0].text == "listen 0.0.0.0:80  ok");
}

TEST_CASE("Ladder shows a NAT's rewrite between its two sides") {
  std::vector<LoggedEvent> events;
  events.push_back(LadEvent(TraceKind::kSegmentSent, "alice", "192.168.1.100:52341", "93.184.216.34:80"));
  LoggedEvent nat = LadEvent(TraceKind::kNatTranslated, "home", "192.168.1.100:52341", "93.184.216.34:80", "SYN",
                               "out");
  nat.event.translated = {net::Protocol::kTcp, net::Endpoint::Parse("203.0.113.1:61234").value(),
                    net::Endpoint::Parse("93.184.216.34:80").value()};
  events.push_back(nat);
  events.push_back(LadEvent(TraceKind::kSegmentReceived, "server", "93.184.216.34:80", "203.0.113.1:61234", "SYN",
                            "exact"));
  const Ladder l = BuildLadder(events);
  CHECK(LaneNames(l) == std::vector<std::string>{"alice", "home inside", "home outside", "server"});
  CHECK(l.lanes[2].address == "203.0.113.1");
  REQUIRE(l.arrows.size() == 2);
  CHECK(l.arrows[0].to_lane == 1);
  CHECK(l.arrows[0].label == "SYN 52341 → 80");
  CHECK(l.arrows[1].from_lane == 2);
  CHECK(l.arrows[1].to_lane == 3);
  CHECK(l.arrows[1].label == "SYN 61234 → 80");
  REQUIRE(l.marks.size() == 1);
  CHECK(l.marks[0].kind == MarkKind::kRewrite);
  CHECK(l.marks[0].text == "src 192.168.1.100:52341 ⇒ 203.0.113.1:61234");
}

TEST_CASE("Ladder draws a broadcast to each receiver and loopback back to its own lane") {
  std::vector<LoggedEvent> events;
  LoggedEvent b = LadEvent(TraceKind::kSegmentSent, "client", "192.168.1.50:68", "255.255.255.255:67", "UDP",
                             std::string(trace::kBroadcast));
  b.event.flow.protocol = net::Protocol::kUdp;
  events.push_back(b);
  for (const char* host : {"client", "dhcp", "printer"}) {
    LoggedEvent r = LadEvent(TraceKind::kSegmentReceived, host, "255.255.255.255:67", "192.168.1.50:68", "UDP",
                               host == std::string("dhcp") ? "listener-wildcard" : "none");
    r.event.flow.protocol = net::Protocol::kUdp;
    events.push_back(r);
  }
  const Ladder l = BuildLadder(events);
  REQUIRE(l.arrows.size() == 3);
  for (const LadderArrow& a : l.arrows) CHECK(a.broadcast);
  CHECK(l.arrows[0].to_lane == l.arrows[0].from_lane);  // its own copy, through lo
  CHECK(l.arrows[1].end == ArrowEnd::kDelivered);
  CHECK(l.arrows[2].end == ArrowEnd::kRefused);
}

}  // namespace
}  // namespace portlab::report
