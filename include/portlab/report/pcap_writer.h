// PcapWriter: a run's packets as a pcap capture (`portlab run --pcap FILE`)
// that Wireshark and tcpdump read: raw IP link type, nanosecond timestamps
// (simulated time from 0), headers only (report/packet_bytes.h; each
// record's original length counts the payload).
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
#ifndef PORTLAB_REPORT_PCAP_WRITER_H_
#define PORTLAB_REPORT_PCAP_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/trace/packet_sink.h"

namespace portlab::report {

class PcapWriter : public trace::PacketSink {
 public:
  // InvalidArgument "PATH: cannot open for writing" when the file cannot be
  // made. "-" is standard output (left open when the capture closes).
  static absl::StatusOr<std::unique_ptr<PcapWriter>> Open(const std::string& path);
  ~PcapWriter() override;

  void OnPacket(SimTime at, const trace::WirePacket& packet) override;
  // Flushes and closes the file; an error when a write failed.
  absl::Status Close();
  int64_t packets() const { return packets_; }

 private:
  struct Handles;
  PcapWriter(std::string path, std::unique_ptr<Handles> handles);

  std::string path_;
  std::unique_ptr<Handles> handles_;
  int64_t packets_ = 0;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PCAP_WRITER_H_
