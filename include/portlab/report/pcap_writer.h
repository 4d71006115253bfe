// PcapWriter: a run's packets as a pcap capture (`portlab run --pcap FILE`)
// that Wireshark and tcpdump read: raw IP link type, nanosecond timestamps
// (simulated time from 0), headers only (report/packet_bytes.h; each
// record's original length counts the payload).
//
// TCP sequence numbers are made up, consistently: each direction of a
// 4-tuple starts from a number derived from the tuple (the same for every
// run) and advances by the payload, SYN and FIN, and the ACK field carries
// the other direction's next number, so a capture reads as a conversation.
// A flow seen on both sides of a NAT has two tuples, hence two sequences.
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

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/trace/packet_sink.h"

namespace portlab::report {

class PcapWriter : public trace::PacketSink {
 public:
  // InvalidArgument "PATH: cannot open for writing" when the file cannot be made.
  static absl::StatusOr<std::unique_ptr<PcapWriter>> Open(const std::string& path);
  ~PcapWriter() override;

  void OnPacket(SimTime at, const trace::WirePacket& packet) override;
  // Flushes and closes the file; an error when a write failed.
  absl::Status Close();
  int64_t packets() const { return packets_; }

 private:
  struct Handles;
  PcapWriter(std::string path, std::unique_ptr<Handles> handles);
  // The sequence state of one direction of a TCP 4-tuple: the next number.
  uint32_t& NextSeq(const trace::WirePacket& p, bool reverse);

  std::string path_;
  std::unique_ptr<Handles> handles_;
  absl::flat_hash_map<std::string, uint32_t> next_seq_;  // by direction key
  int64_t packets_ = 0;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PCAP_WRITER_H_
