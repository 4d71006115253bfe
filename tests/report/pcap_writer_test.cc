// `--pcap`: packets encoded as real IPv4/IPv6 headers with correct
// checksums, and a run's capture read back as pcap-savefile(5) lays it out
// (tshark reads every scenario's: tests/cli/tshark_capture.sh).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "portlab/report/packet_bytes.h"
#include "portlab/report/pcap_writer.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::report {
namespace {

net::IpAddress Ip(const char* text) { return *net::IpAddress::Parse(text); }

trace::WirePacket Tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport, uint8_t flags,
                    uint32_t length = 0) {
  trace::WirePacket p;
  p.kind = net::SegmentKind::kTcp;
  p.flags = flags;
  p.src = Ip(src);
  p.dst = Ip(dst);
  p.sport = sport;
  p.dport = dport;
  p.length = length;
  return p;
}

uint16_t At16(const std::vector<uint8_t>& b, size_t i) { return static_cast<uint16_t>(b[i] << 8 | b[i + 1]); }

// A checksum over a header that includes its checksum field sums to 0.
bool ChecksumHolds(const std::vector<uint8_t>& b, size_t from, size_t to, uint32_t pseudo = 0) {
  return InternetChecksum(b.data() + from, to - from, pseudo) == 0;
}

TEST_CASE("a TCP SYN is an IPv4 packet with TCP's header and right checksums", "[pcap]") {
  trace::WirePacket syn = Tcp("192.168.1.100", 52341, "93.184.216.34", 443, net::kSyn);
  syn.seq = 1000;
  std::vector<uint8_t> b = PacketHeaders(syn);
  REQUIRE(b.size() == 40);
  CHECK(PacketLength(syn) == 40);
  CHECK(b[0] == 0x45);
  CHECK(At16(b, 2) == 40);  // total length
  CHECK(b[9] == 6);         // TCP
  CHECK(ChecksumHolds(b, 0, 20));
  CHECK(At16(b, 20) == 52341);
  CHECK(At16(b, 22) == 443);
  CHECK((b[24] << 24 | b[25] << 16 | b[26] << 8 | b[27]) == 1000);
  CHECK(b[33] == 0x02);  // SYN
  // TCP checksum with the pseudo-header: src, dst, 0, 6, length 20.
  const uint32_t pseudo = (192 << 8 | 168) + (1 << 8 | 100) + (93 << 8 | 184) + (216 << 8 | 34) + 6 + 20;
  CHECK(ChecksumHolds(b, 20, 40, pseudo));
}

TEST_CASE("payload counts in the lengths but is not captured", "[pcap]") {
  trace::WirePacket data = Tcp("10.0.0.1", 40000, "10.0.0.2", 80, net::kPsh | net::kAck, 100);
  data.seq = 1;
  data.ack = 2;
  std::vector<uint8_t> b = PacketHeaders(data);
  CHECK(b.size() == 40);
  CHECK(PacketLength(data) == 140);
  CHECK(At16(b, 2) == 140);
  CHECK(b[33] == 0x18);  // PSH|ACK
  trace::WirePacket udp = data;
  udp.kind = net::SegmentKind::kUdp;
  b = PacketHeaders(udp);
  CHECK(b.size() == 28);
  CHECK(At16(b, 24) == 108);  // UDP length: header + payload
}

TEST_CASE("an ICMP port unreachable carries the embedded datagram's header", "[pcap]") {
  trace::WirePacket icmp;
  icmp.kind = net::SegmentKind::kIcmpPortUnreachable;
  icmp.src = Ip("10.0.0.2");        // the host that refused
  icmp.dst = Ip("10.0.0.1");        // the sender told
  icmp.inner_dst = Ip("10.0.0.2");
  icmp.sport = 40000;
  icmp.dport = 53;
  std::vector<uint8_t> b = PacketHeaders(icmp);
  REQUIRE(b.size() == 20 + 8 + 20 + 8);
  CHECK(b[9] == 1);                       // ICMP
  CHECK(b[20] == 3);                      // destination unreachable
  CHECK(b[21] == 3);                      // port
  CHECK(ChecksumHolds(b, 20, b.size()));  // ICMPv4: no pseudo-header
  CHECK(b[28] == 0x45);                   // the embedded IP header
  CHECK(b[28 + 9] == 17);                 // UDP
  CHECK(At16(b, 48) == 40000);
  CHECK(At16(b, 50) == 53);
}

TEST_CASE("IPv6 packets get a 40-byte header and ICMPv6 codes", "[pcap]") {
  trace::WirePacket syn = Tcp("2001:db8::1", 40000, "2001:db8::2", 80, net::kSyn);
  std::vector<uint8_t> b = PacketHeaders(syn);
  REQUIRE(b.size() == 60);
  CHECK(b[0] == 0x60);
  CHECK(At16(b, 4) == 20);  // payload length
  CHECK(b[6] == 6);
  trace::WirePacket icmp;
  icmp.kind = net::SegmentKind::kIcmpAdminProhibited;
  icmp.src = Ip("2001:db8::9");
  icmp.dst = Ip("2001:db8::1");
  icmp.inner_dst = Ip("2001:db8::2");
  icmp.inner_protocol = net::Protocol::kTcp;
  b = PacketHeaders(icmp);
  CHECK(b[6] == 58);  // ICMPv6
  CHECK(b[40] == 1);  // destination unreachable
  CHECK(b[41] == 1);  // administratively prohibited
}

TEST_CASE("a run's capture reads back: every packet, in order, with simulated times", "[pcap]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: p\nhosts:\n  c: {address: 192.168.1.100}\n  s: {address: 93.184.216.34}\n"
      "nats:\n  home: {profile: full-cone, inside: 192.168.1.0/24, outside: 203.0.113.1}\n"
      "steps:\n  - {at: 0s, host: s, op: listen, proto: tcp, port: 443}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"93.184.216.34:443\", as: t}\n"
      "  - {at: 2s, host: c, op: close, sockets: t}\n",
      "p.yaml");
  REQUIRE(s.ok());
  const std::string path = (std::filesystem::temp_directory_path() / "portlab_pcap_test.pcap").string();
  absl::StatusOr<std::unique_ptr<PcapWriter>> w = PcapWriter::Open(path);
  REQUIRE(w.ok());
  run::RunOptions options;
  options.packets = w->get();
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, options);
  REQUIRE(r.ok());
  REQUIRE((*w)->Close().ok());
  // SYN, SYN|ACK, ACK, FIN|ACK, FIN|ACK, ACK: each seen inside and outside.
  CHECK((*w)->packets() == 12);

  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> all((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto le32 = [&](size_t i) {
    return uint32_t{all[i]} | uint32_t{all[i + 1]} << 8 | uint32_t{all[i + 2]} << 16 | uint32_t{all[i + 3]} << 24;
  };
  REQUIRE(all.size() >= 24);
  CHECK(le32(0) == 0xa1b23c4d);  // nanosecond timestamps
  CHECK(le32(20) == 101);        // LINKTYPE_RAW
  std::vector<std::string> seen;
  std::vector<int64_t> times;
  std::vector<uint32_t> seqs;
  for (size_t at = 24; at + 16 <= all.size();) {
    const uint32_t caplen = le32(at + 8);
    REQUIRE(at + 16 + caplen <= all.size());
    std::vector<uint8_t> b(all.begin() + static_cast<std::ptrdiff_t>(at + 16),
                           all.begin() + static_cast<std::ptrdiff_t>(at + 16 + caplen));
    seqs.push_back(uint32_t{At16(b, 24)} << 16 | At16(b, 26));
    char line[96];
    std::snprintf(line, sizeof line, "%d.%d.%d.%d:%d>%d.%d.%d.%d:%d %02x", b[12], b[13], b[14], b[15], At16(b, 20),
                  b[16], b[17], b[18], b[19], At16(b, 22), b[33]);
    seen.push_back(line);
    times.push_back(int64_t{le32(at)} * 1'000'000'000 + le32(at + 4));
    at += 16 + caplen;
  }
  std::filesystem::remove(path);
  REQUIRE(seen.size() == 12);
  CHECK(seen[0].rfind("192.168.1.100:", 0) == 0);  // the host's SYN, inside
  CHECK(seen[0].substr(seen[0].size() - 21) == ">93.184.216.34:443 02");
  CHECK(seen[1].rfind("203.0.113.1:", 0) == 0);                   // the NAT's copy, outside
  CHECK(seen[1].substr(seen[1].size() - 2) == "02");
  CHECK(times[0] == 1'000'000'000);
  CHECK(times[2] == 1'001'000'000);  // the SYN|ACK, one latency later
  for (size_t i = 1; i < times.size(); ++i) CHECK(times[i] >= times[i - 1]);
  // The NAT rewrites addresses and ports, never sequence numbers: each
  // packet's copy on the other side carries the same.
  for (size_t i = 0; i + 1 < seqs.size(); i += 2) {
    INFO("packet " << i);
    CHECK(seqs[i] == seqs[i + 1]);
  }
}

TEST_CASE("an ICMP error quotes the datagram exactly: its length, numbers and checksum", "[pcap]") {
  // The datagram as its sender put it on the wire...
  trace::WirePacket udp;
  udp.kind = net::SegmentKind::kUdp;
  udp.src = Ip("10.0.0.1");
  udp.dst = Ip("10.0.0.2");
  udp.sport = 40000;
  udp.dport = 53;
  udp.length = 32;
  const std::vector<uint8_t> sent = PacketHeaders(udp);
  // ... and the port unreachable about it.
  trace::WirePacket icmp;
  icmp.kind = net::SegmentKind::kIcmpPortUnreachable;
  icmp.src = Ip("10.0.0.2");
  icmp.dst = Ip("10.0.0.1");
  icmp.inner_dst = Ip("10.0.0.2");
  icmp.sport = 40000;
  icmp.dport = 53;
  icmp.length = 32;
  std::vector<uint8_t> b = PacketHeaders(icmp);
  // Linux quotes the whole datagram (it fits in 576 bytes), payload too.
  REQUIRE(b.size() == 20 + 8 + 20 + 8 + 32);
  CHECK(PacketLength(icmp) == b.size());
  CHECK(At16(b, 2) == b.size());
  CHECK(ChecksumHolds(b, 20, b.size()));
  // The quoted IP and UDP headers are the sent ones, byte for byte: total
  // length 60, UDP length 40, the sender's checksum.
  CHECK(std::equal(sent.begin(), sent.end(), b.begin() + 28));
  CHECK(At16(b, 28 + 2) == 60);
  CHECK(At16(b, 48 + 4) == 40);

  // A TCP segment is quoted with its flags and sequence numbers.
  trace::WirePacket syn = Tcp("192.168.1.100", 52341, "93.184.216.34", 443, net::kSyn);
  syn.seq = 0xdeadbeef;
  trace::WirePacket refused = icmp;
  refused.kind = net::SegmentKind::kIcmpAdminProhibited;
  refused.src = Ip("203.0.113.1");
  refused.dst = syn.src;
  refused.inner_dst = syn.dst;
  refused.inner_protocol = net::Protocol::kTcp;
  refused.sport = syn.sport;
  refused.dport = syn.dport;
  refused.flags = syn.flags;
  refused.seq = syn.seq;
  refused.length = 0;
  b = PacketHeaders(refused);
  const std::vector<uint8_t> syn_bytes = PacketHeaders(syn);
  REQUIRE(b.size() == 20 + 8 + 40);
  CHECK(std::equal(syn_bytes.begin(), syn_bytes.end(), b.begin() + 28));
  CHECK((uint32_t{At16(b, 48 + 4)} << 16 | At16(b, 48 + 6)) == 0xdeadbeef);

  // A long datagram is cut where the error would pass 576 bytes.
  udp.length = icmp.length = 1400;
  b = PacketHeaders(icmp);
  CHECK(b.size() == 576);
  CHECK(PacketLength(icmp) == 576);
  CHECK(At16(b, 28 + 2) == 20 + 8 + 1400);  // the quoted header keeps the true length
  CHECK(ChecksumHolds(b, 20, b.size()));
}

TEST_CASE("an unwritable capture file is refused up front", "[pcap]") {
  CHECK_FALSE(PcapWriter::Open("/no-such-dir/x.pcap").ok());
}

}  // namespace
}  // namespace portlab::report
