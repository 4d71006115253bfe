// NatBox::PlaceSessions (nat/placed_session.h): translations there at the
// start hold their outside ports, translate their flows both ways, expire
// at their time left, and are refused where the NAT could not have held
// them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "nat_harness.h"

namespace portlab::nat {
namespace {

using testing::At;
using testing::NatHarness;
using testing::Profile;

PlacedSession PlacedTcp(std::string_view inside, uint16_t in_port, std::string_view outside, uint16_t out_port,
                        SessionState state = SessionState::kTcpEstablished,
                        std::optional<Duration> timer = std::nullopt) {
  return {net::Protocol::kTcp, state, {*net::IpAddress::Parse(inside), net::Port(in_port)},
          {*net::IpAddress::Parse(outside), net::Port(out_port)}, {*net::IpAddress::Parse("198.51.100.7"), net::Port(443)},
          timer};
}

absl::Status PlaceAll(NatHarness& h, const std::vector<PlacedSession>& s, size_t* failed = nullptr) {
  size_t bad = 0;
  absl::Status st = h.nat->PlaceSessions(s, SimTime(), &bad);
  if (failed) *failed = bad;
  return st;
}

TEST_CASE("a placed session's outside port is taken: a new flow preserving it moves", "[nat][placed]") {
  NatHarness h(Profile("linux-masquerade"));
  REQUIRE(PlaceAll(h, {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000)}).ok());
  CHECK(h.nat->session_count() == 1);
  CHECK(h.nat->figures().mappings_created == 0);  // placed, not created
  CHECK(h.nat->figures().ports_in_use.at("203.0.113.1") == 1);
  // Another inside host's connection from the same port to the same remote:
  // masquerade keeps the port only while the reply 5-tuple is free.
  NatResult r = h.Out(h.Tcp("192.168.1.11", 40000, "198.51.100.7", 443), 1);
  REQUIRE(r.action == NatResult::Action::kToOutside);
  CHECK(r.segment.sport != 40000);
  // Toward another remote the port overlaps (RFC 7857 §3): a third host's
  // is kept. (192.168.1.11:40000's own mapping is reused there: EIM while
  // its flow lives, nf_nat_core.c find_appropriate_src.)
  CHECK(h.Source(h.Out(h.Tcp("192.168.1.12", 40000, "198.51.100.8", 443), 1)) == "203.0.113.1:40000");
  CHECK(h.Source(h.Out(h.Tcp("192.168.1.11", 40000, "198.51.100.8", 443), 1)) == h.Source(r));
}

TEST_CASE("a placed session translates its flow both ways", "[nat][placed]") {
  NatHarness h(Profile("linux-masquerade"));
  REQUIRE(PlaceAll(h, {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 61000)}).ok());
  CHECK(h.Source(h.Out(h.Tcp("192.168.1.10", 40000, "198.51.100.7", 443, net::kAck), 1)) == "203.0.113.1:61000");
  CHECK(h.Dest(h.In(h.Tcp("198.51.100.7", 443, "203.0.113.1", 61000, net::kAck), 1)) == "192.168.1.10:40000");
  const std::vector<NatTableRow> rows = h.nat->Table(At(1));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].state == "ESTABLISHED");
}

TEST_CASE("a placed session ends at its time left", "[nat][placed]") {
  NatHarness h(Profile("linux-masquerade"));
  REQUIRE(PlaceAll(h, {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000, SessionState::kTcpTimeWait,
                                 Duration::Seconds(114)),
                       PlacedTcp("192.168.1.10", 40001, "203.0.113.1", 40001, SessionState::kTcpTimeWait)})
              .ok());
  CHECK(h.nat->NextDeadline() == At(114));
  std::vector<net::Segment> out;
  h.nat->Advance(At(114), &out);
  CHECK(h.nat->session_count() == 1);  // the second has the whole 120 s of TIME_WAIT
  h.nat->Advance(At(120), &out);
  CHECK(h.nat->session_count() == 0);
  CHECK(h.nat->mapping_count() == 0);
}

TEST_CASE("placed FIN-WAIT and TIME-WAIT sessions count their FINs", "[nat][placed]") {
  NatHarness h(Profile("linux-masquerade"));
  REQUIRE(PlaceAll(h, {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000, SessionState::kTcpFinWait)}).ok());
  // The inside sent the first FIN: the remote's makes TIME-WAIT.
  h.In(h.Tcp("198.51.100.7", 443, "203.0.113.1", 40000, net::kFin | net::kAck), 1);
  CHECK(h.nat->Table(At(1))[0].state == "TIME-WAIT");
}

TEST_CASE("a placed session another may not share is refused, naming the entry", "[nat][placed]") {
  struct Case {
    std::string profile;
    std::vector<PlacedSession> sessions;
    size_t failed;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"linux-masquerade",
       {PlacedTcp("10.0.0.10", 40000, "203.0.113.1", 40000)},
       0,
       "tcp 10.0.0.10:40000 as 203.0.113.1:40000 -> 198.51.100.7:443: 10.0.0.10 is not in the inside network"},
      {"linux-masquerade",
       {PlacedTcp("192.168.1.10", 40000, "203.0.113.9", 40000)},
       0,
       "tcp 192.168.1.10:40000 as 203.0.113.9:40000 -> 198.51.100.7:443: 203.0.113.9 is not an outside address "
       "of NAT nat"},
      {"linux-masquerade",
       {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000), PlacedTcp("192.168.1.11", 40000, "203.0.113.1", 40000)},
       1,
       "tcp 192.168.1.11:40000 as 203.0.113.1:40000 -> 198.51.100.7:443: an earlier entry holds this outside "
       "endpoint toward this remote"},
      {"linux-masquerade",
       {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000), PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40001)},
       1,
       "tcp 192.168.1.10:40000 as 203.0.113.1:40001 -> 198.51.100.7:443: an earlier entry holds this inside "
       "endpoint toward this remote"},
      {"rfc-recommended",
       {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", 40000),
        {net::Protocol::kTcp, SessionState::kTcpEstablished, {*net::IpAddress::Parse("192.168.1.11"), net::Port(40000)},
         {*net::IpAddress::Parse("203.0.113.1"), net::Port(40000)},
         {*net::IpAddress::Parse("198.51.100.8"), net::Port(443)}, std::nullopt}},
       1,
       "tcp 192.168.1.11:40000 as 203.0.113.1:40000 -> 198.51.100.8:443: another inside endpoint's mapping uses "
       "this outside port, and the NAT does not overlap ports"},
  };
  for (const Case& c : cases) {
    INFO(c.error);
    NatHarness h(Profile(c.profile));
    size_t failed = 99;
    absl::Status st = PlaceAll(h, c.sessions, &failed);
    CHECK(st.code() == absl::StatusCode::kInvalidArgument);
    CHECK(st.message() == c.error);
    CHECK(failed == c.failed);
  }
}

TEST_CASE("with port blocks a placed session's block goes to its subscriber", "[nat][placed]") {
  NatConfig c = Profile("cgnat");  // 4 blocks of 256 ports per subscriber
  NatHarness h(c);
  const uint16_t lo = c.port_lo;
  REQUIRE(PlaceAll(h, {PlacedTcp("192.168.1.10", 40000, "203.0.113.1", static_cast<uint16_t>(lo + 5))}).ok());
  CHECK(h.nat->figures().port_blocks == 1);
  // That block is 192.168.1.10's: another subscriber's port in it is refused.
  size_t failed = 0;
  absl::Status st =
      PlaceAll(h, {PlacedTcp("192.168.1.11", 40000, "203.0.113.1", static_cast<uint16_t>(lo + 6))}, &failed);
  CHECK(st.message() == absl::StrCat("tcp 192.168.1.11:40000 as 203.0.113.1:", lo + 6,
                                     " -> 198.51.100.7:443: the port block holding this port is another inside "
                                     "address's (or past the last whole block)"));
  // A new connection of 192.168.1.11 gets a block of its own, elsewhere.
  NatResult r = h.Out(h.Tcp("192.168.1.11", 40001, "198.51.100.7", 443), 1);
  REQUIRE(r.action == NatResult::Action::kToOutside);
  CHECK((r.segment.sport < lo || r.segment.sport >= lo + 256));
  CHECK(h.nat->figures().port_blocks == 2);
}

}  // namespace
}  // namespace portlab::nat
