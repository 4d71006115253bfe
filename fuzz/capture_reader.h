// The capture fuzzer's readers (capture_fuzzer.cc): a classic pcap file
// and pcapng blocks read back, and a packet's bytes checked against the
// packet they stand for. Written from the formats' documents, not from the
// writers: pcap-savefile(5) (libpcap's header and records),
// draft-ietf-opsawg-pcapng §3.1, §3.5, §4.1–§4.3, RFC 791 (IPv4), RFC 8200
// (IPv6), RFC 9293 (TCP), RFC 768 (UDP), RFC 792 and RFC 4443 (ICMP),
// RFC 1071 (the checksum). Whatever does not hold traps (fuzz_check.h).
#ifndef PORTLAB_FUZZ_CAPTURE_READER_H_
#define PORTLAB_FUZZ_CAPTURE_READER_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "portlab/report/pcapng_writer.h"
#include "portlab/trace/packet_sink.h"

namespace portlab::fuzz {

// Little-endian (the writers' order) and big-endian (the wire's) reads of
// `b` at `at`, trapping past its end.
inline uint32_t CaptureLe(std::string_view b, size_t at, int bytes) {
  FuzzRequire(at + bytes <= b.size(), "a field is inside the file");
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}
inline uint32_t WireBe(const std::vector<uint8_t>& b, size_t at, int bytes) {
  FuzzRequire(at + bytes <= b.size(), "a header field is inside the captured bytes");
  uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | b[at + i];
  return v;
}

struct PcapRecord {
  int64_t nanos = 0;
  uint32_t original_length = 0;
  std::vector<uint8_t> data;
};

// pcap-savefile(5): the 24-byte header (nanosecond magic, 2.4, snap
// length 65535, LINKTYPE_RAW), then records of 16 bytes and the data.
inline std::vector<PcapRecord> ReadPcap(std::string_view f) {
  FuzzRequire(f.size() >= 24, "a pcap file has its header");
  FuzzRequire(CaptureLe(f, 0, 4) == 0xa1b23c4d, "the magic says nanoseconds");
  FuzzRequire(CaptureLe(f, 4, 2) == 2 && CaptureLe(f, 6, 2) == 4, "version 2.4");
  FuzzRequire(CaptureLe(f, 16, 4) == report::kCaptureSnapLength, "the snap length");
  FuzzRequire(CaptureLe(f, 20, 4) == report::kLinkTypeRaw, "LINKTYPE_RAW");
  std::vector<PcapRecord> records;
  size_t at = 24;
  while (at < f.size()) {
    PcapRecord r;
    const uint32_t seconds = CaptureLe(f, at, 4);
    const uint32_t nanos = CaptureLe(f, at + 4, 4);
    FuzzRequire(nanos < 1'000'000'000, "a record's nanoseconds are under a second");
    r.nanos = int64_t{seconds} * 1'000'000'000 + nanos;
    const uint32_t captured = CaptureLe(f, at + 8, 4);
    r.original_length = CaptureLe(f, at + 12, 4);
    FuzzRequire(captured <= report::kCaptureSnapLength, "a record fits the snap length");
    FuzzRequire(captured <= r.original_length, "a record holds no more than the packet");
    FuzzRequire(at + 16 + captured <= f.size(), "a record's data is inside the file");
    r.data.assign(f.begin() + at + 16, f.begin() + at + 16 + captured);
    at += 16 + captured;
    records.push_back(std::move(r));
  }
  return records;
}

// RFC 1071's sum of `b` (folded, not complemented) from `sum`.
inline uint32_t OnesSum(const uint8_t* b, size_t n, uint32_t sum) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t{b[i]} << 8) | b[i + 1];
  if (n % 2) sum += uint32_t{b[n - 1]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}
inline uint32_t AddressSum(const net::IpAddress& a, uint32_t sum) {
  if (a.is_v4()) {
    const uint32_t v = a.v4();
    return sum + (v >> 16) + (v & 0xffff);
  }
  return OnesSum(a.bytes().data(), 16, sum);
}
inline bool SameAddress(const std::vector<uint8_t>& b, size_t at, const net::IpAddress& a) {
  if (a.is_v4()) return WireBe(b, at, 4) == a.v4();
  FuzzRequire(at + 16 <= b.size(), "an address is inside the captured bytes");
  return std::equal(a.bytes().begin(), a.bytes().end(), b.begin() + at);
}

// The bytes of a packet of `length` bytes in all, which must say `p`: the
// IP header (version, length, protocol, addresses, IPv4's checksum), then
// TCP (ports, numbers, flags), UDP (ports, length) or an ICMP destination
// unreachable quoting `p`'s datagram (its IP header's addresses and
// protocol, its ports), the transport checksum right over the captured
// bytes (the payload, left out, is zeros). An ICMP error is captured whole.
inline void CheckPacketBytes(const std::vector<uint8_t>& b, uint32_t length, const trace::WirePacket& p,
                             bool quoted = false) {
  const bool v4 = p.src.is_v4();
  const size_t ip = v4 ? 20 : 40;
  const bool icmp = net::IsIcmp(p.kind);
  const uint8_t protocol = p.kind == net::SegmentKind::kTcp ? 6 : p.kind == net::SegmentKind::kUdp ? 17 : v4 ? 1 : 58;
  FuzzRequire(b.size() >= ip + 8, "a packet has its IP header and a transport header");
  if (v4) {
    FuzzRequire(b[0] == 0x45, "IPv4, 5 words");
    FuzzRequire(WireBe(b, 2, 2) == length, "IPv4's total length is the packet's length");
    FuzzRequire(b[9] == protocol, "IPv4's protocol");
    FuzzRequire(OnesSum(b.data(), 20, 0) == 0xffff, "IPv4's header checksum");
    FuzzRequire(SameAddress(b, 12, p.src) && SameAddress(b, 16, p.dst), "IPv4's addresses");
  } else {
    FuzzRequire(b[0] >> 4 == 6, "IPv6");
    FuzzRequire(WireBe(b, 4, 2) + 40 == length, "IPv6's payload length is the packet's less its header");
    FuzzRequire(b[6] == protocol, "IPv6's next header");
    FuzzRequire(SameAddress(b, 8, p.src) && SameAddress(b, 24, p.dst), "IPv6's addresses");
  }
  if (quoted) return;  // a quoted datagram's transport header may be cut short
  const uint32_t l4 = length - static_cast<uint32_t>(ip);
  uint32_t pseudo = 0;
  if (!(icmp && v4)) {
    pseudo = AddressSum(p.dst, AddressSum(p.src, 0));
    pseudo += protocol + (l4 >> 16) + (l4 & 0xffff);
  }
  const uint8_t* transport = b.data() + ip;
  const size_t captured = b.size() - ip;
  FuzzRequire(OnesSum(transport, captured, pseudo) == 0xffff, "the transport checksum");
  if (p.kind == net::SegmentKind::kTcp) {
    FuzzRequire(captured == 20 && length == ip + 20 + p.length, "a TCP header of 20 bytes, the payload counted");
    FuzzRequire(WireBe(b, ip, 2) == p.sport && WireBe(b, ip + 2, 2) == p.dport, "TCP's ports");
    FuzzRequire(WireBe(b, ip + 4, 4) == p.seq, "TCP's sequence number");
    FuzzRequire(WireBe(b, ip + 8, 4) == ((p.flags & net::kAck) ? p.ack : 0), "TCP's acknowledgment number");
    const uint8_t want = ((p.flags & net::kFin) ? 0x01 : 0) | ((p.flags & net::kSyn) ? 0x02 : 0) |
                         ((p.flags & net::kRst) ? 0x04 : 0) | ((p.flags & net::kPsh) ? 0x08 : 0) |
                         ((p.flags & net::kAck) ? 0x10 : 0) | ((p.flags & net::kUrg) ? 0x20 : 0);
    FuzzRequire(b[ip + 13] == want, "TCP's flags are the packet's header flags");
  } else if (p.kind == net::SegmentKind::kUdp) {
    FuzzRequire(captured == 8 && length == ip + 8 + p.length, "a UDP header of 8 bytes, the payload counted");
    FuzzRequire(WireBe(b, ip, 2) == p.sport && WireBe(b, ip + 2, 2) == p.dport, "UDP's ports");
    FuzzRequire(WireBe(b, ip + 4, 2) == l4, "UDP's length");
  } else {
    FuzzRequire(captured + ip == length, "an ICMP error is captured whole");
    FuzzRequire(b[ip] == (v4 ? 3 : 1), "a destination unreachable");
    FuzzRequire(length <= (v4 ? 576u : 1280u), "an ICMP error fits 576 bytes (IPv4) or 1280 (IPv6)");
    // The quoted datagram: from the packet's destination to inner_dst.
    trace::WirePacket inner;
    inner.kind = p.inner_protocol == net::Protocol::kTcp ? net::SegmentKind::kTcp : net::SegmentKind::kUdp;
    inner.src = p.dst;
    inner.dst = p.inner_dst;
    const std::vector<uint8_t> quote(b.begin() + ip + 8, b.end());
    const uint32_t inner_header = (v4 ? 20 : 40) + (inner.kind == net::SegmentKind::kTcp ? 20 : 8);
    CheckPacketBytes(quote, inner_header + p.length, inner, /*quoted=*/true);
    FuzzRequire(WireBe(quote, ip, 2) == p.sport && WireBe(quote, ip + 2, 2) == p.dport, "the quoted ports");
  }
}

// What the pcapng writer was asked to write, for CheckPcapng.
struct PcapngExpected {
  struct Packet {
    uint32_t interface = 0;
    int64_t nanos = 0;
    std::vector<uint8_t> data;
    uint32_t original_length = 0;
    report::PacketDirection direction = report::PacketDirection::kUnknown;
    std::vector<std::string> comments;
  };
  std::vector<std::string> interfaces;
  std::vector<Packet> packets;
};

// The options of a block from `at` to `end` (§3.5): code, length, value
// padded to 32 bits, ended by opt_endofopt.
struct PcapngOption {
  uint16_t code;
  std::string value;
};
inline std::vector<PcapngOption> ReadPcapngOptions(std::string_view f, size_t at, size_t end) {
  std::vector<PcapngOption> options;
  while (at < end) {
    const uint16_t code = static_cast<uint16_t>(CaptureLe(f, at, 2));
    const uint16_t length = static_cast<uint16_t>(CaptureLe(f, at + 2, 2));
    at += 4;
    if (code == 0) {
      FuzzRequire(length == 0 && at == end, "opt_endofopt ends the block's options");
      return options;
    }
    FuzzRequire(at + length <= end, "an option's value is inside its block");
    options.push_back({code, std::string(f.substr(at, length))});
    at += (length + 3u) / 4u * 4u;
  }
  FuzzRequire(options.empty() && at == end, "options end with opt_endofopt");
  return options;
}

inline void CheckPcapng(std::string_view f, const PcapngExpected& want) {
  size_t at = 0;
  size_t interfaces = 0, packets = 0;
  while (at < f.size()) {
    const uint32_t type = CaptureLe(f, at, 4);
    const uint32_t total = CaptureLe(f, at + 4, 4);
    FuzzRequire(total % 4 == 0 && total >= 12 && at + total <= f.size(), "a block's length is whole words inside the file");
    FuzzRequire(CaptureLe(f, at + total - 4, 4) == total, "a block's length is repeated at its end");
    const size_t body = at + 8, end = at + total - 4;
    if (at == 0) {
      FuzzRequire(type == 0x0A0D0D0A && CaptureLe(f, body, 4) == 0x1A2B3C4D, "a section header first, little-endian");
      FuzzRequire(CaptureLe(f, body + 4, 2) == 1 && CaptureLe(f, body + 6, 2) == 0, "version 1.0");
      ReadPcapngOptions(f, body + 16, end);
    } else if (type == 1) {
      FuzzRequire(packets == 0 && interfaces < want.interfaces.size(), "interfaces before packets, as many as added");
      FuzzRequire(CaptureLe(f, body, 2) == report::kLinkTypeRaw, "an interface's link type");
      const std::vector<PcapngOption> options = ReadPcapngOptions(f, body + 8, end);
      const std::string& name = want.interfaces[interfaces++];
      FuzzRequire(options.size() == 2 && options[0].code == 2 &&
                      options[0].value == name.substr(0, 0xFFFF),
                  "if_name is the interface's name (cut at an option's 65535 bytes)");
      FuzzRequire(options[1].code == 9 && options[1].value == std::string(1, '\x09'), "if_tsresol: nanoseconds");
    } else {
      FuzzRequire(type == 6 && packets < want.packets.size(), "an enhanced packet block per packet");
      const PcapngExpected::Packet& p = want.packets[packets++];
      FuzzRequire(CaptureLe(f, body, 4) == p.interface, "the packet's interface");
      const uint64_t ts = (uint64_t{CaptureLe(f, body + 4, 4)} << 32) | CaptureLe(f, body + 8, 4);
      FuzzRequire(ts == static_cast<uint64_t>(p.nanos), "the packet's time");
      const uint32_t captured = CaptureLe(f, body + 12, 4);
      FuzzRequire(captured == p.data.size() && CaptureLe(f, body + 16, 4) == p.original_length, "the packet's lengths");
      FuzzRequire(body + 20 + captured <= end, "the packet's data is inside its block");
      FuzzRequire(std::equal(p.data.begin(), p.data.end(), f.begin() + body + 20,
                             [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); }),
                  "the packet's bytes");
      const std::vector<PcapngOption> options = ReadPcapngOptions(f, body + 20 + (captured + 3) / 4 * 4, end);
      size_t o = 0;
      for (const std::string& c : p.comments) {
        FuzzRequire(o < options.size() && options[o].code == 1 && options[o].value == c.substr(0, 0xFFFF),
                    "each comment in order (cut at 65535 bytes)");
        ++o;
      }
      if (p.direction != report::PacketDirection::kUnknown) {
        FuzzRequire(o < options.size() && options[o].code == 2 && options[o].value.size() == 4 &&
                        CaptureLe(options[o].value, 0, 4) == static_cast<uint32_t>(p.direction),
                    "epb_flags holds the direction");
        ++o;
      }
      FuzzRequire(o == options.size(), "no other option");
    }
    at += total;
  }
  FuzzRequire(interfaces == want.interfaces.size() && packets == want.packets.size(), "every block was written");
}

}  // namespace portlab::fuzz

#endif  // PORTLAB_FUZZ_CAPTURE_READER_H_
