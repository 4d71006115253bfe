#include "portlab/report/pcap_writer.h"

#include <string>
#include <utility>
#include <vector>

#include "portlab/report/packet_bytes.h"
#include "portlab/report/pcapng_writer.h"
#include "report/internal/little_endian.h"

namespace portlab::report {
namespace {

// libpcap's savefile header (pcap/pcap.h struct pcap_file_header;
// pcap-savefile(5)): NSEC_TCPDUMP_MAGIC marks nanosecond timestamps.
constexpr uint32_t kNanosecondMagic = 0xa1b23c4d;
constexpr uint16_t kVersionMajor = 2;
constexpr uint16_t kVersionMinor = 4;

using internal::Put16;
using internal::Put32;

}  // namespace

absl::StatusOr<std::unique_ptr<PcapWriter>> PcapWriter::Open(const std::string& path, std::ostream* dash) {
  absl::StatusOr<OutputFile> file = OutputFile::Open(path, dash);
  if (!file.ok()) return file.status();
  std::unique_ptr<PcapWriter> w(new PcapWriter(*std::move(file)));
  std::string header;
  Put32(header, kNanosecondMagic);
  Put16(header, kVersionMajor);
  Put16(header, kVersionMinor);
  Put32(header, 0);  // thiszone: times are UTC
  Put32(header, 0);  // sigfigs
  Put32(header, kCaptureSnapLength);
  Put32(header, kLinkTypeRaw);
  w->file_.stream().write(header.data(), static_cast<std::streamsize>(header.size()));
  return w;
}

void PcapWriter::OnPacket(SimTime at, const trace::WirePacket& packet) {
  // Where it enters a link, as a classic capture has always held it.
  if (packet.vantage.direction != trace::Direction::kOut) return;
  const std::vector<uint8_t> bytes = PacketHeaders(packet);
  const int64_t ns = at.nanos();
  std::string record;
  record.reserve(16 + bytes.size());
  Put32(record, static_cast<uint32_t>(ns / 1'000'000'000));
  Put32(record, static_cast<uint32_t>(ns % 1'000'000'000));  // nanoseconds: a nanosecond file
  Put32(record, static_cast<uint32_t>(bytes.size()));
  Put32(record, PacketLength(packet));
  record.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  file_.stream().write(record.data(), static_cast<std::streamsize>(record.size()));
  ++packets_;
}

absl::Status PcapWriter::Close() { return file_.Flush("the capture"); }

}  // namespace portlab::report
