// The firewall (stack/firewall.h) as nftables evaluates a chain: first
// verdict wins, counters on every matching rule, sets with timeouts,
// conntrack's states, policies; and on a Host, what each verdict makes the
// peer's call return (held against the kernel in
// tests/differential/firewall_differential_test.cc).
#include "portlab/stack/firewall.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::Ip;
using testing::TestNetwork;

net::Segment FwPacket(net::AddressPool& pool, net::SegmentKind kind, const char* src, uint16_t sport,
                    const char* dst, uint16_t dport, uint8_t flags = 0) {
  net::Segment s;
  s.kind = kind;
  s.flags = flags;
  s.src = pool.Intern(Ip(src));
  s.dst = pool.Intern(Ip(dst));
  s.sport = sport;
  s.dport = dport;
  return s;
}

FirewallRule FwRuleOf(std::optional<net::Protocol> p, std::vector<PortSpan> dport, Verdict v) {
  FirewallRule r;
  r.protocol = p;
  r.dport = std::move(dport);
  r.verdict = v;
  return r;
}

constexpr auto kFwTcp = net::Protocol::kTcp;
constexpr auto kFwUdp = net::Protocol::kUdp;

TEST_CASE("Firewall: the first rule with a verdict decides, each matching rule counts", "[stack][firewall]") {
  net::AddressPool pool;
  struct Case {
    std::string name;
    std::vector<FirewallRule> rules;
    net::Segment seg;
    Verdict verdict;
    int rule;  // Firewall::kPolicy: none decided
  };
  const auto syn = [&](const char* src, uint16_t dport) {
    return FwPacket(pool, net::SegmentKind::kTcp, src, 40000, "10.0.0.2", dport, net::kSyn);
  };
  FirewallRule from8 = FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kAccept);
  from8.saddr = {{Ip("10.0.0.0"), 8}};
  FirewallRule v6 = FwRuleOf(std::nullopt, {}, Verdict::kDrop);
  v6.saddr = {{Ip("2001:db8::"), 32}};
  FirewallRule sport = FwRuleOf(kFwUdp, {}, Verdict::kDrop);
  sport.sport = {{53, 53}};
  FirewallRule multi = FwRuleOf(kFwTcp, {{20, 21}, {8000, 8999}}, Verdict::kReject);
  const std::vector<Case> cases = {
      {"no rule: the policy", {}, syn("10.0.0.1", 22), Verdict::kAccept, Firewall::kPolicy},
      {"a port rule", {FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kDrop)}, syn("10.0.0.1", 22), Verdict::kDrop, 0},
      {"another port", {FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kDrop)}, syn("10.0.0.1", 23), Verdict::kAccept,
       Firewall::kPolicy},
      {"another protocol", {FwRuleOf(kFwUdp, {{22, 22}}, Verdict::kDrop)}, syn("10.0.0.1", 22), Verdict::kAccept,
       Firewall::kPolicy},
      {"accept before drop", {FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kAccept), FwRuleOf(kFwTcp, {}, Verdict::kDrop)},
       syn("10.0.0.1", 22), Verdict::kAccept, 0},
      {"the drop after it", {FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kAccept), FwRuleOf(kFwTcp, {}, Verdict::kDrop)},
       syn("10.0.0.1", 80), Verdict::kDrop, 1},
      {"a range, inside", {FwRuleOf(kFwTcp, {{1000, 2000}}, Verdict::kDrop)}, syn("10.0.0.1", 2000), Verdict::kDrop, 0},
      {"a range, outside", {FwRuleOf(kFwTcp, {{1000, 2000}}, Verdict::kDrop)}, syn("10.0.0.1", 2001), Verdict::kAccept,
       Firewall::kPolicy},
      {"a port set, second span", {multi}, syn("10.0.0.1", 8080), Verdict::kReject, 0},
      {"a port set, between spans", {multi}, syn("10.0.0.1", 80), Verdict::kAccept, Firewall::kPolicy},
      {"a source prefix", {from8, FwRuleOf(kFwTcp, {}, Verdict::kDrop)}, syn("10.9.9.9", 22), Verdict::kAccept, 0},
      {"outside the prefix", {from8, FwRuleOf(kFwTcp, {}, Verdict::kDrop)}, syn("192.168.0.1", 22), Verdict::kDrop, 1},
      {"an IPv6 prefix never matches IPv4", {v6}, syn("10.0.0.1", 22), Verdict::kAccept, Firewall::kPolicy},
      {"a source port", {sport}, FwPacket(pool, net::SegmentKind::kUdp, "10.0.0.1", 53, "10.0.0.2", 9999),
       Verdict::kDrop, 0},
      {"no port selector reads an ICMP error's quoted ports", {FwRuleOf(kFwUdp, {{53, 53}}, Verdict::kDrop)},
       FwPacket(pool, net::SegmentKind::kIcmpPortUnreachable, "10.0.0.1", 53, "10.0.0.2", 53), Verdict::kAccept,
       Firewall::kPolicy},
      {"a rule without protocol or port takes ICMP", {FwRuleOf(std::nullopt, {}, Verdict::kDrop)},
       FwPacket(pool, net::SegmentKind::kIcmpPortUnreachable, "10.0.0.1", 53, "10.0.0.2", 53), Verdict::kDrop, 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    Firewall fw;
    for (const FirewallRule& r : c.rules) fw.Append(r);
    const Firewall::Decision d = fw.Filter(FwDirection::kIn, c.seg, pool, SimTime());
    CHECK(d.verdict == c.verdict);
    CHECK(d.rule == c.rule);
    if (c.rule >= 0) CHECK(fw.figures(c.rule).packets == 1);
  }
}

TEST_CASE("Firewall: a rule without a verdict counts and evaluation goes on", "[stack][firewall]") {
  net::AddressPool pool;
  Firewall fw;
  FirewallRule count = FwRuleOf(kFwTcp, {}, Verdict::kNone);
  fw.Append(count);
  fw.Append(FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kDrop));
  const net::Segment syn = FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.1", 40000, "10.0.0.2", 22, net::kSyn);
  CHECK(fw.Filter(FwDirection::kIn, syn, pool, SimTime()).rule == 1);
  CHECK(fw.figures(0).packets == 1);
  CHECK(fw.figures(0).bytes == 40);  // 20 IP + 20 TCP, no payload
  CHECK(fw.figures(1).packets == 1);
  // The output chain does not see input rules.
  CHECK(fw.Filter(FwDirection::kOut, syn, pool, SimTime()).verdict == Verdict::kAccept);
}

TEST_CASE("Firewall: active chains, policies, insert, delete and flush", "[stack][firewall]") {
  net::AddressPool pool;
  Firewall fw;
  CHECK_FALSE(fw.active(FwDirection::kIn));
  CHECK_FALSE(fw.active(FwDirection::kOut));
  fw.SetPolicy(FwDirection::kIn, Verdict::kDrop);
  CHECK(fw.active(FwDirection::kIn));
  CHECK_FALSE(fw.active(FwDirection::kOut));
  const net::Segment syn = FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.1", 40000, "10.0.0.2", 22, net::kSyn);
  CHECK(fw.Filter(FwDirection::kIn, syn, pool, SimTime()).verdict == Verdict::kDrop);
  CHECK(fw.policy_drops(FwDirection::kIn) == 1);
  fw.Append(FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kAccept));
  fw.Insert(0, FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kReject));
  CHECK(fw.Filter(FwDirection::kIn, syn, pool, SimTime()).rule == 0);
  CHECK(fw.Delete(0));
  CHECK_FALSE(fw.Delete(5));
  CHECK(fw.Filter(FwDirection::kIn, syn, pool, SimTime()).verdict == Verdict::kAccept);
  fw.Flush();
  CHECK(fw.size() == 0);
  fw.SetPolicy(FwDirection::kIn, Verdict::kAccept);
  CHECK_FALSE(fw.active(FwDirection::kIn));
  // A rule reading ct state makes both chains active: conntrack must see
  // what goes out to know what comes back.
  FirewallRule ct = FwRuleOf(std::nullopt, {}, Verdict::kAccept);
  ct.ct_states = kCtEstablished;
  fw.Append(ct);
  CHECK(fw.active(FwDirection::kOut));
  CHECK(fw.tracks_connections());
}

TEST_CASE("Firewall: sets fill from a rule and empty when their timeout ends", "[stack][firewall]") {
  net::AddressPool pool;
  Firewall fw;
  FirewallRule knock = FwRuleOf(kFwTcp, {{7000, 7000}}, Verdict::kDrop);
  knock.add_to_set = "knocked";
  knock.add_timeout = Duration::Seconds(10);
  FirewallRule ssh = FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kAccept);
  ssh.saddr_set = "knocked";
  fw.Append(knock);
  fw.Append(ssh);
  fw.Append(FwRuleOf(kFwTcp, {{22, 22}}, Verdict::kDrop));
  const auto syn = [&](const char* src, uint16_t dport) {
    return FwPacket(pool, net::SegmentKind::kTcp, src, 40000, "10.0.0.2", dport, net::kSyn);
  };
  const SimTime t0 = SimTime() + Duration::Seconds(100);
  CHECK(fw.Filter(FwDirection::kIn, syn("10.0.0.1", 22), pool, t0).rule == 2);
  CHECK(fw.Filter(FwDirection::kIn, syn("10.0.0.1", 7000), pool, t0).rule == 0);
  struct Case {
    const char* src;
    Duration after;
    int rule;
  };
  for (const Case& c : std::vector<Case>{{"10.0.0.1", Duration::Seconds(1), 1},
                                         {"10.0.0.3", Duration::Seconds(1), 2},  // another source never knocked
                                         {"10.0.0.1", Duration::Millis(9999), 1},
                                         {"10.0.0.1", Duration::Seconds(10), 2}}) {  // expired
    INFO(c.src << " after " << c.after.nanos() << " ns");
    CHECK(fw.Filter(FwDirection::kIn, syn(c.src, 22), pool, t0 + c.after).rule == c.rule);
  }
  const int set = fw.sets().Find("knocked");
  REQUIRE(set >= 0);
  CHECK(fw.sets().Elements(set, t0).size() == 1);
  CHECK(fw.sets().Elements(set, t0 + Duration::Seconds(10)).empty());
}

TEST_CASE("Firewall: conntrack gives new, established and related", "[stack][firewall]") {
  net::AddressPool pool;
  Firewall fw;
  FirewallRule back = FwRuleOf(std::nullopt, {}, Verdict::kAccept);
  back.ct_states = kCtEstablished | kCtRelated;
  fw.Append(back);
  fw.SetPolicy(FwDirection::kIn, Verdict::kDrop);
  const net::Segment out = FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.2", 50000, "10.0.0.9", 80, net::kSyn);
  const net::Segment reply =
      FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.9", 80, "10.0.0.2", 50000, net::kSyn | net::kAck);
  const net::Segment stranger = FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.9", 80, "10.0.0.2", 50001, net::kSyn);
  // Before anything went out, the reply is NEW, and the policy drops it.
  CHECK(fw.Filter(FwDirection::kIn, reply, pool, SimTime()).verdict == Verdict::kDrop);
  CHECK(fw.Filter(FwDirection::kOut, out, pool, SimTime()).verdict == Verdict::kAccept);
  CHECK(fw.Filter(FwDirection::kIn, reply, pool, SimTime()).verdict == Verdict::kAccept);
  CHECK(fw.Filter(FwDirection::kIn, stranger, pool, SimTime()).verdict == Verdict::kDrop);
  // An ICMP error quoting the tracked flow is RELATED.
  net::Segment icmp = net::IcmpErrorAbout(out, net::SegmentKind::kIcmpPortUnreachable, out.dst);
  CHECK(fw.Filter(FwDirection::kIn, icmp, pool, SimTime()).verdict == Verdict::kAccept);
  // One quoting a flow never seen is INVALID: no ct state matches it.
  const net::Segment never = FwPacket(pool, net::SegmentKind::kTcp, "10.0.0.2", 50002, "10.0.0.9", 80, net::kSyn);
  const net::Segment unrelated = net::IcmpErrorAbout(never, net::SegmentKind::kIcmpPortUnreachable, never.dst);
  CHECK(fw.Filter(FwDirection::kIn, unrelated, pool, SimTime()).verdict == Verdict::kDrop);
}

TEST_CASE("RuleText writes a rule as nft list ruleset does", "[stack][firewall]") {
  FirewallRule r = FwRuleOf(kFwTcp, {{22, 22}, {80, 90}}, Verdict::kAccept);
  r.ct_states = kCtEstablished | kCtRelated;
  CHECK(RuleText(r) == "tcp dport { 22, 80-90 } ct state established,related accept");
  FirewallRule k = FwRuleOf(kFwTcp, {{7000, 7000}}, Verdict::kDrop);
  k.saddr_set = "stage1";
  k.add_to_set = "stage2";
  k.add_timeout = Duration::Seconds(10);
  RuleFigures c{3, 120};
  CHECK(RuleText(k, &c) ==
        "tcp dport 7000 ip saddr @stage1 add @stage2 { ip saddr timeout 10s } counter packets 3 bytes 120 drop");
  FirewallRule rej = FwRuleOf(std::nullopt, {}, Verdict::kReject);
  rej.saddr = {{Ip("10.0.0.0"), 8}, {Ip("192.168.1.7"), 32}};
  rej.reject_with = RejectWith::kAdminProhibited;
  CHECK(RuleText(rej) == "ip saddr { 10.0.0.0/8, 192.168.1.7 } reject with icmpx admin-prohibited");
}

// On two hosts: what each inbound verdict makes the client's connect()
// return (tcp_v4_err with icmp_err_convert; a RST in SYN-SENT).
TEST_CASE("Host: each reject kind gives the connect() its errno and cause", "[stack][firewall]") {
  struct Case {
    std::string name;
    std::optional<RejectWith> with;  // nullopt: drop
    Errno result;
    FailureCause cause;
  };
  const std::vector<Case> cases = {
      {"reject (port unreachable)", RejectWith::kPortUnreachable, Errno::kECONNREFUSED,
       FailureCause::kIcmpPortUnreachable},
      {"tcp-reset", RejectWith::kTcpReset, Errno::kECONNREFUSED, FailureCause::kRejectedWithReset},
      {"the short form's reject", RejectWith::kResetOrPortUnreachable, Errno::kECONNREFUSED,
       FailureCause::kRejectedWithReset},
      {"admin-prohibited", RejectWith::kAdminProhibited, Errno::kEHOSTUNREACH, FailureCause::kIcmpAdminProhibited},
      {"host-unreachable", RejectWith::kHostUnreachable, Errno::kEHOSTUNREACH, FailureCause::kIcmpHostUnreachable},
      {"net-unreachable", RejectWith::kNetUnreachable, Errno::kENETUNREACH, FailureCause::kIcmpNetUnreachable},
      {"drop", std::nullopt, Errno::kETIMEDOUT, FailureCause::kSynTimedOut},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TestNetwork net;
    Host& client = net.AddHost("client", {"10.0.0.1"});
    Host& server = net.AddHost("server", {"10.0.0.2"});
    // A listener behind the rule: the firewall decides first (the bug of
    // issue 19 reported this as "RST from peer (no listener)").
    SocketId l = server.OpenSocket(kFwTcp, false);
    REQUIRE(server.Bind(l, Ep("0.0.0.0", 22)) == Errno::kOk);
    REQUIRE(server.Listen(l) == Errno::kOk);
    FirewallRule r = FwRuleOf(kFwTcp, {{22, 22}}, c.with ? Verdict::kReject : Verdict::kDrop);
    if (c.with) r.reject_with = *c.with;
    server.AppendFirewallRule(r);
    SocketId s = client.OpenSocket(kFwTcp, false);
    REQUIRE(client.Connect(s, Ep("10.0.0.2", 22)) == Errno::kEINPROGRESS);
    net.Advance(Duration::Seconds(300));
    CHECK(net.env(client).ConnectResult(s) == c.result);
    CHECK(client.last_cause() == c.cause);
    CHECK(server.firewall()->figures(0).packets == (c.with ? 1 : 11));
  }
}

TEST_CASE("Host: an output drop fails sendto() with EPERM and keeps a SYN off the wire", "[stack][firewall]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  net.AddHost("server", {"10.0.0.2"});
  FirewallRule out = FwRuleOf(std::nullopt, {{9000, 9000}}, Verdict::kDrop);
  out.direction = FwDirection::kOut;
  client.AppendFirewallRule(out);
  SocketId u = client.OpenSocket(kFwUdp, false);
  CHECK(client.Send(u, 10, Ep("10.0.0.2", 9000)) == Errno::kEPERM);
  CHECK(client.last_cause() == FailureCause::kDroppedOnOutput);
  CHECK(client.Send(u, 10, Ep("10.0.0.2", 9001)) == Errno::kOk);
  net.RecordWire();
  SocketId t = client.OpenSocket(kFwTcp, false);
  REQUIRE(client.Connect(t, Ep("10.0.0.2", 9000)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(300));
  // nf_hook_slow's EPERM is ignored by tcp_connect: the SYN timer runs out.
  CHECK(net.env(client).ConnectResult(t) == Errno::kETIMEDOUT);
  for (const net::Segment& seg : net.wire()) CHECK(seg.dport != 9000);
}

TEST_CASE("Host: under an input drop policy, ct state established lets replies in", "[stack][firewall]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId l = server.OpenSocket(kFwTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  FirewallRule back = FwRuleOf(std::nullopt, {}, Verdict::kAccept);
  back.ct_states = kCtEstablished | kCtRelated;
  client.AppendFirewallRule(back);
  client.SetFirewallPolicy(FwDirection::kIn, Verdict::kDrop);
  SocketId s = client.OpenSocket(kFwTcp, false);
  REQUIRE(client.Connect(s, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(1));
  CHECK(net.env(client).ConnectResult(s) == Errno::kOk);
  // Whoever connects to the client meets the policy.
  SocketId cl = client.OpenSocket(kFwTcp, false);
  REQUIRE(client.Bind(cl, Ep("0.0.0.0", 22)) == Errno::kOk);
  REQUIRE(client.Listen(cl) == Errno::kOk);
  SocketId in = server.OpenSocket(kFwTcp, false);
  REQUIRE(server.Connect(in, Ep("10.0.0.1", 22)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(300));
  CHECK(net.env(server).ConnectResult(in) == Errno::kETIMEDOUT);
  CHECK(client.firewall()->policy_drops(FwDirection::kIn) == 11);
}

}  // namespace
}  // namespace portlab::stack
