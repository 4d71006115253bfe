#include "portlab/report/trace_writer.h"

#include "portlab/report/trace_filter.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

using trace::TraceKind;

net::Endpoint Ep(std::string_view text) {
  return net::Endpoint::Parse(text).value();
}

SimTime Ns(int64_t ns) { return SimTime::FromNanos(ns); }

// A TCP event on `host` with this host's side first.
trace::TraceEvent Event(int64_t ns, TraceKind kind, std::string_view host,
                      std::string_view local, std::string_view remote) {
  trace::TraceEvent e;
  e.time = Ns(ns);
  e.kind = kind;
  e.host = host;
  e.flow = {net::Protocol::kTcp, Ep(local), Ep(remote)};
  return e;
}

struct LineCase {
  std::string name;
  trace::TraceEvent event;
  std::string want;
};

std::vector<LineCase> Cases() {
  std::vector<LineCase> cases;
  {
    auto e = Event(1'000'000, TraceKind::kCall, "client", "10.0.0.1:40012",
                   "10.0.0.2:8080");
    e.what = "connect";
    e.result = "ok";
    e.socket = 3;
    e.probes = 2;
    cases.push_back({"connect call", e,
                     "   0.001000000  client  connect   tcp -> 10.0.0.2:8080"
                     "    ok  local 10.0.0.1:40012  sock 3  (2 probes)"});
  }
  {
    auto e = Event(0, TraceKind::kCall, "server", "0.0.0.0:8080", "0.0.0.0:0");
    e.what = "listen";
    e.result = "ok";
    e.socket = 1;
    cases.push_back({"listen call", e,
                     "   0.000000000  server  listen    tcp 0.0.0.0:8080"
                     "        ok  sock 1"});
  }
  {
    auto e = Event(1'000'000, TraceKind::kSegmentSent, "client",
                   "10.0.0.1:40012", "10.0.0.2:8080");
    e.what = "SYN";
    e.socket = 3;
    cases.push_back({"mux", e,
                     "   0.001000000  client  mux       SYN      "
                     "10.0.0.1:40012 -> 10.0.0.2:8080  from sock 3"});
  }
  {
    auto e = Event(1'500'000, TraceKind::kSegmentSent, "client",
                   "10.0.0.1:40012", "10.0.0.2:8080");
    e.what = "PSH|ACK";
    e.socket = 3;
    e.bytes = 100;
    cases.push_back({"mux with payload", e,
                     "   0.001500000  client  mux       PSH|ACK  "
                     "10.0.0.1:40012 -> 10.0.0.2:8080  100 bytes  from sock 3"});
  }
  {
    // Received: printed remote -> local, the way the segment travelled.
    auto e = Event(2'000'000, TraceKind::kSegmentReceived, "server",
                   "10.0.0.2:8080", "10.0.0.1:40012");
    e.what = "SYN";
    e.result = "listener-wildcard";
    e.matched_socket = 1;
    e.matched_local = Ep("0.0.0.0:8080");
    cases.push_back({"demux to a wildcard listener", e,
                     "   0.002000000  server  demux     SYN      "
                     "10.0.0.1:40012 -> 10.0.0.2:8080  listener-wildcard "
                     "0.0.0.0:8080 -> sock 1"});
  }
  {
    auto e = Event(12'000'000'001, TraceKind::kSegmentReceived, "server",
                   "10.0.0.2:80", "10.0.0.1:40000");
    e.what = "SYN";
    e.result = "none";
    cases.push_back({"demux finds nothing; system port named", e,
                     "  12.000000001  server  demux     SYN      "
                     "10.0.0.1:40000 -> 10.0.0.2:80 (http)  none"});
  }
  {
    auto e = Event(12'000'000'001, TraceKind::kSegmentSent, "server",
                   "10.0.0.2:80", "10.0.0.1:40000");
    e.what = "RST|ACK";
    cases.push_back({"RST from no socket", e,
                     "  12.000000001  server  mux       RST|ACK  "
                     "10.0.0.2:80 (http) -> 10.0.0.1:40000  no socket"});
  }
  {
    auto e = Event(2'000'000, TraceKind::kStateChange, "server",
                   "10.0.0.2:8080", "10.0.0.1:40012");
    e.socket = 4;
    e.state = "SYN-RECEIVED";
    cases.push_back({"state change", e,
                     "   0.002000000  server  state     sock 4  SYN-RECEIVED"});
  }
  {
    auto e = Event(127'001'000'000, TraceKind::kCallCompleted, "client",
                   "10.0.0.1:40012", "10.0.0.2:8080");
    e.what = "connect";
    e.result = "ETIMEDOUT";
    e.socket = 3;
    cases.push_back({"connect completes", e,
                     " 127.001000000  client  done      connect  tcp "
                     "10.0.0.1:40012 -> 10.0.0.2:8080  ETIMEDOUT  sock 3"});
  }
  {
    auto e = Event(62'001'000'000, TraceKind::kTimeWaitExpired, "client",
                   "10.0.0.1:40012", "10.0.0.2:8080");
    cases.push_back({"TIME-WAIT expires", e,
                     "  62.001000000  client  timewait  expired  tcp "
                     "10.0.0.1:40012 -> 10.0.0.2:8080"});
  }
  {
    auto e = Event(3'001'000'000, TraceKind::kTimer, "client",
                   "10.0.0.1:40012", "10.0.0.2:8080");
    e.what = "SYN-retransmit";
    e.socket = 3;
    cases.push_back({"timer", e,
                     "   3.001000000  client  timer     SYN-retransmit  sock 3"
                     "  10.0.0.1:40012 -> 10.0.0.2:8080"});
  }
  {
    auto e = Event(5'000'000, TraceKind::kSegmentDropped, "server",
                   "10.0.0.2:9000", "10.0.0.1:40012");
    e.what = "SYN";
    e.result = "filtered";
    cases.push_back({"firewall drop, shown as it travelled", e,
                     "   0.005000000  server  drop      SYN      "
                     "10.0.0.1:40012 -> 10.0.0.2:9000  filtered"});
  }
  {
    auto e = Event(1'000'000, TraceKind::kFirewallAccepted, "server", "10.0.0.2:80", "10.0.0.1:40012");
    e.what = "SYN";
    e.result = "accepted (rule 2)";
    e.state = "input";
    cases.push_back({"firewall accept on input: the segment's direction of travel", e,
                     "   0.001000000  server  fw        SYN      10.0.0.1:40012 -> 10.0.0.2:80 (http)"
                     "  accepted (rule 2) on input"});
  }
  {
    auto e = Event(1'000'000, TraceKind::kFirewallAccepted, "client", "10.0.0.1:40012", "10.0.0.2:80");
    e.what = "SYN";
    e.result = "accepted (policy)";
    e.state = "output";
    cases.push_back({"firewall accept on output", e,
                     "   0.001000000  client  fw        SYN      10.0.0.1:40012 -> 10.0.0.2:80 (http)"
                     "  accepted (policy) on output"});
  }
  return cases;
}

TEST_CASE("TraceWriter formats each kind of event", "[report]") {
  const TraceWriter writer(std::cout);
  for (const LineCase& c : Cases()) {
    INFO(c.name);
    CHECK(writer.FormatLine(c.event) == c.want);
  }
}

TEST_CASE("TraceWriter pads the host column and writes lines", "[report]") {
  std::ostringstream out;
  TraceWriter writer(out, /*host_width=*/8);
  auto e = Event(2'000'000, TraceKind::kStateChange, "server",
                 "10.0.0.2:8080", "10.0.0.1:40012");
  e.socket = 4;
  e.state = "ESTABLISHED";
  writer.OnEvent(e);
  e.host = "a-much-longer-name";
  writer.OnEvent(e);
  CHECK(out.str() ==
        "#1        0.002000000  server    state     sock 4  ESTABLISHED\n"
        "#2        0.002000000  a-much-longer-name  state     sock 4  ESTABLISHED\n");
}

TEST_CASE("TraceWriter numbers every event and prints the ones its filter keeps", "[report]") {
  std::ostringstream out;
  TraceWriter writer(out);
  absl::StatusOr<TraceFilter> filter = TraceFilter::Parse("host=client");
  REQUIRE(filter.ok());
  writer.set_filter(&*filter);
  for (std::string_view host : {"client", "server", "server", "client"}) {
    auto e = Event(0, TraceKind::kStateChange, host, "10.0.0.2:8080", "10.0.0.1:40012");
    e.socket = 1;
    e.state = "LISTEN";
    writer.OnEvent(e);
  }
  CHECK(out.str() ==
        "#1        0.000000000  client  state     sock 1  LISTEN\n"
        "#4        0.000000000  client  state     sock 1  LISTEN\n");
}

TEST_CASE("TraceWriter names UDP services and counts one probe", "[report]") {
  trace::TraceEvent e;
  e.time = Ns(0);
  e.kind = TraceKind::kCall;
  e.host = "client";
  e.flow = {net::Protocol::kUdp, Ep("10.0.0.1:33000"), Ep("10.0.0.53:53")};
  e.what = "connect";
  e.result = "ok";
  e.socket = 2;
  e.probes = 1;
  CHECK(TraceWriter(std::cout).FormatLine(e) ==
        "   0.000000000  client  connect   udp -> 10.0.0.53:53 (domain)"
        "  ok  local 10.0.0.1:33000  sock 2  (1 probe)");
}

}  // namespace
}  // namespace portlab::report
