// PacketBytes: a simulated packet (trace::WirePacket) as the bytes of the
// IPv4 or IPv6 packet it stands for, for captures (`portlab run --pcap`).
//
// The IP header and the TCP or UDP header are complete, checksums included;
// the payload is all zeros and left out (the headers' lengths count it), so
// a capture holds headers only, as a snapshot length would cut it. TCP
// segments carry their sequence and acknowledgment numbers. An ICMP error
// is an ICMP (or ICMPv6) destination unreachable quoting the datagram it
// is about exactly (its IP header, its TCP or UDP header with their real
// lengths, numbers and checksums, zeros for its payload) as far as Linux
// quotes one: the error fits 576 bytes (IPv4) or 1280 (IPv6).
//
// Example:
//   std::vector<uint8_t> bytes = PacketHeaders(packet);
//   uint32_t on_the_wire = PacketLength(packet);   // >= bytes.size()
//
// Thread safety: pure functions.
#ifndef PORTLAB_REPORT_PACKET_BYTES_H_
#define PORTLAB_REPORT_PACKET_BYTES_H_

#include <cstdint>
#include <vector>

#include "portlab/trace/packet_sink.h"

namespace portlab::report {

// The bytes of `p` a capture holds: its headers (an ICMP error whole).
std::vector<uint8_t> PacketHeaders(const trace::WirePacket& p);
// The whole packet's length on the wire: headers plus payload.
uint32_t PacketLength(const trace::WirePacket& p);
// The Internet checksum (RFC 1071) of `data`, starting from `sum`.
uint16_t InternetChecksum(const uint8_t* data, size_t size, uint32_t sum = 0);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PACKET_BYTES_H_
