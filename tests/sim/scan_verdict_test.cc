// nmap's verdicts (sim/scan_verdict.h) as a table: each scan type against
// each answer a probe can draw, as scan_engine_raw.cc get_pcap_result and
// scan_engine_connect.cc handleConnectResult (nmap 7.93) judge them.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "portlab/sim/scan_verdict.h"

namespace portlab::sim {
namespace {

using scenario::PortState;
using scenario::ScanReason;
using scenario::ScanType;

// An answer as the scanner receives it.
net::Segment ScanTcp(uint8_t flags) {
  net::Segment s;
  s.kind = net::SegmentKind::kTcp;
  s.flags = flags;
  return s;
}
net::Segment ScanUdp() {
  net::Segment s;
  s.kind = net::SegmentKind::kUdp;
  return s;
}
net::Segment ScanIcmp(net::SegmentKind kind, net::Protocol about) {
  net::Segment s;
  s.kind = kind;
  s.inner_protocol = about;
  return s;
}

// "state/reason", or "-" for no verdict.
std::string ShowVerdict(const std::optional<PortVerdict>& v) {
  if (!v) return "-";
  return std::string(scenario::PortStateName(v->state)) + "/" + std::string(scenario::ScanReasonName(v->reason));
}

struct AnswerCase {
  ScanType type;
  net::Segment answer;
  bool from_target;
  const char* verdict;
};

TEST_CASE("each answer to a raw probe gets nmap's state and reason", "[scan]") {
  using net::SegmentKind;
  constexpr auto kTcp = net::Protocol::kTcp;
  constexpr auto kUdp = net::Protocol::kUdp;
  const AnswerCase cases[] = {
      // SYN scan.
      {ScanType::kSyn, ScanTcp(net::kSyn | net::kAck), true, "open/syn-ack"},
      {ScanType::kSyn, ScanTcp(net::kSyn | net::kAck | net::kTimestamps), true, "open/syn-ack"},
      {ScanType::kSyn, ScanTcp(net::kRst | net::kAck), true, "closed/reset"},
      {ScanType::kSyn, ScanTcp(net::kRst), true, "closed/reset"},
      {ScanType::kSyn, ScanTcp(net::kSyn), true, "open/split-handshake-syn"},
      {ScanType::kSyn, ScanTcp(net::kAck), true, "-"},
      {ScanType::kSyn, ScanIcmp(SegmentKind::kIcmpPortUnreachable, kTcp), true, "filtered/port-unreach"},
      {ScanType::kSyn, ScanIcmp(SegmentKind::kIcmpHostUnreachable, kTcp), false, "filtered/host-unreach"},
      {ScanType::kSyn, ScanIcmp(SegmentKind::kIcmpAdminProhibited, kTcp), true, "filtered/admin-prohibited"},
      {ScanType::kSyn, ScanUdp(), true, "-"},
      // ACK scan: a RST only says the probe got through.
      {ScanType::kAck, ScanTcp(net::kRst), true, "unfiltered/reset"},
      {ScanType::kAck, ScanTcp(net::kSyn | net::kAck), true, "-"},
      {ScanType::kAck, ScanIcmp(SegmentKind::kIcmpAdminProhibited, kTcp), true, "filtered/admin-prohibited"},
      // FIN, NULL, Xmas.
      {ScanType::kFin, ScanTcp(net::kRst | net::kAck), true, "closed/reset"},
      {ScanType::kNull, ScanTcp(net::kRst | net::kAck), true, "closed/reset"},
      {ScanType::kXmas, ScanTcp(net::kRst | net::kAck), true, "closed/reset"},
      {ScanType::kXmas, ScanIcmp(SegmentKind::kIcmpHostUnreachable, kTcp), true, "filtered/host-unreach"},
      {ScanType::kFin, ScanTcp(net::kSyn | net::kAck), true, "-"},
      // UDP: port unreachable is closed only from the target itself.
      {ScanType::kUdp, ScanUdp(), true, "open/udp-response"},
      {ScanType::kUdp, ScanIcmp(SegmentKind::kIcmpPortUnreachable, kUdp), true, "closed/port-unreach"},
      {ScanType::kUdp, ScanIcmp(SegmentKind::kIcmpPortUnreachable, kUdp), false, "filtered/port-unreach"},
      {ScanType::kUdp, ScanIcmp(SegmentKind::kIcmpHostUnreachable, kUdp), true, "filtered/host-unreach"},
      {ScanType::kUdp, ScanIcmp(SegmentKind::kIcmpAdminProhibited, kUdp), true, "filtered/admin-prohibited"},
      {ScanType::kUdp, ScanTcp(net::kRst), true, "-"},
  };
  for (const AnswerCase& c : cases) {
    INFO(scenario::ScanTypeName(c.type) << " scan, answer " << net::SegmentLabel(c.answer)
                                        << (c.from_target ? " from the target" : " from elsewhere"));
    CHECK(ShowVerdict(VerdictOfAnswer(c.type, c.answer, c.from_target)) == c.verdict);
  }
}

TEST_CASE("a port whose probes all went unanswered takes its scan's default", "[scan]") {
  const std::pair<ScanType, const char*> cases[] = {
      {ScanType::kSyn, "filtered/no-response"},      {ScanType::kConnect, "filtered/no-response"},
      {ScanType::kAck, "filtered/no-response"},      {ScanType::kUdp, "open|filtered/no-response"},
      {ScanType::kFin, "open|filtered/no-response"}, {ScanType::kNull, "open|filtered/no-response"},
      {ScanType::kXmas, "open|filtered/no-response"},
  };
  for (const auto& [type, verdict] : cases) {
    INFO(scenario::ScanTypeName(type));
    CHECK(ShowVerdict(VerdictOfSilence(type)) == verdict);
  }
}

TEST_CASE("a connect scan judges by connect()'s errno", "[scan]") {
  using stack::Errno;
  const std::pair<Errno, const char*> cases[] = {
      {Errno::kOk, "open/syn-ack"},
      {Errno::kECONNREFUSED, "closed/conn-refused"},
      {Errno::kETIMEDOUT, "filtered/no-response"},
      // Linux reports host unreachable and administratively prohibited
      // alike (icmp_err_convert), and nmap reads only the errno.
      {Errno::kEHOSTUNREACH, "filtered/host-unreach"},
      {Errno::kENETUNREACH, "filtered/net-unreach"},
      {Errno::kEACCES, "filtered/admin-prohibited"},
      {Errno::kEADDRNOTAVAIL, "-"},
  };
  for (const auto& [e, verdict] : cases) {
    INFO(stack::ErrnoName(e));
    CHECK(ShowVerdict(VerdictOfConnect(e)) == verdict);
  }
}

TEST_CASE("an ICMP destination unreachable's reason follows its code", "[scan]") {
  const std::pair<int, const char*> cases[] = {
      {0, "net-unreach"},     {1, "host-unreach"},     {2, "proto-unreach"},
      {3, "port-unreach"},    {9, "net-prohibited"},   {10, "host-prohibited"},
      {13, "admin-prohibited"}, {4, "dest-unreach"},   {15, "dest-unreach"},
  };
  for (const auto& [code, reason] : cases) {
    INFO("code " << code);
    CHECK(scenario::ScanReasonName(IcmpReason(static_cast<uint8_t>(code))) == reason);
  }
}

}  // namespace
}  // namespace portlab::sim
