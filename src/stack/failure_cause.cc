#include "portlab/stack/failure_cause.h"

#include <array>

namespace portlab::stack {
namespace {

// The one name table, in enumerator order.
constexpr std::array<std::string_view, kFailureCauseCount> kNames = {
    "",
    "4-tuple in use",
    "ICMP administratively prohibited",
    "ICMP host unreachable",
    "ICMP network unreachable",
    "ICMP port unreachable",
    "IP_LOCAL_PORT_RANGE lo > hi",
    "IPv4 destination on an IPV6_V6ONLY socket",
    "IPv4-mapped address on an IPV6_V6ONLY socket",
    "IPv6 address on an IPv4 socket",
    "IPv6 destination on an IPv4 socket",
    "RST from a firewall rule (reject with tcp reset)",
    "RST from peer (no listener)",
    "TCP PCB pool full",
    "UDP port reserve",
    "address not local",
    "all candidates in TIME-WAIT",
    "another socket listens on the port",
    "broadcast destination on TCP",
    "broadcast without SO_BROADCAST",
    "connect already in progress",
    "connect in progress",
    "connection reset",
    "datagram too long",
    "destination port 0",
    "dropped by this host's firewall (output)",
    "link- or interface-local multicast without an interface",
    "listen on UDP",
    "loopback source toward another host",
    "multicast address on a TCP socket",
    "no answer to SYN retransmissions",
    "no destination",
    "no route to the network",
    "no source address of that family",
    "not connected",
    "port below ip_unprivileged_port_start",
    "port held by a TIME-WAIT",
    "port in use",
    "port in use by a listener",
    "ports held by bound sockets",
    "range used up",
    "socket already bound",
    "socket is connected",
    "socket is listening or connected",
};

constexpr bool StrictlySorted() {
  for (size_t i = 1; i < kNames.size(); ++i) {
    if (!(kNames[i - 1] < kNames[i])) return false;
  }
  return true;
}
// Ordering causes by value orders them by name (failure_cause.h).
static_assert(StrictlySorted(), "FailureCause enumerators must follow their names' byte order");

}  // namespace

std::string_view CauseName(FailureCause c) {
  const auto i = static_cast<size_t>(c);
  return i < kNames.size() ? kNames[i] : "?";
}

}  // namespace portlab::stack
