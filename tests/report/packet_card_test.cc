// Cards of segments of the shipped scenarios: each names the sender's
// socket and why its source port, the firewall rules and NAT rewrites on
// the way, and the demux lookups at the receiver, as the trace has them.
#include "portlab/report/packet_card.h"

#include <catch2/catch.hpp>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "portlab/report/event_log.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::report {
namespace {

EventLog LoggedRun(const std::string& name) {
  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioFile(std::string(PORTLAB_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
  REQUIRE(s.ok());
  EventLog log;
  run::RunOptions options;
  options.trace = &log;
  REQUIRE(run::RunScenario(*s, options).ok());
  return log;
}

using CardPick = std::function<bool(const trace::TraceEvent&)>;

// The first event `pick` accepts, or 0.
int64_t FirstEvent(const EventLog& log, const CardPick& pick) {
  for (const LoggedEvent& e : log.events()) {
    if (pick(e.View())) return e.number;
  }
  return 0;
}

CardPick Demux(std::string_view host, std::string_view what, std::string_view result_prefix) {
  return [=](const trace::TraceEvent& e) {
    return e.kind == trace::TraceKind::kSegmentReceived && e.host == host && e.what == what &&
           e.result.substr(0, result_prefix.size()) == result_prefix;
  };
}

CardPick Mux(std::string_view host, std::string_view what) {
  return [=](const trace::TraceEvent& e) {
    return e.kind == trace::TraceKind::kSegmentSent && e.host == host && e.what == what;
  };
}

struct CardCase {
  std::string name;
  std::string scenario;
  CardPick pick;
  std::vector<std::string> want;  // in this order in the card's text
};

TEST_CASE("a packet card tells a segment's journey from socket to socket", "[report][packet-card]") {
  const std::vector<CardCase> cases = {
      {"web-browsing: a SYN finds the wildcard listener after two misses", "web-browsing",
       Demux("web", "SYN", "listener-wildcard"),
       {"SYN 192.168.1.100:", "sender  laptop", "sock 0 sends it",
        "the ephemeral port allocator's choice in connect()", "after 1 probe", "receiver  web",
        "1. established 4-tuple 203.0.113.10:443 (https) <- 192.168.1.100:", "miss",
        "2. listener on 203.0.113.10:443 (https)", "miss", "3. listener on 0.0.0.0:443 (https)",
        "hit -> sock 0", "then: state sock 1  SYN-RECEIVED"}},
      {"web-browsing: the server's SYN|ACK swaps the SYN's ports", "web-browsing", Mux("web", "SYN|ACK"),
       {"sender  web", "sock 1 was made by listener sock 0 for the SYN of #", "source 443 is the port the peer asked for",
        "receiver  laptop", "1. established 4-tuple 192.168.1.100:", "hit -> sock 0"}},
      {"nat-textbook: a bound port, a new mapping and its rewrite", "nat-textbook", Mux("alice", "SYN"),
       {"sender  alice", "source port 52341: the program's own, bind() to 192.168.1.100:52341; no allocator ran",
        "NAT  home", "outbound lookup: none, so one is created", "tcp 192.168.1.100:52341 = 203.0.113.1:61234",
        "rewritten (out): 192.168.1.100:52341 -> 93.184.216.34:80 (http)  =>  203.0.113.1:61234 -> "
        "93.184.216.34:80 (http)",
        "receiver  server", "3. listener on 0.0.0.0:80 (http)", "hit -> sock 0"}},
      {"nat-textbook: the answer reuses the mapping inbound", "nat-textbook", Demux("alice", "SYN|ACK", "exact"),
       {"NAT  home", "inbound lookup: the existing mapping 192.168.1.100:52341 = 203.0.113.1:61234",
        "reused", "rewritten (in)", "=>  93.184.216.34:80 (http) -> 192.168.1.100:52341", "receiver  alice",
        "1. established 4-tuple 192.168.1.100:52341 <- 93.184.216.34:80 (http)", "hit -> sock 0"}},
      {"closed-ports: no listener, the firewall's policy, a RST back", "closed-ports",
       Demux("server", "SYN", "none"),
       {"receiver  server", "firewall, input chain: accepted (policy)", "3. listener on 0.0.0.0:7777", "miss",
        "no socket takes it", "answered by the stack: RST|ACK"}},
      {"closed-ports: a datagram to a closed port, ICMP back", "closed-ports", Demux("server", "UDP", "none"),
       {"UDP 10.0.0.1:", ", 32 bytes", "3. bound socket on 0.0.0.0:7777", "miss", "no socket takes it",
        "answered by the stack: ICMP port-unreachable"}},
      {"closed-ports: the stack's ICMP error quotes the datagram", "closed-ports",
       Mux("server", "ICMP port-unreachable"),
       {"no socket sends it: the stack's own answer", "it answers UDP of #", "ports are that segment's, swapped",
        "receiver  client", "1. the 4-tuple the error quotes, 10.0.0.1:", "hit -> sock 1"}},
      {"closed-ports: a SYN into a drop rule", "closed-ports", Demux("server", "SYN", "filtered"),
       {"firewall, input chain: filtered (rule 1); no demux lookup is made",
        "nothing answers it (dropped silently: the sender will time out)"}},
      {"dns-tcp-and-udp: a sendto() that autobinds chose the port", "dns-tcp-and-udp", Mux("client", "UDP"),
       {"sender  client", "the ephemeral port allocator's choice in send() (0.0.0.0:", "after 1 probe",
        "receiver  resolver", "3. bound socket on 0.0.0.0:53 (domain)", "hit -> sock 1",
        "then: mux UDP      10.0.0.53:53 (domain) -> 10.0.0.7:"}},
      {"dns-tcp-and-udp: the resolver's answer goes back where the query came from", "dns-tcp-and-udp",
       Mux("resolver", "UDP"),
       {"source port 53: the program's own, bind() to 0.0.0.0:53 (domain)", "a reply to the datagram of #",
        "sent back to its source, ports swapped", "receiver  client"}},
      {"dhcp-broadcast: a broadcast reaches every host of the link", "dhcp-broadcast", Mux("client", "UDP"),
       {"a broadcast, to every host of the link", "receiver  client", "nothing answers it (RFC 1122",
        "receiver  dhcp", "hit -> sock 0", "receiver  printer"}},
      {"firewall-drop-vs-reject: a tcp-reset reject", "firewall-drop-vs-reject",
       Demux("server", "SYN", "rejected (rule 3"),
       {"firewall, input chain: rejected (rule 3, tcp-reset)", "answered by the stack: RST|ACK"}},
      {"firewall-drop-vs-reject: a retransmitted SYN into the drop", "firewall-drop-vs-reject",
       [](const trace::TraceEvent& e) {
         return e.kind == trace::TraceKind::kSegmentSent && e.host == "client" && e.what == "SYN" &&
                e.time > SimTime() + Duration::Seconds(2);
       },
       {"sent again: the SYN retransmission timer fired", "source port", "filtered (rule 1)"}},
      {"firewall-drop-vs-reject: the policy accepts telnet once its drop rule is gone", "firewall-drop-vs-reject",
       [](const trace::TraceEvent& e) {
         return e.kind == trace::TraceKind::kFirewallAccepted && e.host == "server" && e.what == "SYN";
       },
       {"firewall, input chain: accepted (policy)", "3. listener on 0.0.0.0:23 (telnet)", "hit -> sock 0"}},
  };
  for (const CardCase& c : cases) {
    INFO(c.name);
    const EventLog log = LoggedRun(c.scenario);
    const int64_t n = FirstEvent(log, c.pick);
    REQUIRE(n > 0);
    absl::StatusOr<PacketCard> card = BuildPacketCard(log, n);
    REQUIRE(card.ok());
    std::ostringstream text;
    WritePacketCardText(*card, text);
    INFO(text.str());
    size_t at = 0;
    for (const std::string& w : c.want) {
      INFO("wanted next: " << w);
      const size_t found = text.str().find(w, at);
      REQUIRE(found != std::string::npos);
      at = found + w.size();
    }
  }
}

TEST_CASE("a packet card refuses an event out of range or about no segment", "[report][packet-card]") {
  const EventLog log = LoggedRun("web-browsing");
  const std::string count = std::to_string(log.size());
  const std::vector<std::pair<int64_t, std::string>> cases = {
      {0, "event 0: the trace has " + count + " events (1.." + count + ")"},
      {log.size() + 1, "event " + std::to_string(log.size() + 1) + ": the trace has " + count + " events"},
      {2, "event 2 is a state event, not a segment's"},
      {1, "event 1 is a bind event, not a segment's"},
  };
  for (const auto& [n, want] : cases) {
    INFO(n);
    absl::StatusOr<PacketCard> card = BuildPacketCard(log, n);
    REQUIRE_FALSE(card.ok());
    CHECK(card.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(card.status().message()), Catch::Contains(want));
  }
}

TEST_CASE("a packet card's HTML is escaped and self-contained", "[report][packet-card]") {
  const EventLog log = LoggedRun("web-browsing");
  const int64_t n = FirstEvent(log, Demux("web", "SYN", "listener-wildcard"));
  absl::StatusOr<PacketCard> card = BuildPacketCard(log, n);
  REQUIRE(card.ok());
  card->stages.front().facts.front().text = "<script>alert('x') & \"y\"</script>";
  std::ostringstream html;
  WritePacketCardHtml(*card, html);
  const std::string h = html.str();
  CHECK(h.rfind("<section class=\"packet-card\" data-event=\"" + std::to_string(n) + "\">", 0) == 0);
  CHECK(h.find("&lt;script&gt;alert('x') &amp; &quot;y&quot;&lt;/script&gt;") != std::string::npos);
  CHECK(h.find("<script") == std::string::npos);
  CHECK(h.find("src=") == std::string::npos);
  CHECK(h.find("href=") == std::string::npos);
  CHECK(h.find("listener on 0.0.0.0:443 (https)") != std::string::npos);
  CHECK(h.find("class=\"card-asked\"") != std::string::npos);
}

TEST_CASE("an event log copies each event's strings", "[report][packet-card]") {
  EventLog log;
  {
    std::string host = "a-host-name-longer-than-any-small-string-buffer";
    trace::TraceEvent e;
    e.host = host;
    e.what = "SYN";
    log.OnEvent(e);
    host.assign(host.size(), 'x');
  }
  std::vector<LoggedEvent> copies = log.events();  // copied: views re-pointed
  CHECK(log.at(1).View().host == "a-host-name-longer-than-any-small-string-buffer");
  CHECK(copies[0].View().host == "a-host-name-longer-than-any-small-string-buffer");
  CHECK(copies[0].View().what.data() == copies[0].what.data());
  CHECK(log.at(1).number == 1);
}

}  // namespace
}  // namespace portlab::report
