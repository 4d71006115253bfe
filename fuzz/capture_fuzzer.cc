// Fuzzes the capture writers: a sequence of packets made from the input is
// written with report::PcapWriter (classic pcap) and with
// report::PcapngWriter (pcapng blocks), each read back by the small readers
// here, and compared with what was written.
//
// Holds: no crash, leak or undefined behaviour; the pcap file has libpcap's
// header and one record per packet leaving an interface, with its time, its
// lengths and bytes whose IP and TCP/UDP/ICMP headers say the packet's
// addresses, ports, numbers, flags and length, checksums right (RFC 791,
// 9293, 768, 792, 4443); the pcapng blocks are well formed
// (draft-ietf-opsawg-pcapng §3.1, §3.5) and hold each interface's name and
// each packet's interface, time, lengths, bytes, comments and direction.
// A mismatch traps (fuzz_check.h).
//
// The packets are the kind the simulation makes (trace/packet_sink.h):
// source and destination of one family, a payload that fits an IP packet,
// times under 2^32 s (a classic record's seconds).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "capture_reader.h"
#include "fuzz_check.h"
#include "portlab/report/packet_bytes.h"
#include "portlab/report/pcap_writer.h"
#include "portlab/report/pcapng_writer.h"

using namespace portlab;

namespace {

constexpr size_t kMaxPackets = 64;
// The largest payload any packet here carries: an IPv6 TCP segment's fits
// the 16-bit payload length, and an IPv4 one's the total length.
constexpr uint32_t kMaxPayload = 65535 - 40 - 20;

net::IpAddress FuzzAddress(FuzzedDataProvider& in, bool v4) {
  if (v4) return net::IpAddress::V4(in.ConsumeIntegral<uint32_t>());
  std::array<uint8_t, 16> b{};
  for (uint8_t& x : b) x = in.ConsumeIntegral<uint8_t>();
  return net::IpAddress::V6(b);
}

struct TimedPacket {
  SimTime at;
  trace::WirePacket packet;
};

TimedPacket FuzzPacket(FuzzedDataProvider& in) {
  TimedPacket t;
  t.at = SimTime::FromNanos(in.ConsumeIntegralInRange<int64_t>(0, (int64_t{1} << 32) * 1'000'000'000 - 1));
  trace::WirePacket& p = t.packet;
  p.vantage.direction = in.ConsumeBool() ? trace::Direction::kOut : trace::Direction::kIn;
  p.vantage.kind = static_cast<trace::InterfaceKind>(in.ConsumeIntegralInRange<int>(0, 3));
  p.vantage.index = in.ConsumeIntegralInRange<uint32_t>(0, 7);
  p.kind = static_cast<net::SegmentKind>(
      in.ConsumeIntegralInRange<int>(0, static_cast<int>(net::SegmentKind::kIcmpNetUnreachable)));
  p.flags = in.ConsumeIntegral<uint8_t>();
  const bool v4 = in.ConsumeBool();
  p.src = FuzzAddress(in, v4);
  p.dst = FuzzAddress(in, v4);
  p.inner_dst = FuzzAddress(in, v4);
  p.inner_protocol = in.ConsumeBool() ? net::Protocol::kTcp : net::Protocol::kUdp;
  p.sport = in.ConsumeIntegral<uint16_t>();
  p.dport = in.ConsumeIntegral<uint16_t>();
  p.length = in.ConsumeIntegralInRange<uint32_t>(0, kMaxPayload);
  p.seq = in.ConsumeIntegral<uint32_t>();
  p.ack = in.ConsumeIntegral<uint32_t>();
  return t;
}

void CheckPcap(const std::vector<TimedPacket>& packets) {
  std::ostringstream out;
  absl::StatusOr<std::unique_ptr<report::PcapWriter>> w = report::PcapWriter::Open("-", &out);
  fuzz::FuzzRequire(w.ok(), "a pcap writer opens on a stream", w.status().ToString());
  for (const TimedPacket& t : packets) (*w)->OnPacket(t.at, t.packet);
  const absl::Status closed = (*w)->Close();
  fuzz::FuzzRequire(closed.ok(), "the pcap writer closes", closed.ToString());

  std::vector<const TimedPacket*> leaving;
  for (const TimedPacket& t : packets) {
    if (t.packet.vantage.direction == trace::Direction::kOut) leaving.push_back(&t);
  }
  fuzz::FuzzRequire((*w)->packets() == static_cast<int64_t>(leaving.size()), "the writer counts what it wrote");
  const std::vector<fuzz::PcapRecord> records = fuzz::ReadPcap(out.str());
  fuzz::FuzzRequire(records.size() == leaving.size(), "one record per packet leaving an interface");
  for (size_t i = 0; i < records.size(); ++i) {
    const TimedPacket& t = *leaving[i];
    fuzz::FuzzRequire(records[i].nanos == t.at.nanos(), "a record's time is the packet's");
    fuzz::FuzzRequire(records[i].original_length == report::PacketLength(t.packet), "a record's length is the packet's");
    fuzz::CheckPacketBytes(records[i].data, records[i].original_length, t.packet);
  }
}

void CheckPcapng(FuzzedDataProvider& in, const std::vector<TimedPacket>& packets) {
  fuzz::PcapngExpected want;
  std::ostringstream out;
  report::PcapngWriter w(out);
  w.WriteSectionHeader();
  const int interfaces = in.ConsumeIntegralInRange<int>(1, 4);
  for (int i = 0; i < interfaces; ++i) {
    std::string name = in.ConsumeRandomLengthString(80);
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) name.resize(70000, 'n');  // past an option's 16-bit length
    fuzz::FuzzRequire(w.AddInterface(name) == static_cast<uint32_t>(i), "interfaces are numbered in order");
    want.interfaces.push_back(name);
  }
  for (const TimedPacket& t : packets) {
    fuzz::PcapngExpected::Packet p;
    p.interface = in.ConsumeIntegralInRange<uint32_t>(0, interfaces - 1);
    p.nanos = in.ConsumeBool() ? t.at.nanos() : in.ConsumeIntegralInRange<int64_t>(0, INT64_MAX);
    if (in.ConsumeBool()) {
      p.data = report::PacketHeaders(t.packet);
      p.original_length = report::PacketLength(t.packet);
    } else {
      const std::string raw = in.ConsumeRandomLengthString(200);
      p.data.assign(raw.begin(), raw.end());
      p.original_length = in.ConsumeIntegral<uint32_t>();
    }
    p.direction = static_cast<report::PacketDirection>(in.ConsumeIntegralInRange<int>(0, 2));
    const int comments = in.ConsumeIntegralInRange<int>(0, 3);
    for (int c = 0; c < comments; ++c) p.comments.push_back(in.ConsumeRandomLengthString(120));
    if (comments > 0 && in.ConsumeIntegralInRange<int>(0, 15) == 0) p.comments.back().resize(66000, 'c');
    w.WritePacket(p.interface, p.nanos, p.data, p.original_length, p.direction, p.comments);
    want.packets.push_back(std::move(p));
  }
  fuzz::FuzzRequire(static_cast<bool>(out), "the pcapng stream took every block");
  fuzz::CheckPcapng(out.str(), want);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<TimedPacket> packets;
  const size_t count = in.ConsumeIntegralInRange<size_t>(0, kMaxPackets);
  for (size_t i = 0; i < count && in.remaining_bytes() > 0; ++i) packets.push_back(FuzzPacket(in));
  CheckPcap(packets);
  CheckPcapng(in, packets);
  return 0;
}
