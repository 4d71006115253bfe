// PayloadLimits: how many bytes of payload one IP datagram carries, which
// bounds what a send() puts in one datagram or segment.
//
// An IPv4 datagram is at most 65,535 bytes with its 20-byte header (the
// total length field, RFC 791); an IPv6 payload at most 65,535 bytes after
// its 40-byte header (RFC 8200, without jumbograms). UDP's header is 8
// bytes, TCP's 20 (no options: portlab's segments carry none).
//
// Example:
//   if (bytes > MaxUdpPayload(destination)) return Errno::kEMSGSIZE;
#ifndef PORTLAB_STACK_PAYLOAD_LIMITS_H_
#define PORTLAB_STACK_PAYLOAD_LIMITS_H_

#include <cstdint>

#include "portlab/net/ip_address.h"

namespace portlab::stack {

// 65,535 - 20 - 8: the largest UDP send() Linux takes toward IPv4
// (udp_sendmsg, __ip_append_data; a longer one is EMSGSIZE).
inline constexpr int64_t kMaxUdpPayloadV4 = 65'507;
// 65,535 - 8: toward IPv6 (udpv6_sendmsg, __ip6_append_data).
inline constexpr int64_t kMaxUdpPayloadV6 = 65'527;

inline int64_t MaxUdpPayload(const net::IpAddress& destination) {
  return destination.is_v4() ? kMaxUdpPayloadV4 : kMaxUdpPayloadV6;
}

// 65,535 - 20 - 20: the most one TCP segment carries in portlab, for
// either family. A kernel cuts a send() into segments of the MSS (or of
// up to 64 KiB handed to TSO/GSO, sk_gso_max_size); portlab sends a send()
// as one segment (each is one request to a server's app), so a longer
// send() carries this much: its segment, the counters, the trace and a
// capture all show the same bytes (scenarios/README.md, `bytes:`).
inline constexpr uint32_t kMaxTcpSegmentPayload = 65'495;

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PAYLOAD_LIMITS_H_
