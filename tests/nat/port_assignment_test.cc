// RFC 4787 §4.2 port assignment, pooling, port blocks and deterministic NAT
// (RFC 6888, RFC 7422), and what exhaustion does.
#include <catch2/catch.hpp>

#include <set>

#include "nat/nat_harness.h"
#include "portlab/nat/port_blocks.h"
#include "portlab/nat/port_picker.h"

namespace portlab::nat::testing {
namespace {

TEST_CASE("the textbook example: preservation, then parity", "[nat]") {
  NatHarness h(Profile("rfc-recommended"));
  NatResult a = h.Out(h.Tcp("192.168.1.100", 52341, "93.184.216.34", 80));
  NatResult b = h.Out(h.Tcp("192.168.1.101", 52341, "93.184.216.34", 80));
  CHECK(h.Source(a) == "203.0.113.1:52341");
  REQUIRE(b.action == NatResult::Action::kToOutside);
  CHECK(b.segment.sport != 52341);
  CHECK(b.segment.sport % 2 == 1);  // REQ-4: parity kept
}

TEST_CASE("sequential selection hands out consecutive ports", "[nat]") {
  NatConfig c = Profile("symmetric");
  c.port_lo = 61234;
  NatHarness h(c);
  std::vector<uint16_t> ports;
  for (int i = 0; i < 3; ++i) ports.push_back(h.Out(h.Tcp("192.168.1.100", 52341, "93.184.216.34", 80 + i)).segment.sport);
  CHECK(ports == std::vector<uint16_t>{61234, 61235, 61236});
}

TEST_CASE("port picker: netfilter's probe rounds stop after 128+64+32+16+8", "[nat]") {
  NatConfig c = Profile("linux-masquerade");
  PortPicker picker(c, 42);
  PortPick none = picker.Pick({40000, 1024, 65535, 0}, [](uint16_t) { return false; });
  CHECK(none.port == 0);
  CHECK(none.probes == 1 + 248);  // preservation, then the rounds
  struct Case {
    uint16_t inside;
    uint16_t lo, hi;
  };
  for (Case k : {Case{80, 1, 511}, Case{700, 600, 1023}, Case{5000, 1024, 65535}}) {
    uint16_t lo, hi;
    PortPicker::ClassRange(c, k.inside, &lo, &hi);
    CHECK(lo == k.lo);
    CHECK(hi == k.hi);
  }
  // A small range is searched whole in one round.
  PortPick small = picker.Pick({5000, 2000, 2009, 0}, [](uint16_t p) { return p == 2007; });
  CHECK(small.port == 2007);
}

TEST_CASE("port picker: parity and random stay in range and keep parity", "[nat]") {
  NatConfig c = Profile("rfc-recommended");
  c.port_preservation = false;
  PortPicker picker(c, 7);
  std::set<uint16_t> taken;
  for (int i = 0; i < 50; ++i) {
    PortPick p = picker.Pick({5001, 1024, 1123, 0}, [&](uint16_t port) { return !taken.contains(port); });
    REQUIRE(p.port != 0);
    CHECK(p.port % 2 == 1);
    CHECK(p.port >= 1024);
    CHECK(p.port <= 1123);
    taken.insert(p.port);
  }
  // All 50 odd ports of 1024..1123 are taken: the 51st finds none.
  CHECK(picker.Pick({5001, 1024, 1123, 0}, [&](uint16_t port) { return !taken.contains(port); }).port == 0);
}

TEST_CASE("pooling: paired keeps a subscriber on one address, arbitrary spreads", "[nat]") {
  for (Pooling pooling : {Pooling::kPaired, Pooling::kArbitrary}) {
    NatConfig c = Profile("symmetric");
    c.pooling = pooling;
    NatHarness h(c, {"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"});
    std::set<std::string> addresses;
    for (int i = 0; i < 40; ++i) {
      NatResult r = h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 1000 + i));
      addresses.insert(h.Name(r.segment.src));
    }
    CHECK((addresses.size() == 1) == (pooling == Pooling::kPaired));
  }
}

TEST_CASE("port blocks: a subscriber gets blocks on demand up to its limit", "[nat]") {
  NatConfig c = Profile("cgnat");
  c.port_block_size = 4;
  c.port_blocks = 2;
  c.port_lo = 1024;
  c.port_hi = 1039;  // 4 blocks on the address
  NatHarness h(c, {"203.0.113.1"}, {}, "100.64.0.0", 10);
  int ok = 0;
  NatResult last;
  for (int i = 0; i < 10; ++i) {
    last = h.Out(h.Udp("100.64.0.5", 5000 + i, "198.51.100.1", 53));
    ok += last.action == NatResult::Action::kToOutside;
  }
  CHECK(ok == 8);
  CHECK(last.drop_reason == DropReason::kSubscriberLimit);
  // RFC 6888 (cgnat profile): the sender hears ICMP host unreachable.
  CHECK(last.has_reply);
  CHECK(last.reply.kind == net::SegmentKind::kIcmpHostUnreachable);
  NatFigures f = h.nat->figures();
  CHECK(f.port_blocks == 2);
  CHECK(f.subscribers.at("100.64.0.5").peak_ports == 8);
  CHECK(f.subscribers.at("100.64.0.5").blocks == 2);
  // Two other subscribers: one takes the last two blocks... no, one each.
  CHECK(h.Out(h.Udp("100.64.0.6", 5000, "198.51.100.1", 53)).action == NatResult::Action::kToOutside);
  CHECK(h.Out(h.Udp("100.64.0.7", 5000, "198.51.100.1", 53)).action == NatResult::Action::kToOutside);
  NatResult none = h.Out(h.Udp("100.64.0.8", 5000, "198.51.100.1", 53));
  CHECK(none.drop_reason == DropReason::kExhausted);
}

TEST_CASE("port blocks go back when their last mapping ends (after hold-down)", "[nat]") {
  NatConfig c = Profile("cgnat");
  c.port_block_size = 4;
  c.port_blocks = 1;
  c.port_lo = 1024;
  c.port_hi = 1027;  // one block in all
  c.timeouts.udp = Duration::Seconds(30);
  NatHarness h(c, {"203.0.113.1"}, {}, "100.64.0.0", 10);
  REQUIRE(h.Out(h.Udp("100.64.0.5", 5000, "198.51.100.1", 53), 0).action == NatResult::Action::kToOutside);
  CHECK(h.Out(h.Udp("100.64.0.6", 5000, "198.51.100.1", 53), 1).drop_reason == DropReason::kExhausted);
  // At 30 s the mapping ends and the block is free, but its port is held
  // down for 120 s: the new subscriber gets the block, not that port.
  NatResult later = h.Out(h.Udp("100.64.0.6", 5000, "198.51.100.1", 53), 31);
  REQUIRE(later.action == NatResult::Action::kToOutside);
  NatFigures f = h.nat->figures();
  CHECK(f.mappings_expired == 1);
  CHECK(f.subscribers.at("100.64.0.5").blocks == 0);
}

TEST_CASE("port blocks: a block goes back after its last mapping of either protocol", "[nat]") {
  PortBlocks blocks(4, 2, 1024, 1039, /*addresses=*/1);
  constexpr net::AddrId kSubscriber = 7;
  REQUIRE(blocks.Grant(kSubscriber, 0) == PortBlock{0, 1024, 1027});
  blocks.AddUse(kSubscriber, 0, 1025, net::Protocol::kTcp);
  blocks.AddUse(kSubscriber, 0, 1026, net::Protocol::kUdp);
  blocks.AddUse(kSubscriber, 0, 1026, net::Protocol::kUdp);
  blocks.AddUse(kSubscriber, 0, 1030, net::Protocol::kTcp);  // in no block of its: not counted
  REQUIRE(blocks.Of(kSubscriber).size() == 1);
  CHECK(blocks.Of(kSubscriber)[0].uses[static_cast<int>(net::Protocol::kTcp)] == 1);
  CHECK(blocks.Of(kSubscriber)[0].uses[static_cast<int>(net::Protocol::kUdp)] == 2);
  CHECK_FALSE(blocks.RemoveUse(kSubscriber, 0, 1030, net::Protocol::kTcp));
  CHECK_FALSE(blocks.RemoveUse(kSubscriber, 0, 1025, net::Protocol::kTcp));  // UDP still uses it
  CHECK_FALSE(blocks.RemoveUse(kSubscriber, 0, 1026, net::Protocol::kUdp));
  CHECK(blocks.in_use() == 1);
  CHECK(blocks.RemoveUse(kSubscriber, 0, 1027, net::Protocol::kUdp));  // the last: it goes back
  CHECK(blocks.Of(kSubscriber).empty());
  CHECK(blocks.in_use() == 0);
  // A subscriber never granted a block has none, whatever its id.
  CHECK(blocks.Of(123456).empty());
  CHECK_FALSE(blocks.RemoveUse(123456, 0, 1024, net::Protocol::kTcp));
  CHECK(blocks.Grant(kSubscriber, 0) == PortBlock{0, 1024, 1027});  // the lowest free block again
}

TEST_CASE("hold-down: a freed port is not given again for its duration", "[nat]") {
  for (int hold : {0, 120}) {
    CAPTURE(hold);
    NatConfig c = Profile("symmetric");
    c.port_lo = c.port_hi = 40000;  // one port
    c.timeouts.udp = Duration::Seconds(10);
    c.hold_down = Duration::Seconds(hold);
    NatHarness h(c);
    REQUIRE(h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 53), 0).action == NatResult::Action::kToOutside);
    NatResult at20 = h.Out(h.Udp("192.168.1.101", 5000, "198.51.100.1", 53), 20);
    CHECK((at20.action == NatResult::Action::kToOutside) == (hold == 0));
    NatResult at131 = h.Out(h.Udp("192.168.1.102", 5000, "198.51.100.1", 53), 131);
    CHECK(at131.action == NatResult::Action::kToOutside);
  }
}

TEST_CASE("deterministic NAT computes each subscriber's range (RFC 7422, VPP det44)", "[nat]") {
  struct Case {
    uint32_t offset, inside, outside;
    PortBlock want;
  };
  const Case cases[] = {
      {0, 1024, 4, {0, 1024, 1275}},    // ratio 256, 252 ports each
      {5, 1024, 4, {0, 2284, 2535}},
      {256, 1024, 4, {1, 1024, 1275}},
      {1023, 1024, 4, {3, 65284, 65535}},
      {0, 4, 1, {0, 1024, 17151}},
  };
  for (const Case& k : cases) {
    CAPTURE(k.offset, k.inside, k.outside);
    CHECK(DeterministicBlock(k.offset, k.inside, k.outside, 1024, 65535) == k.want);
  }
  NatConfig c = Profile("cgnat");
  c.port_block_size = 0;
  c.deterministic = true;
  c.port_lo = 1024;
  c.port_hi = 1031;  // 8 ports, /30 = 4 subscribers: 2 each
  NatHarness h(c, {"203.0.113.1"}, {}, "100.64.0.0", 30);
  std::vector<std::string> got;
  for (int i = 0; i < 3; ++i) got.push_back(h.Source(h.Out(h.Udp("100.64.0.2", 5000 + i, "198.51.100.1", 53))));
  CHECK(got[0].substr(0, 12) == "203.0.113.1:");
  for (int i = 0; i < 2; ++i) {
    int port = std::stoi(got[i].substr(12));
    CHECK(port >= 1028);
    CHECK(port <= 1029);
  }
  CHECK(got[2] == "drop:subscriber-limit");
}

TEST_CASE("exhaustion: silent drop, ICMP code 13 or code 1, never eviction", "[nat]") {
  struct Case {
    Exhaustion exhaustion;
    bool icmp;
    net::SegmentKind kind;
  };
  const Case cases[] = {
      {Exhaustion::kDrop, false, net::SegmentKind::kUdp},
      {Exhaustion::kIcmpAdminProhibited, true, net::SegmentKind::kIcmpAdminProhibited},
      {Exhaustion::kIcmpHostUnreachable, true, net::SegmentKind::kIcmpHostUnreachable},
  };
  for (const Case& k : cases) {
    CAPTURE(ExhaustionName(k.exhaustion));
    NatConfig c = Profile("rfc-recommended");
    c.exhaustion = k.exhaustion;
    c.port_parity = false;
    c.port_lo = 2000;
    c.port_hi = 2001;
    NatHarness h(c);
    REQUIRE(h.Out(h.Tcp("192.168.1.100", 2000, "198.51.100.1", 80)).action == NatResult::Action::kToOutside);
    REQUIRE(h.Out(h.Tcp("192.168.1.101", 2000, "198.51.100.1", 80)).action == NatResult::Action::kToOutside);
    net::Segment syn = h.Tcp("192.168.1.102", 2000, "198.51.100.1", 80);
    syn.seq = 0x12345678;
    NatResult r = h.Out(syn);
    CHECK(r.drop_reason == DropReason::kExhausted);
    CHECK(r.has_reply == k.icmp);
    if (k.icmp) {
      CHECK(r.reply.kind == k.kind);
      CHECK(h.Name(r.reply.dst) == "192.168.1.102");
      CHECK(r.reply.inner_protocol == net::Protocol::kTcp);
      CHECK(r.reply.sport == 2000);
      // RFC 5508: the error quotes the SYN as it came, its number included.
      CHECK(r.reply.flags == syn.flags);
      CHECK(r.reply.seq == 0x12345678);
    }
    CHECK(h.nat->mapping_count() == 2);  // nothing evicted
  }
}

TEST_CASE("AWS-style limit per destination per outside address, and its fixes", "[nat]") {
  NatConfig c = Profile("aws-nat-gateway");
  c.max_per_destination = 3;
  NatHarness one(c);
  int ok = 0;
  for (int i = 0; i < 5; ++i) ok += one.Out(one.Tcp("10.0.1.5", 40000 + i, "198.51.100.1", 443)).action == NatResult::Action::kToOutside;
  CHECK(ok == 3);
  CHECK(one.nat->figures().drops[DropReason::kDestinationLimit] == 2);
  // Another destination is not limited by the first.
  CHECK(one.Out(one.Tcp("10.0.1.5", 41000, "198.51.100.2", 443)).action == NatResult::Action::kToOutside);
  // A second outside address doubles the room toward one destination.
  NatHarness two(c, {"203.0.113.1", "203.0.113.2"});
  ok = 0;
  for (int i = 0; i < 8; ++i) ok += two.Out(two.Tcp("10.0.1.5", 40000 + i, "198.51.100.1", 443)).action == NatResult::Action::kToOutside;
  CHECK(ok == 6);
}

TEST_CASE("per-subscriber and session limits", "[nat]") {
  NatConfig c = Profile("rfc-recommended");
  c.max_ports_per_subscriber = 2;
  NatHarness h(c);
  CHECK(h.Out(h.Udp("192.168.1.100", 1, "198.51.100.1", 53)).action == NatResult::Action::kToOutside);
  CHECK(h.Out(h.Udp("192.168.1.100", 2, "198.51.100.1", 53)).action == NatResult::Action::kToOutside);
  CHECK(h.Out(h.Udp("192.168.1.100", 3, "198.51.100.1", 53)).drop_reason == DropReason::kSubscriberLimit);
  CHECK(h.Out(h.Udp("192.168.1.101", 3, "198.51.100.1", 53)).action == NatResult::Action::kToOutside);
}

TEST_CASE("the same seed gives the same ports", "[nat]") {
  auto run = [](uint64_t seed) {
    NatConfig c = Profile("cgnat");
    NatHarness h(c, {"203.0.113.1", "203.0.113.2"}, {}, "100.64.0.0", 10, seed);
    std::vector<std::string> out;
    for (int i = 0; i < 20; ++i) {
      out.push_back(h.Source(h.Out(h.Udp(absl::StrCat("100.64.0.", i + 1), 5000, "198.51.100.1", 53))));
    }
    return out;
  };
  CHECK(run(3) == run(3));
  CHECK(run(3) != run(4));
}

}  // namespace
}  // namespace portlab::nat::testing
