// The ICMP rules (stack/internal/icmp.h): the port unreachable a datagram
// draws names, by its embedded header, the socket that sent the datagram;
// each destination unreachable carries icmp_err_convert's errno.
#include "stack/internal/icmp.h"

#include <catch2/catch.hpp>
#include <string>

namespace portlab::stack {
namespace {

TEST_CASE("PortUnreachableFor: the sender finds its own 4-tuple in the reply", "[stack][icmp]") {
  net::Segment datagram;
  datagram.kind = net::SegmentKind::kUdp;
  datagram.src = 7;
  datagram.dst = 9;
  datagram.sport = 40000;
  datagram.dport = 53;
  datagram.length = 100;
  const net::Segment icmp = PortUnreachableFor(datagram);
  CHECK(icmp.kind == net::SegmentKind::kIcmpPortUnreachable);
  CHECK(icmp.src == 9);  // from the host the datagram reached
  CHECK(icmp.dst == 7);
  CHECK(icmp.length == 100);  // the quoted datagram's: its UDP header says 108
  CHECK(icmp.inner_protocol == net::Protocol::kUdp);
  // On the sender, (dst, sport) to (inner_dst, dport) is the socket's key.
  CHECK(IcmpEmbeddedKey(icmp) == ConnKey{7, 9, 40000, 53});
}

TEST_CASE("IcmpErrno and IcmpCause: icmp_err_convert's errno, a cause per kind", "[stack][icmp]") {
  struct Row {
    net::SegmentKind kind;
    Errno e;
    FailureCause cause;
  };
  const Row rows[] = {
      {net::SegmentKind::kIcmpPortUnreachable, Errno::kECONNREFUSED, FailureCause::kIcmpPortUnreachable},
      {net::SegmentKind::kIcmpHostUnreachable, Errno::kEHOSTUNREACH, FailureCause::kIcmpHostUnreachable},
      {net::SegmentKind::kIcmpAdminProhibited, Errno::kEHOSTUNREACH, FailureCause::kIcmpAdminProhibited},
  };
  for (const Row& r : rows) {
    INFO(static_cast<int>(r.kind));
    CHECK(std::string(ErrnoName(IcmpErrno(r.kind))) == std::string(ErrnoName(r.e)));
    CHECK(std::string(CauseName(IcmpCause(r.kind))) == std::string(CauseName(r.cause)));
  }
}

}  // namespace
}  // namespace portlab::stack
