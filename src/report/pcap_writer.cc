#include "portlab/report/pcap_writer.h"

#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "portlab/report/packet_bytes.h"

namespace portlab::report {

struct PcapWriter::Handles {
  pcap_t* pcap = nullptr;
  pcap_dumper_t* dumper = nullptr;
  ~Handles() {
    if (dumper) pcap_dump_close(dumper);
    if (pcap) pcap_close(pcap);
  }
};

absl::StatusOr<std::unique_ptr<PcapWriter>> PcapWriter::Open(const std::string& path) {
  auto handles = std::make_unique<Handles>();
  handles->pcap = pcap_open_dead_with_tstamp_precision(DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_NANO);
  if (handles->pcap == nullptr) return absl::InternalError("libpcap: cannot make a capture handle");
  if (path == "-") {
    // Standard output through a duplicate of its descriptor: closing the
    // capture closes the duplicate, not stdout (pcap_dump_open("-") would
    // close stdout itself, and every later write to it would be lost).
    const int fd = dup(STDOUT_FILENO);
    FILE* file = fd < 0 ? nullptr : fdopen(fd, "wb");
    if (file == nullptr) {
      if (fd >= 0) close(fd);
      return absl::InvalidArgumentError("stdout: cannot write the capture there");
    }
    handles->dumper = pcap_dump_fopen(handles->pcap, file);
    if (handles->dumper == nullptr) fclose(file);
  } else {
    handles->dumper = pcap_dump_open(handles->pcap, path.c_str());
  }
  if (handles->dumper == nullptr) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open for writing"));
  return std::unique_ptr<PcapWriter>(new PcapWriter(path, std::move(handles)));
}

PcapWriter::PcapWriter(std::string path, std::unique_ptr<Handles> handles)
    : path_(std::move(path)), handles_(std::move(handles)) {}

PcapWriter::~PcapWriter() = default;

void PcapWriter::OnPacket(SimTime at, const trace::WirePacket& packet) {
  if (!handles_->dumper) return;
  const std::vector<uint8_t> bytes = PacketHeaders(packet);
  pcap_pkthdr header{};
  const int64_t ns = at.nanos();
  header.ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  header.ts.tv_usec = static_cast<suseconds_t>(ns % 1'000'000'000);  // nanoseconds: a nano-precision file
  header.caplen = static_cast<bpf_u_int32>(bytes.size());
  header.len = PacketLength(packet);
  pcap_dump(reinterpret_cast<u_char*>(handles_->dumper), &header, bytes.data());
  ++packets_;
}

absl::Status PcapWriter::Close() {
  if (!handles_->dumper) return absl::OkStatus();
  const bool flushed = pcap_dump_flush(handles_->dumper) == 0;
  FILE* file = pcap_dump_file(handles_->dumper);
  const bool clean = file != nullptr && !ferror(file);
  pcap_dump_close(handles_->dumper);
  handles_->dumper = nullptr;
  if (!flushed || !clean) return absl::InvalidArgumentError(absl::StrCat(path_, ": cannot write the capture"));
  return absl::OkStatus();
}

}  // namespace portlab::report
