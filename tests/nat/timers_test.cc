// Session timers per protocol and TCP state, refresh direction, the RFC
// 5382 unsolicited-SYN hold, and a new SYN on a TIME-WAIT session.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "nat/nat_harness.h"

namespace portlab::nat::testing {
namespace {

using net::kAck;
using net::kFin;
using net::kRst;
using net::kSyn;

TEST_CASE("session states and their idle timeouts", "[nat]") {
  NatTimeouts t = Profile("linux-masquerade").timeouts;
  struct Step {
    uint8_t flags;
    bool from_opener;
    SessionState want;
    int64_t timeout_s;
  };
  const Step steps[] = {
      {kSyn, true, SessionState::kTcpSynSent, 120},
      {kSyn | kAck, false, SessionState::kTcpEstablished, 432000},
      {kAck, true, SessionState::kTcpEstablished, 432000},
      {kFin | kAck, true, SessionState::kTcpFinWait, 120},
      {kFin | kAck, false, SessionState::kTcpTimeWait, 120},
      {kSyn, true, SessionState::kTcpSynSent, 120},  // a new SYN restarts it
      {kRst, false, SessionState::kTcpClosed, 10},
  };
  SessionState s = InitialState(net::Protocol::kTcp);
  uint8_t fins = 0;
  for (const Step& k : steps) {
    s = NextState(s, k.flags, k.from_opener, &fins);
    CHECK(SessionStateName(s) == SessionStateName(k.want));
    CHECK(IdleTimeout(t, s) == Duration::Seconds(k.timeout_s));
  }
  SessionState u = InitialState(net::Protocol::kUdp);
  CHECK(IdleTimeout(t, u) == Duration::Seconds(30));
  u = NextState(u, 0, false, &fins);
  CHECK(IdleTimeout(t, u) == Duration::Seconds(120));
}

TEST_CASE("UDP mapping lifetime: outbound refreshes, inbound only when the profile says", "[nat]") {
  for (bool refresh_inbound : {false, true}) {
    CAPTURE(refresh_inbound);
    NatConfig c = Profile("full-cone");
    c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(100);
    c.refresh_inbound = refresh_inbound;
    NatHarness h(c);
    std::vector<net::Segment> emitted;
    h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 3478), 0);
    h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 3478), 50);  // refresh: until 150
    h.In(h.Udp("198.51.100.1", 3478, "203.0.113.1", 5000), 60);      // reply: stream state, until 160
    h.In(h.Udp("198.51.100.1", 3478, "203.0.113.1", 5000), 120);     // refresh only if inbound refreshes
    CHECK(h.nat->Table(At(121))[0].left == Duration::Seconds(refresh_inbound ? 99 : 39));
    h.nat->Advance(At(170), &emitted);
    CHECK(h.nat->mapping_count() == (refresh_inbound ? 1u : 0u));
    h.nat->Advance(At(230), &emitted);
    CHECK(h.nat->mapping_count() == 0);
    CHECK(h.nat->figures().mappings_expired == 1);
  }
}

TEST_CASE("linux-masquerade: a replied UDP flow keeps 30 s until a packet passes 2 s after its first", "[nat]") {
  // nf_conntrack_proto_udp.c nf_conntrack_udp_packet: with a reply seen, a
  // packet refreshes the entry with UDP_CT_UNREPLIED (30 s) until one comes
  // after stream_ts (first packet + 2 s, strictly after), which gives
  // UDP_CT_REPLIED (120 s); the first reply is handled before
  // IPS_SEEN_REPLY is set, so it never does. Kernel 6.18 through nftables
  // masquerade, conntrack -L at 4 s: one exchange at 0 s 26 s left, no
  // [ASSURED]; an exchange and an outbound packet at 3 s, or an inbound one
  // at 3.5 s, 119 s [ASSURED].
  struct Case {
    const char* name;
    std::vector<std::pair<double, bool>> packets;  // time, from the inside
    double at;
    const char* state;
    double left_s;
  };
  const Case cases[] = {
      {"unreplied", {{0, true}}, 4, "UDP", 26},
      {"one exchange", {{0, true}, {0.01, false}}, 4, "UDP-REPLIED", 26.01},
      {"exchange, outbound at 3 s", {{0, true}, {0.01, false}, {3, true}}, 4, "UDP-STREAM", 119},
      {"exchange, inbound at 3.5 s", {{0, true}, {0.01, false}, {3.5, false}}, 4, "UDP-STREAM", 119.5},
      {"exchange, outbound at 1 s", {{0, true}, {0.01, false}, {1, true}}, 4, "UDP-REPLIED", 27},
      {"exchange, outbound at 2 s (not after stream_ts)", {{0, true}, {0.01, false}, {2, true}}, 4, "UDP-REPLIED", 28},
      {"first reply at 5 s", {{0, true}, {5, false}}, 6, "UDP-REPLIED", 29},
      {"first reply at 5 s, outbound at 6 s", {{0, true}, {5, false}, {6, true}}, 7, "UDP-STREAM", 119},
      {"stream, refreshed", {{0, true}, {0.01, false}, {3, true}, {10, false}}, 11, "UDP-STREAM", 119},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    NatHarness h(Profile("linux-masquerade"));
    for (const auto& [t, inside] : k.packets) {
      NatResult r = inside ? h.Out(h.Udp("192.168.1.100", 6002, "198.51.100.1", 7002), t)
                           : h.In(h.Udp("198.51.100.1", 7002, "203.0.113.1", 6002), t);
      REQUIRE(r.action != NatResult::Action::kDrop);
    }
    std::vector<NatTableRow> rows = h.nat->Table(At(k.at));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].state == k.state);
    CHECK(rows[0].left == At(k.left_s) - At(0));
    std::vector<net::Segment> emitted;
    h.nat->Advance(At(k.at + k.left_s - 0.001), &emitted);
    CHECK(h.nat->session_count() == 1);
    h.nat->Advance(At(k.at + k.left_s + 0.001), &emitted);
    CHECK(h.nat->session_count() == 0);
  }
}

TEST_CASE("refreshes of established sessions (kept in the index slots) move the expiry as SetExpiry did", "[nat]") {
  NatConfig c = Profile("full-cone");
  c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(100);
  NatHarness h(c);
  std::vector<net::Segment> emitted;
  net::Segment out = h.Udp("192.168.1.100", 5000, "198.51.100.1", 3478);
  h.Out(out, 0);
  h.In(h.Udp("198.51.100.1", 3478, "203.0.113.1", 5000), 1);  // stream: until 101
  for (int t = 10; t <= 90; t += 10) h.Out(out, t);           // until 190
  CHECK(h.nat->Table(At(95))[0].left == Duration::Seconds(95));
  h.nat->Advance(At(150), &emitted);  // the heap entry of 101 finds 190
  REQUIRE(h.nat->mapping_count() == 1);
  CHECK(h.nat->Table(At(150))[0].left == Duration::Seconds(40));
  // Time going back (a caller's choice, never the simulation's): the
  // refresh sets the expiry from the earlier time, as it always did.
  h.Out(out, 60);  // until 160, not 190
  CHECK(h.nat->Table(At(61))[0].left == Duration::Seconds(99));
  h.nat->Advance(At(159), &emitted);
  CHECK(h.nat->mapping_count() == 1);
  h.nat->Advance(At(161), &emitted);
  CHECK(h.nat->mapping_count() == 0);
}

// Records the NAT's mapping expiries: "inside endpoint @ time in ms".
struct ExpiredLog : trace::TraceSink {
  std::vector<std::string> lines;
  void OnEvent(const trace::TraceEvent& e) override {
    if (e.kind != trace::TraceKind::kNatMappingExpired) return;
    lines.push_back(absl::StrCat(e.flow.local.ToString(), " @ ", e.time.nanos() / 1000000));
  }
};

TEST_CASE("many sessions due at once end at their own expiry, as when time advances step by step", "[nat]") {
  // 240 UDP mappings from 4 hosts over 60 s, some with a second session,
  // some refreshed later (so their first heap entry is stale), ended by one
  // Advance over all of them (one batch) or by Advances 0.25 s apart.
  NatConfig c = Profile("full-cone");
  c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(100);
  c.hold_down = Duration::Seconds(30);
  std::vector<std::string> logs[2];
  std::vector<std::string> after[2];
  for (int stepwise = 0; stepwise < 2; ++stepwise) {
    CAPTURE(stepwise);
    NatHarness h(c);
    ExpiredLog log;
    NatBoxSpec spec = h.nat->spec();
    h.nat = std::move(*NatBox::Create(spec, h.pool, 1, &log));
    std::map<std::string, double> expiry;  // inside endpoint -> when its mapping should end
    for (int i = 0; i < 240; ++i) {
      const std::string host = absl::StrCat("192.168.1.", 100 + i % 4);
      const uint16_t port = static_cast<uint16_t>(5000 + i);
      const double t = i * 0.25;
      h.Out(h.Udp(host, port, "198.51.100.1", 3478), t);
      double end = t + 100;
      if (i % 3 == 0) {  // a second session, 5 s later
        h.Out(h.Udp(host, port, "198.51.100.2", 53), t + 5);
        end = t + 105;
      }
      if (i % 5 == 0) {  // a refresh of the first session, 20 s later
        h.Out(h.Udp(host, port, "198.51.100.1", 3478), t + 20);
        end = std::max(end, t + 120);
      }
      expiry[absl::StrCat(host, ":", port)] = end;
    }
    std::vector<net::Segment> emitted;
    if (stepwise) {
      for (double t = 60; t <= 200; t += 0.25) h.nat->Advance(At(t), &emitted);
    } else {
      h.nat->Advance(At(200), &emitted);
    }
    CHECK(h.nat->mapping_count() == 0);
    CHECK(h.nat->figures().mappings_expired == 240);
    REQUIRE(log.lines.size() == 240);
    for (const std::string& line : log.lines) {
      const std::string endpoint = line.substr(0, line.find(' '));
      CHECK(line == absl::StrCat(endpoint, " @ ", static_cast<int64_t>(expiry.at(endpoint) * 1000)));
    }
    logs[stepwise] = log.lines;
    std::sort(logs[stepwise].begin(), logs[stepwise].end());
    // Hold-down counted from each expiry: the same ports come free again.
    for (int i = 0; i < 20; ++i) {
      after[stepwise].push_back(h.Source(h.Out(h.Udp("192.168.1.120", static_cast<uint16_t>(5000 + i), "198.51.100.1", 3478), 200)));
    }
  }
  CHECK(logs[0] == logs[1]);
  CHECK(after[0] == after[1]);
}

TEST_CASE("TCP: established lives long, FIN shortens, RST closes", "[nat]") {
  NatHarness h(Profile("rfc-recommended"));
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 0);
  h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kSyn | kAck), 0.01);
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kAck), 0.02);
  std::vector<NatTableRow> rows = h.nat->Table(At(1));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].state == "ESTABLISHED");
  CHECK(rows[0].left == Duration::Seconds(7440) - Duration::Millis(980));
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kFin | kAck), 10);
  h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kFin | kAck), 10.01);
  rows = h.nat->Table(At(11));
  CHECK(rows[0].state == "TIME-WAIT");
  CHECK(rows[0].left == Duration::Millis(239010));
}

TEST_CASE("a new SYN on a TIME-WAIT session: Linux evicts, a strict NAT waits", "[nat]") {
  for (bool evict : {true, false}) {
    CAPTURE(evict);
    NatConfig c = Profile("linux-masquerade");
    c.evict_time_wait = evict;
    NatHarness h(c);
    h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 0);
    h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kSyn | kAck), 0.01);
    h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kFin | kAck), 1);
    h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kFin | kAck), 1.01);
    NatResult again = h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 2);
    CHECK(h.Source(again) == (evict ? "203.0.113.1:40000" : "drop:time-wait"));
    if (evict) CHECK(h.nat->Table(At(2))[0].state == "SYN-SENT");
  }
}

TEST_CASE("linux-masquerade: an RST before any reply ends the session at once", "[nat]") {
  // nf_conntrack_proto_tcp.c nf_conntrack_tcp_packet, without
  // IPS_SEEN_REPLY: "If only reply is a RST ... we can delete the conntrack
  // immediately". Kernel 6.18 (the tester's refused-port-reuse case): with
  // masquerade to 4 ports, 4 connects refused by RST, then 4 more at once
  // to the same port, all refused at once: the ports were free again.
  // After a reply the RST leaves CLOSE for 10 s, as before.
  struct Case {
    const char* name;
    const char* profile;
    std::vector<std::pair<uint8_t, bool>> packets;  // flags, from the inside; at 0, 0.01, 0.02 ...
    const char* state;                              // the row left at 1 s, "" for none
  };
  const Case cases[] = {
      {"refused: RST|ACK answers the SYN", "linux-masquerade", {{kSyn, true}, {kRst | kAck, false}}, ""},
      {"the inside resets before any reply", "linux-masquerade", {{kSyn, true}, {kRst, true}}, ""},
      {"reset after the SYN|ACK", "linux-masquerade", {{kSyn, true}, {kSyn | kAck, false}, {kRst, false}},
       "CLOSED"},
      {"reset after the handshake", "linux-masquerade",
       {{kSyn, true}, {kSyn | kAck, false}, {kAck, true}, {kRst, true}}, "CLOSED"},
      {"refused, a NAT that holds it", "rfc-recommended", {{kSyn, true}, {kRst | kAck, false}}, "CLOSED"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    NatConfig c = Profile(k.profile);
    c.port_lo = c.port_hi = 40000;  // one port: the next connection needs it back
    NatHarness h(c);
    double t = 0;
    for (const auto& [flags, inside] : k.packets) {
      NatResult r = inside ? h.Out(h.Tcp("192.168.1.100", 5000, "198.51.100.1", 10, flags), t)
                           : h.In(h.Tcp("198.51.100.1", 10, "203.0.113.1", 40000, flags), t);
      REQUIRE(r.action != NatResult::Action::kDrop);  // the RST passes either way
      t += 0.01;
    }
    std::vector<NatTableRow> rows = h.nat->Table(At(1));
    CHECK(rows.size() == (*k.state ? 1u : 0u));
    if (!rows.empty()) CHECK(rows[0].state == k.state);
    NatResult next = h.Out(h.Tcp("192.168.1.100", 5001, "198.51.100.1", 10, kSyn), 1);
    CHECK(h.Source(next) == (*k.state ? "drop:exhausted" : "203.0.113.1:40000"));
  }
}

TEST_CASE("linux-masquerade: retransmitted SYNs do not restart the SYN-SENT timer", "[nat]") {
  // nf_conntrack_proto_tcp.c nf_conntrack_tcp_packet: "do not renew
  // timeout on SYN retransmit". Kernel 6.18 (the tester's
  // syn-refresh-check), a SYN dropped beyond the NAT and sent again at 1, 2,
  // 3, 4 and 5 s: conntrack -L 119, 117, 115, 112 s left at 0.5, 2.5, 4.5,
  // 7.5 s. A NAT without the rule restarts the timer on each.
  struct Case {
    const char* profile;
    bool refresh;
    double left_at_7_5;
  };
  const Case cases[] = {{"linux-masquerade", false, 112.5}, {"linux-masquerade", true, 117.5},
                        {"rfc-recommended", true, 237.5}};
  for (const Case& k : cases) {
    CAPTURE(k.profile, k.refresh);
    NatConfig c = Profile(k.profile);
    c.syn_retransmit_refresh = k.refresh;
    NatHarness h(c);
    for (int t = 0; t <= 5; ++t) {
      REQUIRE(h.Out(h.Tcp("192.168.1.100", 6201, "198.51.100.1", 9, kSyn), t).action ==
              NatResult::Action::kToOutside);
    }
    std::vector<NatTableRow> rows = h.nat->Table(At(7.5));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].state == "SYN-SENT");
    CHECK(rows[0].left == At(k.left_at_7_5) - At(0));
  }
  // The rule holds only before a reply, and a SYN that reopens a finished
  // session starts its timer afresh.
  NatHarness h(Profile("linux-masquerade"));
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 0);
  h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kSyn | kAck), 0.01);
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kFin | kAck), 1);
  h.In(h.Tcp("198.51.100.1", 80, "203.0.113.1", 40000, kFin | kAck), 1.01);
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 2);  // TIME-WAIT taken over
  h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 80, kSyn), 3);  // its retransmission
  std::vector<NatTableRow> rows = h.nat->Table(At(4));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].state == "SYN-SENT");
  CHECK(rows[0].left == Duration::Seconds(118));
}

TEST_CASE("RFC 5382 REQ-4: an unsolicited SYN is held 6 s", "[nat]") {
  struct Case {
    const char* name;
    UnsolicitedSyn mode;
    bool inside_opens;  // the inside sends its own SYN at 3 s (a hole punch)
    bool icmp_now, icmp_later;
  };
  const Case cases[] = {
      {"hold, answered", UnsolicitedSyn::kHold, false, false, true},
      {"hold, superseded", UnsolicitedSyn::kHold, true, false, false},
      {"reject", UnsolicitedSyn::kReject, false, true, false},
      {"drop", UnsolicitedSyn::kDrop, false, false, false},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    NatConfig c = Profile("port-restricted-cone");
    c.unsolicited_syn = k.mode;
    NatHarness h(c);
    REQUIRE(h.Source(h.Out(h.Udp("192.168.1.100", 40000, "198.51.100.9", 3478), 0)) == "203.0.113.1:40000");
    NatResult syn = h.In(h.Tcp("198.51.100.1", 50000, "203.0.113.1", 40000, kSyn), 1);
    CHECK(syn.action == NatResult::Action::kDrop);
    CHECK(syn.has_reply == k.icmp_now);
    if (k.inside_opens) {
      CHECK(h.Source(h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 50000, kSyn), 3)) == "203.0.113.1:40000");
    }
    std::vector<net::Segment> emitted;
    h.nat->Advance(At(6.5), &emitted);
    CHECK(emitted.empty());  // not before 6 s
    h.nat->Advance(At(7), &emitted);
    CHECK(emitted.size() == (k.icmp_later ? 1u : 0u));
    if (!emitted.empty()) {
      CHECK(emitted[0].kind == net::SegmentKind::kIcmpPortUnreachable);
      CHECK(h.Name(emitted[0].dst) == "198.51.100.1");
      CHECK(emitted[0].inner_protocol == net::Protocol::kTcp);
    }
  }
}

TEST_CASE("aws-nat-gateway: how long each TCP state keeps its session", "[nat]") {
  // 350 s for a connection opening, open or half closed (AWS: "idle for
  // 350 seconds or more, the connection times out"); a closed one 120 s
  // (FIN both ways) or 10 s (RST), portlab's unverified choice.
  struct Case {
    const char* name;
    std::vector<std::pair<uint8_t, bool>> packets;  // flags, from the inside; at 0, 0.01, 0.02 ...
    double lifetime_s;  // after the last packet
  };
  const Case cases[] = {
      {"SYN sent", {{kSyn, true}}, 350},
      {"established", {{kSyn, true}, {kSyn | kAck, false}, {kAck, true}}, 350},
      {"one FIN", {{kSyn, true}, {kSyn | kAck, false}, {kFin | kAck, true}}, 350},
      {"FIN both ways", {{kSyn, true}, {kSyn | kAck, false}, {kFin | kAck, true}, {kFin | kAck, false}}, 120},
      {"reset", {{kSyn, true}, {kSyn | kAck, false}, {kRst, false}}, 10},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    NatHarness h(Profile("aws-nat-gateway"), {"203.0.113.10"});
    double t = 0;
    std::string outside;
    for (const auto& [flags, inside] : k.packets) {
      if (inside) {
        NatResult r = h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443, flags), t);
        REQUIRE(r.action == NatResult::Action::kToOutside);
        outside = h.Source(r);
      } else {
        const uint16_t port = static_cast<uint16_t>(std::stoi(outside.substr(outside.find(':') + 1)));
        REQUIRE(h.In(h.Tcp("198.51.100.1", 443, "203.0.113.10", port, flags), t).action ==
                NatResult::Action::kToInside);
      }
      t += 0.01;
    }
    const double last = t - 0.01;
    std::vector<net::Segment> emitted;
    h.nat->Advance(At(last + k.lifetime_s - 0.5), &emitted);
    CHECK(h.nat->session_count() == 1);
    h.nat->Advance(At(last + k.lifetime_s + 0.5), &emitted);
    CHECK(h.nat->session_count() == 0);
  }
}

TEST_CASE("aws-nat-gateway answers an inside host continuing a timed-out connection with an RST", "[nat]") {
  struct Case {
    const char* profile;
    uint8_t flags;  // what the inside host sends after the timeout
    bool rst;
  };
  const Case cases[] = {
      {"aws-nat-gateway", kAck, true},        // data, or a bare ACK
      {"aws-nat-gateway", kFin | kAck, true},  // closing it
      {"aws-nat-gateway", kRst, false},       // an RST is never answered
      {"gcp-cloud-nat", kAck, false},         // others drop it silently
      {"linux-masquerade", kAck, false},
  };
  for (const Case& k : cases) {
    CAPTURE(k.profile, static_cast<int>(k.flags));
    NatHarness h(Profile(k.profile), {"203.0.113.10"});
    NatResult syn = h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443, kSyn), 0);
    REQUIRE(syn.action == NatResult::Action::kToOutside);
    const uint16_t port = syn.segment.sport;
    REQUIRE(h.In(h.Tcp("198.51.100.1", 443, "203.0.113.10", port, kSyn | kAck), 0.01).action ==
            NatResult::Action::kToInside);
    REQUIRE(h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443, kAck), 0.02).action ==
            NatResult::Action::kToOutside);
    // Idle past every profile's established timeout (AWS 350 s, GCP 1200 s; Linux's 5 days: expire by hand).
    const double later = k.profile == std::string("linux-masquerade") ? 432001 : 1300;
    net::Segment late = h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443, k.flags);
    late.seq = 1001;
    late.ack = 5001;
    late.length = 100;
    NatResult r = h.Out(late, later);
    CHECK(r.action == NatResult::Action::kDrop);
    CHECK(r.drop_reason == DropReason::kNoSession);
    CHECK(r.has_reply == k.rst);
    if (k.rst) {
      // From the remote end to the inside host, as the remote would answer.
      CHECK(r.reply.kind == net::SegmentKind::kTcp);
      CHECK(h.Name(r.reply.src) == "198.51.100.1");
      CHECK(r.reply.sport == 443);
      CHECK(h.Name(r.reply.dst) == "192.168.1.100");
      CHECK(r.reply.dport == 40000);
      CHECK(r.reply.flags == kRst);
      CHECK(r.reply.seq == 5001);  // <SEQ=SEG.ACK>
    }
  }
}

TEST_CASE("aws-nat-gateway takes at most 8 addresses", "[nat]") {
  for (int n : {1, 8, 9}) {
    CAPTURE(n);
    std::vector<std::string> ips;
    for (int i = 0; i < n; ++i) ips.push_back("203.0.113." + std::to_string(10 + i));
    if (n <= 8) {
      CHECK_NOTHROW(NatHarness(Profile("aws-nat-gateway"), ips));
    } else {
      CHECK_THROWS_WITH(NatHarness(Profile("aws-nat-gateway"), ips),
                        Catch::Contains("at most 8 outside addresses"));
    }
  }
  std::vector<std::string> nine;
  for (int i = 0; i < 9; ++i) nine.push_back("203.0.113." + std::to_string(10 + i));
  CHECK_NOTHROW(NatHarness(Profile("gcp-cloud-nat"), nine));
}

}  // namespace
}  // namespace portlab::nat::testing
