// PcapWriter: a run's packets as a classic pcap capture (`portlab run
// --pcap FILE.pcap`, and `--pcap -` on stdout) that Wireshark and tcpdump
// read: raw IP link type (LINKTYPE_RAW, 101), nanosecond timestamps
// (simulated time from 0), headers only (report/packet_bytes.h; each
// record's original length counts the payload). The format is libpcap's
// (magic 0xa1b23c4d: nanosecond timestamps; version 2.4; snap length
// 65535), written in the machine's little-endian order as libpcap writes
// it, by this code alone.
//
// A classic capture has no interfaces: it holds each packet where it
// enters a link (trace::Direction::kOut, packet_sink.h), so a packet
// through a NAT appears twice, once on each side; arrivals are left out.
// For every interface, with the decisions as comments, see
// report/pcapng_capture.h.
//
// TCP sequence and acknowledgment numbers are the hosts' own, as each
// segment carries them (each profile's initial sequence numbers,
// stack/initial_sequence.h); a NAT passes them through unchanged, so a
// flow seen on both sides of a NAT shows the same numbers on both.
//
// Example:
//   absl::StatusOr<std::unique_ptr<PcapWriter>> w = PcapWriter::Open("run.pcap");
//   options.packets = w->get();
//   ... RunScenario ...
//   absl::Status s = (*w)->Close();   // flushes; reports a write error
//
// Ownership: the stream for "-" is not owned and must outlive the writer.
#ifndef PORTLAB_REPORT_PCAP_WRITER_H_
#define PORTLAB_REPORT_PCAP_WRITER_H_

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/report/output_file.h"
#include "portlab/trace/packet_sink.h"

namespace portlab::report {

class PcapWriter : public trace::PacketSink {
 public:
  // Writes the file header. InvalidArgument "PATH: cannot open for
  // writing" when the file cannot be made. "-" is `dash` (left open).
  static absl::StatusOr<std::unique_ptr<PcapWriter>> Open(const std::string& path,
                                                          std::ostream* dash = &std::cout);

  void OnPacket(SimTime at, const trace::WirePacket& packet) override;
  // Flushes; InvalidArgument "PATH: cannot write the capture" when a write
  // failed.
  absl::Status Close();
  int64_t packets() const { return packets_; }

 private:
  explicit PcapWriter(OutputFile file) : file_(std::move(file)) {}

  OutputFile file_;
  int64_t packets_ = 0;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PCAP_WRITER_H_
