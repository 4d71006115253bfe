// PcapngCapture: a run's packets on every interface that sees them, as
// pcapng (report/pcapng_writer.h), each packet commented with the
// decision made about it there (`portlab run --pcap FILE.pcapng` and
// `--pcap-dir DIR`).
//
// Interfaces (one IDB each, link type raw IP, nanosecond timestamps):
//   HOST            a host's link          HOST-lo       its lo (declared
//   NAT-inside      a NAT's inside side                  when first used)
//   NAT-outside     a NAT's outside side
// trace::Vantage (packet_sink.h) says which interface sees a packet and
// whether it leaves (epb_flags outbound) or arrives (inbound) there: a
// packet from one host to another appears as it leaves the sender's link
// and again as it arrives on the receiver's, one latency later; through a
// NAT, also as it arrives at the NAT and as the NAT's rewritten copy
// leaves it.
//
// Comments (opt_comment) come from the event stream (trace/trace_event.h),
// which the capture also receives (RunOutputs adds it to the fan-out):
//   leaving a host:     "mux: sock 3" (", via lo", ", broadcast"), and for
//                       the segment that opened a connection the
//                       allocator's choice: "mux: sock 0, connect picked
//                       10.0.0.1:50552 after 1 probe"; a segment no socket
//                       sent: "mux: no socket (the stack's own reply)",
//                       "mux: raw socket (a scan's probe)"
//   arriving at a host: "demux: listener-wildcard 0.0.0.0:80 -> sock 0",
//                       "demux: none", a firewall's "demux: filtered (rule 1)"
//   arriving at a NAT,  "nat home out: 192.168.1.100:52341 -> 93.184.216.34:80
//   and its copy         => 203.0.113.1:61234 -> 93.184.216.34:80, mapping
//   leaving it:          created" (or "existing mapping"), "nat home in:
//                       dropped (no-mapping)"
//   any, then dropped:  "dropped: no route" (and why: a NAT, no neighbour)
// A decision belongs to the packet it follows or precedes in the event
// stream (the core emits a host's mux event just before the packet
// leaves, its demux event just after the packet arrives, a NAT's just
// after the packet reaches it), at the same simulated time, on the same
// host or NAT.
//
// Files: OpenFile writes one file with every interface (host links in
// scenario order, then each NAT's inside and outside, then each lo as it
// is first used). OpenDir writes one file per host, DIR/HOST.pcapng (its
// link and lo), and per NAT, DIR/NAT.pcapng (its two sides;
// DIR/NAT.nat.pcapng when a host has the NAT's name), as ns-3's
// EnablePcapAll writes one per device.
//
// Each file's section header names the program (shb_userappl "portlab
// VERSION (commit COMMIT)") and holds the output's provenance as one
// opt_comment, the compact JSON {"portlab": {...}} of report/provenance.h;
// capinfos shows both ("Capture application", "Capture comment").
//
// Deterministic: the same run writes the same bytes.
//
// Example:
//   absl::StatusOr<std::unique_ptr<PcapngCapture>> c = PcapngCapture::OpenFile("run.pcapng", scenario, provenance);
//   options.packets = c->get();  fan.Add(c->get());  // and the trace sink
//   ... RunScenario ...
//   absl::Status s = (*c)->Close();   // "PATH: cannot write the capture"
//
// Ownership: `scenario` is read only during Open; a "-" stream must
// outlive the capture. Thread safety: one owner.
#ifndef PORTLAB_REPORT_PCAPNG_CAPTURE_H_
#define PORTLAB_REPORT_PCAPNG_CAPTURE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/report/output_file.h"
#include "portlab/report/pcapng_writer.h"
#include "portlab/report/provenance.h"
#include "portlab/scenario/scenario.h"
#include "portlab/trace/packet_sink.h"
#include "portlab/trace/trace_event.h"

namespace portlab::report {

class PcapngCapture : public trace::PacketSink, public trace::TraceSink {
 public:
  // One file with every interface; "-" is `dash`. InvalidArgument "PATH:
  // cannot open for writing" when it cannot be made.
  static absl::StatusOr<std::unique_ptr<PcapngCapture>> OpenFile(const std::string& path,
                                                                  const scenario::Scenario& scenario,
                                                                  const Provenance& provenance,
                                                                  std::ostream* dash = nullptr);
  // One file per host and per NAT in `dir`, made (with its parents) if
  // missing. InvalidArgument "DIR: cannot make the capture directory
  // (REASON)" or "DIR/NAME.pcapng: cannot open for writing".
  static absl::StatusOr<std::unique_ptr<PcapngCapture>> OpenDir(const std::string& dir,
                                                                 const scenario::Scenario& scenario,
                                                                 const Provenance& provenance);

  void OnPacket(SimTime at, const trace::WirePacket& packet) override;
  void OnEvent(const trace::TraceEvent& event) override;
  // Writes the last packet and flushes every file; the first failure.
  absl::Status Close();
  int64_t packets() const { return packets_; }

 private:
  struct File {
    OutputFile out;
    std::unique_ptr<PcapngWriter> writer;
  };
  struct Interface {
    std::string name;
    uint32_t file = 0;
    std::optional<uint32_t> id;  // in its file, once declared
  };
  // The packet last reported, written when the next one comes (decisions
  // that follow it in the event stream become its comments).
  struct Record {
    trace::Vantage vantage;
    int64_t nanos = 0;
    std::vector<uint8_t> bytes;
    uint32_t original_length = 0;
    std::vector<std::string> comments;
  };
  // A decision made before its packet reached an interface.
  struct Pending {
    std::string owner;
    int64_t nanos = -1;
    std::vector<std::string> comments;
    bool Holds(std::string_view who, int64_t at) const { return nanos == at && owner == who; }
  };

  PcapngCapture() = default;
  // Interfaces in declaration order for `scenario`; `per_owner`: a file
  // for each host and NAT (file i is owner i) rather than one.
  void AddInterfaces(const scenario::Scenario& scenario, bool per_owner);
  // Writes each file's section header (with `provenance`) and interfaces.
  void StartFiles(const Provenance& provenance);
  size_t InterfaceOf(const trace::Vantage& v) const;
  const std::string& OwnerName(const trace::Vantage& v) const;
  void WriteCurrent();
  // The event is about the packet last reported.
  bool AboutCurrent(const trace::TraceEvent& e) const;
  void Attach(std::string comment);

  std::vector<File> files_;
  std::vector<Interface> interfaces_;
  std::vector<std::string> host_names_;
  std::vector<std::string> nat_names_;
  std::optional<Record> current_;
  Pending mux_;       // a host's send, for its packet leaving
  Pending nat_;       // a NAT's decision, for the copy it sends on
  Pending call_;      // the call whose segment the next send is: its allocator line
  int64_t call_socket_ = -1;
  bool mapping_created_ = false;
  int64_t packets_ = 0;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PCAPNG_CAPTURE_H_
