#include "portlab/report/packet_bytes.h"

namespace portlab::report {
namespace {

using net::SegmentKind;

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kIcmpV6 = 58;
constexpr size_t kTcpHeader = 20;
constexpr size_t kUdpHeader = 8;
constexpr size_t kIcmpHeader = 8;

void Put16(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}
void Put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  Put16(b, at, v >> 16);
  Put16(b, at + 2, v & 0xffff);
}
void PutAddress(std::vector<uint8_t>& b, size_t at, const net::IpAddress& a) {
  if (a.is_v4()) {
    Put32(b, at, a.v4());
  } else {
    for (int i = 0; i < 16; ++i) b[at + i] = a.bytes()[i];
  }
}

size_t IpHeaderSize(const net::IpAddress& a) { return a.is_v4() ? 20 : 40; }

// An IP header at `at` for a packet of `total` bytes (header included).
void PutIpHeader(std::vector<uint8_t>& b, size_t at, const net::IpAddress& src, const net::IpAddress& dst,
                 uint8_t protocol, uint32_t total) {
  if (src.is_v4()) {
    b[at] = 0x45;                  // version 4, 5 words
    Put16(b, at + 2, total);
    Put16(b, at + 6, 0x4000);      // don't fragment
    b[at + 8] = 64;                // TTL
    b[at + 9] = protocol;
    PutAddress(b, at + 12, src);
    PutAddress(b, at + 16, dst);
    Put16(b, at + 10, InternetChecksum(&b[at], 20));
  } else {
    b[at] = 0x60;                  // version 6
    Put16(b, at + 4, total - 40);  // payload length
    b[at + 6] = protocol;
    b[at + 7] = 64;                // hop limit
    PutAddress(b, at + 8, src);
    PutAddress(b, at + 24, dst);
  }
}

// The sum of the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).
uint32_t PseudoHeaderSum(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol, uint32_t length) {
  std::vector<uint8_t> p(src.is_v4() ? 12 : 40, 0);
  if (src.is_v4()) {
    PutAddress(p, 0, src);
    PutAddress(p, 4, dst);
    p[9] = protocol;
    Put16(p, 10, length);
  } else {
    PutAddress(p, 0, src);
    PutAddress(p, 16, dst);
    Put32(p, 32, length);
    p[39] = protocol;
  }
  uint32_t sum = 0;
  for (size_t i = 0; i < p.size(); i += 2) sum += (uint32_t{p[i]} << 8) | p[i + 1];
  return sum;
}

uint8_t TransportProtocol(const trace::WirePacket& p) {
  if (p.kind == SegmentKind::kTcp) return kTcp;
  if (p.kind == SegmentKind::kUdp) return kUdp;
  return p.src.is_v4() ? kIcmp : kIcmpV6;
}

// ICMP destination unreachable code (RFC 792) or ICMPv6 one (RFC 4443).
uint8_t IcmpCode(const trace::WirePacket& p) {
  const bool v4 = p.src.is_v4();
  switch (p.kind) {
    case SegmentKind::kIcmpPortUnreachable: return v4 ? 3 : 4;
    case SegmentKind::kIcmpHostUnreachable: return v4 ? 1 : 3;
    case SegmentKind::kIcmpAdminProhibited: return v4 ? 13 : 1;
    default: return 0;
  }
}

// The embedded datagram of an ICMP error: its IP header and first 8 bytes.
size_t EmbeddedSize(const trace::WirePacket& p) { return IpHeaderSize(p.dst) + 8; }

}  // namespace

uint16_t InternetChecksum(const uint8_t* data, size_t size, uint32_t sum) {
  for (size_t i = 0; i + 1 < size; i += 2) sum += (uint32_t{data[i]} << 8) | data[i + 1];
  if (size % 2) sum += uint32_t{data[size - 1]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

uint32_t PacketLength(const trace::WirePacket& p) {
  const size_t ip = IpHeaderSize(p.src);
  switch (p.kind) {
    case SegmentKind::kTcp: return static_cast<uint32_t>(ip + kTcpHeader + p.length);
    case SegmentKind::kUdp: return static_cast<uint32_t>(ip + kUdpHeader + p.length);
    default: return static_cast<uint32_t>(ip + kIcmpHeader + EmbeddedSize(p));
  }
}

std::vector<uint8_t> PacketHeaders(const trace::WirePacket& p, uint32_t seq, uint32_t ack) {
  const size_t ip = IpHeaderSize(p.src);
  const uint32_t total = PacketLength(p);
  const uint8_t protocol = TransportProtocol(p);
  const size_t transport = p.kind == SegmentKind::kTcp   ? kTcpHeader
                           : p.kind == SegmentKind::kUdp ? kUdpHeader
                                                         : kIcmpHeader + EmbeddedSize(p);
  std::vector<uint8_t> b(ip + transport, 0);
  PutIpHeader(b, 0, p.src, p.dst, protocol, total);
  const uint32_t l4_length = total - static_cast<uint32_t>(ip);
  if (p.kind == SegmentKind::kTcp) {
    Put16(b, ip, p.sport);
    Put16(b, ip + 2, p.dport);
    Put32(b, ip + 4, seq);
    Put32(b, ip + 8, p.flags & net::kAck ? ack : 0);
    b[ip + 12] = 5 << 4;  // data offset: 5 words
    uint8_t f = 0;
    if (p.flags & net::kFin) f |= 0x01;
    if (p.flags & net::kSyn) f |= 0x02;
    if (p.flags & net::kRst) f |= 0x04;
    if (p.flags & net::kPsh) f |= 0x08;
    if (p.flags & net::kAck) f |= 0x10;
    b[ip + 13] = f;
    Put16(b, ip + 14, 65535);  // window
  } else if (p.kind == SegmentKind::kUdp) {
    Put16(b, ip, p.sport);
    Put16(b, ip + 2, p.dport);
    Put16(b, ip + 4, l4_length);
  } else {
    b[ip] = p.src.is_v4() ? 3 : 1;  // destination unreachable
    b[ip + 1] = IcmpCode(p);
    // The embedded datagram went from the packet's destination to inner_dst.
    const size_t inner = ip + kIcmpHeader;
    const uint8_t inner_protocol = p.inner_protocol == net::Protocol::kTcp ? kTcp : kUdp;
    PutIpHeader(b, inner, p.dst, p.inner_dst, inner_protocol, static_cast<uint32_t>(IpHeaderSize(p.dst) + 8));
    const size_t ports = inner + IpHeaderSize(p.dst);
    Put16(b, ports, p.sport);
    Put16(b, ports + 2, p.dport);
    if (inner_protocol == kUdp) Put16(b, ports + 4, 8);
  }
  // Checksum over the transport header (the zero payload adds nothing) and,
  // but for ICMPv4, the pseudo-header.
  const uint32_t pseudo = protocol == kIcmp ? 0 : PseudoHeaderSum(p.src, p.dst, protocol, l4_length);
  const size_t at = p.kind == SegmentKind::kTcp ? ip + 16 : p.kind == SegmentKind::kUdp ? ip + 6 : ip + 2;
  uint16_t sum = InternetChecksum(&b[ip], transport, pseudo);
  if (p.kind == SegmentKind::kUdp && sum == 0) sum = 0xffff;  // RFC 768: 0 means none
  Put16(b, at, sum);
  return b;
}

}  // namespace portlab::report
