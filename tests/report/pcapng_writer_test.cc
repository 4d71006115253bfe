// pcapng blocks (draft-ietf-opsawg-pcapng): exact bytes for tiny blocks,
// the lengths and the 32-bit padding of every option, and a file read back
// by tshark where it is installed; a run's capture with its interfaces
// and comments.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "portlab/report/pcapng_capture.h"
#include "portlab/report/pcapng_writer.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "portlab/trace/trace_fan_out.h"

namespace portlab::report {
namespace {

std::vector<int> Bytes(const std::string& s) {
  std::vector<int> v;
  for (char c : s) v.push_back(static_cast<unsigned char>(c));
  return v;
}

uint32_t Le32(const std::string& s, size_t at) {
  return uint32_t{static_cast<unsigned char>(s[at])} | uint32_t{static_cast<unsigned char>(s[at + 1])} << 8 |
         uint32_t{static_cast<unsigned char>(s[at + 2])} << 16 | uint32_t{static_cast<unsigned char>(s[at + 3])} << 24;
}

// Each block of `file`: (type, whole block), checking §3.1's framing.
std::vector<std::pair<uint32_t, std::string>> Blocks(const std::string& file) {
  std::vector<std::pair<uint32_t, std::string>> blocks;
  for (size_t at = 0; at < file.size();) {
    REQUIRE(at + 12 <= file.size());
    const uint32_t length = Le32(file, at + 4);
    REQUIRE(length % 4 == 0);
    REQUIRE(at + length <= file.size());
    CHECK(Le32(file, at + length - 4) == length);
    blocks.emplace_back(Le32(file, at), file.substr(at, length));
    at += length;
  }
  return blocks;
}

TEST_CASE("pcapng: an interface description block, byte for byte", "[pcapng]") {
  const std::vector<int> want = {
      0x01, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,  // IDB, 40 bytes
      0x65, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,  // LINKTYPE_RAW, reserved, snap 65535
      0x02, 0x00, 0x02, 0x00, 'a',  'b',  0x00, 0x00,  // if_name "ab", padded
      0x09, 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00,  // if_tsresol 9, padded
      0x00, 0x00, 0x00, 0x00,                          // opt_endofopt
      0x28, 0x00, 0x00, 0x00};
  CHECK(Bytes(InterfaceDescriptionBlock("ab")) == want);
}

TEST_CASE("pcapng: an enhanced packet block with a comment and a direction, byte for byte", "[pcapng]") {
  const std::vector<uint8_t> data = {0x45, 0x00, 0x01};
  const std::vector<int> want = {
      0x06, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00,  // EPB, 56 bytes
      0x01, 0x00, 0x00, 0x00,                          // interface 1
      0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,  // timestamp 2^32 + 2: high, low
      0x03, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00,  // captured 3, original 60
      0x45, 0x00, 0x01, 0x00,                          // data, padded
      0x01, 0x00, 0x02, 0x00, 'h',  'i',  0x00, 0x00,  // opt_comment "hi", padded
      0x02, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00,  // epb_flags: outbound
      0x00, 0x00, 0x00, 0x00,                          // opt_endofopt
      0x38, 0x00, 0x00, 0x00};
  CHECK(Bytes(EnhancedPacketBlock(1, (int64_t{1} << 32) + 2, data, 60, PacketDirection::kOutbound, {"hi"})) == want);
}

TEST_CASE("pcapng: the section header says little-endian version 1.0 and no section length", "[pcapng]") {
  const std::string shb = SectionHeaderBlock("portlab");
  REQUIRE(Blocks(shb).size() == 1);
  CHECK(Le32(shb, 0) == 0x0A0D0D0A);
  CHECK(Le32(shb, 8) == 0x1A2B3C4D);
  CHECK(Le32(shb, 12) == 0x00000001);  // major 1, minor 0
  CHECK(Le32(shb, 16) == 0xFFFFFFFF);
  CHECK(Le32(shb, 20) == 0xFFFFFFFF);
  CHECK(shb.substr(24, 4) == std::string("\x04\x00\x07\x00", 4));  // shb_userappl, 7 bytes
  CHECK(shb.substr(28, 8) == std::string("portlab\0", 8));
}

TEST_CASE("pcapng: the section header carries comments before shb_userappl", "[pcapng]") {
  const std::string shb = SectionHeaderBlock("portlab 1 (commit c)", {"{\"portlab\":{}}"});
  REQUIRE(Blocks(shb).size() == 1);
  CHECK(shb.substr(24, 4) == std::string("\x01\x00\x0e\x00", 4));  // opt_comment, 14 bytes
  CHECK(shb.substr(28, 14) == "{\"portlab\":{}}");
  CHECK(shb.substr(44, 4) == std::string("\x04\x00\x14\x00", 4));  // shb_userappl, 20 bytes
  CHECK(shb.substr(48, 20) == "portlab 1 (commit c)");
}

TEST_CASE("pcapng: every length of data and comment pads to 32 bits", "[pcapng]") {
  for (size_t data_size = 0; data_size < 9; ++data_size) {
    for (size_t comment_size = 0; comment_size < 9; ++comment_size) {
      INFO("data " << data_size << ", comment " << comment_size);
      const std::vector<uint8_t> data(data_size, 0xAB);
      const std::string block = EnhancedPacketBlock(0, 5, data, 100, PacketDirection::kInbound,
                                                    {std::string(comment_size, 'c')});
      REQUIRE(Blocks(block).size() == 1);
      const size_t padded_data = (data_size + 3) / 4 * 4;
      const size_t padded_comment = (comment_size + 3) / 4 * 4;
      CHECK(block.size() == 12 + 20 + padded_data + 4 + padded_comment + 8 + 4);
      // The comment option: code 1, its unpadded length, then the text.
      const size_t option = 28 + padded_data;
      CHECK(Le32(block, option) == (uint32_t{1} | uint32_t(comment_size) << 16));
      CHECK(block.substr(option + 4, comment_size) == std::string(comment_size, 'c'));
    }
  }
  // No options at all: no opt_endofopt either (§3.5 lets it be left out).
  CHECK(EnhancedPacketBlock(0, 0, {}, 0, PacketDirection::kUnknown, {}).size() == 32);
}

// Where tshark is installed, it reads what the writer writes.
TEST_CASE("pcapng: tshark reads the writer's interfaces, times, lengths, comments and directions", "[pcapng]") {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) {
    std::cout << "PORTLAB_SKIP: tshark is not installed (tools/install-deps installs it)" << std::endl;
    return;
  }
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "portlab_pcapng_writer_test";
  fs::create_directories(dir);
  const fs::path file = dir / "w.pcapng";
  {
    std::ofstream out(file, std::ios::binary);
    PcapngWriter w(out);
    w.WriteSectionHeader();
    const uint32_t a = w.AddInterface("alpha");
    const uint32_t b = w.AddInterface("beta-lo");
    // A UDP datagram's IPv4 header (20 bytes) and UDP header (8).
    const std::vector<uint8_t> ip = {0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                     0x30, 0x39, 0, 53, 0, 8, 0, 0};
    w.WritePacket(a, 1'500'000'001, ip, 28, PacketDirection::kOutbound, {"mux: sock 0", "second"});
    w.WritePacket(b, 2'000'000'000, ip, 128, PacketDirection::kInbound, {"demux: none"});
    REQUIRE(out.good());
  }
  const fs::path fields = dir / "fields";
  const std::string command = "tshark -n -r '" + file.string() +
                              "' -o udp.check_checksum:FALSE -T fields -E separator='|' -e frame.interface_name "
                              "-e frame.time_epoch -e frame.len -e frame.cap_len -e frame.comment "
                              "-e frame.packet_flags_direction > '" +
                              fields.string() + "' 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(fields);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    // The direction as a number: tshark versions print it 0x02 or 0x00000002.
    const size_t bar = line.rfind('|');
    REQUIRE(bar != std::string::npos);
    lines.push_back(line.substr(0, bar + 1) + std::to_string(std::stoul(line.substr(bar + 1), nullptr, 16)));
  }
  fs::remove_all(dir);
  CHECK(lines == std::vector<std::string>{"alpha|1.500000001|28|28|mux: sock 0,second|2",  // outbound
                                          "beta-lo|2.000000000|128|28|demux: none|1"});     // inbound
}

TEST_CASE("pcapng: a run's capture has an interface per host and NAT side and the decisions as comments",
          "[pcapng]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: p\nhosts:\n  c: {address: 192.168.1.100}\n  s: {address: 93.184.216.34}\n"
      "nats:\n  home: {profile: full-cone, inside: 192.168.1.0/24, outside: 203.0.113.1}\n"
      "steps:\n  - {at: 0s, host: s, op: listen, proto: tcp, port: 443}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"93.184.216.34:443\", as: t}\n",
      "p.yaml");
  REQUIRE(s.ok());
  std::ostringstream out;
  absl::StatusOr<std::unique_ptr<PcapngCapture>> capture = PcapngCapture::OpenFile("-", *s, Provenance(), &out);
  REQUIRE(capture.ok());
  run::RunOptions options;
  options.packets = capture->get();
  options.trace = capture->get();
  REQUIRE(run::RunScenario(*s, options).ok());
  REQUIRE((*capture)->Close().ok());

  std::vector<std::string> interfaces;
  std::vector<std::string> packets;  // "interface: comments"
  for (const auto& [type, block] : Blocks(out.str())) {
    if (type == 1) interfaces.push_back(block.substr(20, Le32(block, 16) >> 16));
    if (type != 6) continue;
    const uint32_t captured = Le32(block, 20);
    std::string line = interfaces.at(Le32(block, 8)) + ":";
    for (size_t at = 28 + (captured + 3) / 4 * 4; at + 4 <= block.size() - 4;) {
      const uint32_t code = Le32(block, at) & 0xFFFF;
      const uint32_t length = Le32(block, at) >> 16;
      if (code == 0) break;
      if (code == 1) line += " [" + block.substr(at + 4, length) + "]";
      at += 4 + (length + 3) / 4 * 4;
    }
    packets.push_back(line);
  }
  CHECK(interfaces == std::vector<std::string>{"c", "s", "home-inside", "home-outside"});
  // The SYN leaves c, reaches the NAT, leaves it rewritten, reaches s; the
  // SYN|ACK comes back the same way; c's ACK goes out.
  REQUIRE(packets.size() >= 9);
  CHECK(packets[0].rfind("c: [mux: sock 0, connect picked 192.168.1.100:", 0) == 0);
  CHECK(packets[0].ends_with(" after 1 probe]"));
  CHECK(packets[1].rfind("home-inside: [nat home out: 192.168.1.100:", 0) == 0);
  CHECK(packets[1].find("=> 203.0.113.1:") != std::string::npos);
  CHECK(packets[1].find(", mapping created]") != std::string::npos);
  CHECK(packets[2].substr(0, 14) == "home-outside: ");
  CHECK(packets[2].substr(14) == packets[1].substr(13));  // the same translation
  CHECK(packets[3] == "s: [demux: listener-wildcard 0.0.0.0:443 -> sock 0]");
  CHECK(packets[4] == "s: [mux: sock 1]");
  CHECK(packets[5].find("nat home in: ") != std::string::npos);
  CHECK(packets[5].find(", existing mapping]") != std::string::npos);
  CHECK(packets[7].rfind("c: [demux: exact 192.168.1.100:", 0) == 0);
}

TEST_CASE("pcapng: --pcap-dir writes a file per host and per NAT, and refuses a directory it cannot make",
          "[pcapng]") {
  namespace fs = std::filesystem;
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: p\nhosts:\n  c: {address: 192.168.1.100}\n  home: {address: 93.184.216.34}\n"
      "nats:\n  home: {profile: full-cone, inside: 192.168.1.0/24, outside: 203.0.113.1}\n"
      "steps:\n  - {at: 0s, host: home, op: listen, proto: tcp, port: 443}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"93.184.216.34:443\", as: t}\n",
      "p.yaml");
  REQUIRE(s.ok());
  const fs::path dir = fs::temp_directory_path() / "portlab_pcapng_dir_test";
  fs::remove_all(dir);
  absl::StatusOr<std::unique_ptr<PcapngCapture>> capture = PcapngCapture::OpenDir((dir / "new").string(), *s, Provenance());
  REQUIRE(capture.ok());
  run::RunOptions options;
  options.packets = capture->get();
  options.trace = capture->get();
  REQUIRE(run::RunScenario(*s, options).ok());
  REQUIRE((*capture)->Close().ok());
  // The NAT shares a host's name: its file says it is the NAT's.
  for (const char* name : {"c.pcapng", "home.pcapng", "home.nat.pcapng"}) {
    INFO(name);
    CHECK(fs::file_size(dir / "new" / name) > 100);
  }
  std::ifstream in(dir / "new" / "home.nat.pcapng", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::vector<std::string> interfaces;
  for (const auto& [type, block] : Blocks(bytes.str())) {
    if (type == 1) interfaces.push_back(block.substr(20, Le32(block, 16) >> 16));
  }
  CHECK(interfaces == std::vector<std::string>{"home-inside", "home-outside"});

  std::ofstream(dir / "a-file") << "x";
  absl::StatusOr<std::unique_ptr<PcapngCapture>> refused = PcapngCapture::OpenDir((dir / "a-file").string(), *s, Provenance());
  REQUIRE_FALSE(refused.ok());
  CHECK(std::string(refused.status().message()).rfind((dir / "a-file").string() + ": cannot make the capture directory (", 0) == 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace portlab::report
