#include "portlab/report/packet_bytes.h"

#include <algorithm>

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

// ICMP destination unreachable code (net::IcmpUnreachableCode, RFC 792) or
// the ICMPv6 one (RFC 4443 §3.1).
uint8_t IcmpCode(const trace::WirePacket& p) {
  if (p.src.is_v4()) return net::IcmpUnreachableCode(p.kind);
  switch (p.kind) {
    case SegmentKind::kIcmpPortUnreachable: return 4;
    case SegmentKind::kIcmpHostUnreachable: return 3;  // address unreachable
    case SegmentKind::kIcmpAdminProhibited: return 1;
    case SegmentKind::kIcmpNetUnreachable: return 0;  // no route to destination
    default: return 0;
  }
}

// What an ICMP error quotes of the datagram it is about (`p`'s embedded
// one): the datagram itself, up to what fits the error in 576 bytes (IPv4:
// Linux icmp_send, RFC 1812 §4.3.2.3) or in the 1280-byte IPv6 minimum MTU
// (icmp6_send, RFC 4443 §2.4(c)).
trace::WirePacket Embedded(const trace::WirePacket& p) {
  trace::WirePacket inner;
  inner.kind = p.inner_protocol == net::Protocol::kTcp ? SegmentKind::kTcp : SegmentKind::kUdp;
  inner.flags = p.flags;
  inner.src = p.dst;
  inner.dst = p.inner_dst;
  inner.sport = p.sport;
  inner.dport = p.dport;
  inner.length = p.length;
  inner.seq = p.seq;
  inner.ack = p.ack;
  return inner;
}

uint32_t WholeLength(const trace::WirePacket& p);

size_t QuotedSize(const trace::WirePacket& p) {
  const size_t room = p.src.is_v4() ? 576 - 20 - kIcmpHeader : 1280 - 40 - kIcmpHeader;
  return std::min<size_t>(WholeLength(Embedded(p)), room);
}

uint32_t WholeLength(const trace::WirePacket& p) {
  const size_t ip = IpHeaderSize(p.src);
  switch (p.kind) {
    case SegmentKind::kTcp: return static_cast<uint32_t>(ip + kTcpHeader + p.length);
    case SegmentKind::kUdp: return static_cast<uint32_t>(ip + kUdpHeader + p.length);
    default: return static_cast<uint32_t>(ip + kIcmpHeader + QuotedSize(p));
  }
}

// The bytes of `p` a capture holds, written at `at` of `b` (sized for
// them): a TCP or UDP packet's headers (its payload is zeros, counted in
// the lengths, not written), an ICMP error whole.
void PutPacket(std::vector<uint8_t>& b, size_t at, const trace::WirePacket& p) {
  const size_t ip = at + IpHeaderSize(p.src);
  const uint32_t total = WholeLength(p);
  const uint8_t protocol = TransportProtocol(p);
  PutIpHeader(b, at, p.src, p.dst, protocol, total);
  const uint32_t l4_length = total - static_cast<uint32_t>(IpHeaderSize(p.src));
  size_t transport = 0;  // the bytes the checksum covers (the zero payload adds nothing)
  if (p.kind == SegmentKind::kTcp) {
    transport = kTcpHeader;
    Put16(b, ip, p.sport);
    Put16(b, ip + 2, p.dport);
    Put32(b, ip + 4, p.seq);
    Put32(b, ip + 8, p.flags & net::kAck ? p.ack : 0);
    b[ip + 12] = 5 << 4;  // data offset: 5 words
    uint8_t f = 0;
    if (p.flags & net::kFin) f |= 0x01;
    if (p.flags & net::kSyn) f |= 0x02;
    if (p.flags & net::kRst) f |= 0x04;
    if (p.flags & net::kPsh) f |= 0x08;
    if (p.flags & net::kUrg) f |= 0x20;
    if (p.flags & net::kAck) f |= 0x10;
    b[ip + 13] = f;
    Put16(b, ip + 14, 65535);  // window
  } else if (p.kind == SegmentKind::kUdp) {
    transport = kUdpHeader;
    Put16(b, ip, p.sport);
    Put16(b, ip + 2, p.dport);
    Put16(b, ip + 4, l4_length);
  } else {
    transport = kIcmpHeader + QuotedSize(p);
    b[ip] = p.src.is_v4() ? 3 : 1;  // destination unreachable
    b[ip + 1] = IcmpCode(p);
    // The embedded datagram went from the packet's destination to
    // inner_dst; it is quoted as it was sent, cut at QuotedSize.
    const trace::WirePacket inner = Embedded(p);
    std::vector<uint8_t> whole(IpHeaderSize(inner.src) +
                                   (inner.kind == SegmentKind::kTcp ? kTcpHeader : kUdpHeader),
                               0);
    PutPacket(whole, 0, inner);
    const size_t quoted = std::min(whole.size(), QuotedSize(p));
    std::copy(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(quoted), b.begin() + static_cast<std::ptrdiff_t>(ip + kIcmpHeader));
  }
  // Checksum over the transport header and, but for ICMPv4, the
  // pseudo-header.
  const uint32_t pseudo = protocol == kIcmp ? 0 : PseudoHeaderSum(p.src, p.dst, protocol, l4_length);
  const size_t sum_at = p.kind == SegmentKind::kTcp ? ip + 16 : p.kind == SegmentKind::kUdp ? ip + 6 : ip + 2;
  uint16_t sum = InternetChecksum(&b[ip], transport, pseudo);
  if (p.kind == SegmentKind::kUdp && sum == 0) sum = 0xffff;  // RFC 768: 0 means none
  Put16(b, sum_at, sum);
}

}  // namespace

uint16_t InternetChecksum(const uint8_t* data, size_t size, uint32_t sum) {
  for (size_t i = 0; i + 1 < size; i += 2) sum += (uint32_t{data[i]} << 8) | data[i + 1];
  if (size % 2) sum += uint32_t{data[size - 1]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

uint32_t PacketLength(const trace::WirePacket& p) { return WholeLength(p); }

std::vector<uint8_t> PacketHeaders(const trace::WirePacket& p) {
  const size_t ip = IpHeaderSize(p.src);
  const size_t captured = p.kind == SegmentKind::kTcp   ? kTcpHeader
                          : p.kind == SegmentKind::kUdp ? kUdpHeader
                                                        : kIcmpHeader + QuotedSize(p);
  std::vector<uint8_t> b(ip + captured, 0);
  PutPacket(b, 0, p);
  return b;
}

}  // namespace portlab::report
