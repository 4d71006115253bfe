// What a host answers a scanner's probes with, and which of them it hands
// to HostEnvironment::Unclaimed (what a raw socket sees): RFC 9293
// §3.10.7.1 (CLOSED: RST to all but a RST) and §3.10.7.2 (LISTEN: RST to
// an ACK, drop a segment with no SYN, ACK or RST), as Linux does
// (tcp_v4_send_reset; tcp_rcv_state_process in TCP_LISTEN).
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "stack/fake_environment.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

struct ProbeCase {
  const char* name;
  uint8_t flags;
  bool to_listener;
  const char* reply;  // SegmentLabel of what the host sends back, "" for nothing
};

// The scans' probes (SYN, ACK, FIN, NULL, Xmas) to a listening and to a
// closed port.
const ProbeCase kProbeCases[] = {
    {"SYN to a listener", net::kSyn, true, "SYN|ACK"},
    {"ACK to a listener", net::kAck, true, "RST"},
    {"FIN to a listener", net::kFin, true, ""},
    {"NULL to a listener", 0, true, ""},
    {"Xmas to a listener", net::kFin | net::kPsh | net::kUrg, true, ""},
    {"RST to a listener", net::kRst, true, ""},
    {"SYN to a closed port", net::kSyn, false, "RST|ACK"},
    {"ACK to a closed port", net::kAck, false, "RST"},
    {"FIN to a closed port", net::kFin, false, "RST|ACK"},
    {"NULL to a closed port", 0, false, "RST|ACK"},
    {"Xmas to a closed port", net::kFin | net::kPsh | net::kUrg, false, "RST|ACK"},
    {"RST to a closed port", net::kRst, false, ""},
};

TEST_CASE("a host answers each scan probe as Linux does", "[stack][scan]") {
  for (const ProbeCase& c : kProbeCases) {
    SECTION(c.name) {
      net::AddressPool pool;
      testing::FakeEnvironment env;
      Host h("server", {testing::Ip("10.0.0.2")}, *FindProfile("linux"), 1, pool, env);
      SocketId l = h.OpenSocket(net::Protocol::kTcp, false);
      REQUIRE(h.Bind(l, testing::Ep("0.0.0.0", 22)) == Errno::kOk);
      REQUIRE(h.Listen(l) == Errno::kOk);
      net::Segment probe;
      probe.kind = net::SegmentKind::kTcp;
      probe.flags = c.flags;
      probe.src = pool.Intern(testing::Ip("10.0.0.1"));
      probe.dst = pool.Intern(testing::Ip("10.0.0.2"));
      probe.sport = 40000;
      probe.dport = c.to_listener ? 22 : 23;
      probe.seq = 1000;
      probe.ack = 5000;
      h.Receive(probe);
      const std::string reply = env.transmitted().empty() ? "" : net::SegmentLabel(env.transmitted().back());
      CHECK(reply == c.reply);
      CHECK(env.transmitted().size() <= 1);
      // A listener takes a SYN; everything else is no socket's.
      CHECK(env.unclaimed().size() == (c.to_listener && c.flags == net::kSyn ? 0u : 1u));
    }
  }
}

TEST_CASE("answers to a scanner's raw probes reach it as unclaimed segments", "[stack][scan]") {
  net::AddressPool pool;
  testing::FakeEnvironment env;
  Host h("scanner", {testing::Ip("10.0.0.1")}, *FindProfile("linux"), 1, pool, env);
  net::Segment synack;
  synack.kind = net::SegmentKind::kTcp;
  synack.flags = net::kSyn | net::kAck;
  synack.src = pool.Intern(testing::Ip("10.0.0.2"));
  synack.dst = pool.Intern(testing::Ip("10.0.0.1"));
  synack.sport = 22;
  synack.dport = 45000;
  synack.seq = 777;
  synack.ack = 1001;
  h.Receive(synack);
  // The kernel resets what no socket of its asked for, after the capture
  // saw it.
  REQUIRE(env.unclaimed().size() == 1);
  CHECK(env.unclaimed()[0].sport == 22);
  REQUIRE(env.transmitted().size() == 1);
  CHECK(net::SegmentLabel(env.transmitted()[0]) == "RST");
  CHECK(env.transmitted()[0].seq == 1001);

  net::Segment answer;
  answer.kind = net::SegmentKind::kUdp;
  answer.src = synack.src;
  answer.dst = synack.dst;
  answer.sport = 53;
  answer.dport = 45000;
  h.Receive(answer);
  CHECK(env.unclaimed().size() == 2);
  CHECK(net::SegmentLabel(env.transmitted().back()) == "ICMP port-unreachable");

  // An ICMP error about a raw datagram the scanner sent.
  net::Segment probe = answer;
  std::swap(probe.src, probe.dst);
  std::swap(probe.sport, probe.dport);
  h.Receive(net::IcmpErrorAbout(probe, net::SegmentKind::kIcmpAdminProhibited, synack.src));
  CHECK(env.unclaimed().size() == 3);
}

}  // namespace
}  // namespace portlab::stack
