// PcapngWriter: the blocks of a pcapng file (IETF draft-ietf-opsawg-pcapng,
// "PCAP Next Generation (pcapng) Capture File Format"), written to a
// stream: one Section Header Block, an Interface Description Block per
// interface, an Enhanced Packet Block per packet. Wireshark, tshark and
// capinfos read it. The capture itself (which packets, which interfaces,
// which comments) is report/pcapng_capture.h's.
//
// What it writes, always little-endian (the draft lets the writer choose;
// the Section Header Block's byte-order magic says which):
//   - SHB (§4.1): version 1.0, section length -1 (not given), shb_userappl
//     "portlab" and nothing that varies between runs.
//   - IDB (§4.2): link type LINKTYPE_RAW (101, raw IPv4 or IPv6), snap
//     length 65535, if_name, if_tsresol 9 (timestamps count nanoseconds).
//   - EPB (§4.3): interface id, the 64-bit timestamp split high/low, the
//     captured and original lengths, the data padded to 32 bits, then
//     opt_comment (§3.5) per comment and epb_flags (§4.3.1) with the
//     direction (inbound or outbound).
// Every block is Block Type, Block Total Length, body, Block Total Length
// (§3.1); every option is code, length, value padded to 32 bits, and a
// list of options ends with opt_endofopt (§3.5).
//
// Example:
//   PcapngWriter w(file);
//   w.WriteSectionHeader();
//   uint32_t client = w.AddInterface("client");
//   w.WritePacket(client, 1'000'000'000, bytes, 60, PacketDirection::kOutbound, {"mux: sock 0"});
//   // the stream's state tells whether the writes went through
//
// Ownership: `out` is not owned and must outlive the writer.
// Thread safety: one owner.
#ifndef PORTLAB_REPORT_PCAPNG_WRITER_H_
#define PORTLAB_REPORT_PCAPNG_WRITER_H_

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portlab::report {

// LINKTYPE_RAW: the packet starts with its IPv4 or IPv6 header.
inline constexpr uint16_t kLinkTypeRaw = 101;
// Each packet's headers fit (report/packet_bytes.h).
inline constexpr uint32_t kCaptureSnapLength = 65535;

// epb_flags' direction bits (§4.3.1): 01 inbound, 10 outbound.
enum class PacketDirection : uint8_t { kUnknown = 0, kInbound = 1, kOutbound = 2 };

// The blocks as bytes, each whole (for the writer, and for tests).
// `application`: shb_userappl; each of `comments` an opt_comment (§4.1,
// §3.5: the section's provenance, report/provenance.h).
std::string SectionHeaderBlock(std::string_view application, const std::vector<std::string>& comments = {});
std::string InterfaceDescriptionBlock(std::string_view name);
std::string EnhancedPacketBlock(uint32_t interface, int64_t nanos, std::span<const uint8_t> data,
                                uint32_t original_length, PacketDirection direction,
                                const std::vector<std::string>& comments);

class PcapngWriter {
 public:
  explicit PcapngWriter(std::ostream& out) : out_(&out) {}

  // REQUIRES: first, once.
  void WriteSectionHeader(std::string_view application = "portlab",
                          const std::vector<std::string>& comments = {}) {
    Put(SectionHeaderBlock(application, comments));
  }
  // Writes an IDB; returns the interface's id (0, 1, ... in order).
  uint32_t AddInterface(std::string_view name);
  // REQUIRES: `interface` came from AddInterface; nanos >= 0.
  void WritePacket(uint32_t interface, int64_t nanos, std::span<const uint8_t> data, uint32_t original_length,
                   PacketDirection direction, const std::vector<std::string>& comments) {
    Put(EnhancedPacketBlock(interface, nanos, data, original_length, direction, comments));
  }
  uint32_t interfaces() const { return interfaces_; }

 private:
  void Put(const std::string& block) { out_->write(block.data(), static_cast<std::streamsize>(block.size())); }

  std::ostream* out_;
  uint32_t interfaces_ = 0;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PCAPNG_WRITER_H_
