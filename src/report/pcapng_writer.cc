#include "portlab/report/pcapng_writer.h"

#include <algorithm>

#include "report/internal/little_endian.h"

namespace portlab::report {
namespace {

// Block types (draft-ietf-opsawg-pcapng §11.1) and option codes.
constexpr uint32_t kSectionHeaderType = 0x0A0D0D0A;   // §4.1
constexpr uint32_t kInterfaceDescriptionType = 1;     // §4.2
constexpr uint32_t kEnhancedPacketType = 6;           // §4.3
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;      // §4.1
constexpr uint16_t kOptEndOfOpt = 0;                  // §3.5
constexpr uint16_t kOptComment = 1;                   // §3.5
constexpr uint16_t kShbUserAppl = 4;                  // §4.1
constexpr uint16_t kIfName = 2;                       // §4.2
constexpr uint16_t kIfTsResol = 9;                    // §4.2
constexpr uint16_t kEpbFlags = 2;                     // §4.3
constexpr uint8_t kNanosecondResolution = 9;          // if_tsresol: 10^-9 s
// An option's value is at most this long (its length field is 16 bits).
constexpr size_t kMaxOptionValue = 0xFFFF;

// Little-endian throughout: the SHB's byte-order magic announces it
// (report/internal/little_endian.h).
using internal::Put16;
using internal::Put32;
void Pad32(std::string& b) {
  while (b.size() % 4 != 0) b.push_back('\0');
}

// §3.5: code, length (of the value, unpadded), value padded to 32 bits.
void PutOption(std::string& b, uint16_t code, std::string_view value) {
  value = value.substr(0, kMaxOptionValue);
  Put16(b, code);
  Put16(b, static_cast<uint16_t>(value.size()));
  b.append(value);
  Pad32(b);
}
void PutEndOfOptions(std::string& b) {
  Put16(b, kOptEndOfOpt);
  Put16(b, 0);
}

// §3.1: type, total length, body, total length again.
std::string Block(uint32_t type, const std::string& body) {
  const uint32_t total = static_cast<uint32_t>(body.size() + 12);
  std::string b;
  b.reserve(total);
  Put32(b, type);
  Put32(b, total);
  b.append(body);
  Put32(b, total);
  return b;
}

}  // namespace

std::string SectionHeaderBlock(std::string_view application, const std::vector<std::string>& comments) {
  std::string body;
  Put32(body, kByteOrderMagic);
  Put16(body, 1);  // major version
  Put16(body, 0);  // minor version
  Put32(body, 0xFFFFFFFF);  // section length -1 (64 bits): not given
  Put32(body, 0xFFFFFFFF);
  for (const std::string& c : comments) PutOption(body, kOptComment, c);
  PutOption(body, kShbUserAppl, application);
  PutEndOfOptions(body);
  return Block(kSectionHeaderType, body);
}

std::string InterfaceDescriptionBlock(std::string_view name) {
  std::string body;
  Put16(body, kLinkTypeRaw);
  Put16(body, 0);  // reserved
  Put32(body, kCaptureSnapLength);
  PutOption(body, kIfName, name);
  const char resolution = static_cast<char>(kNanosecondResolution);
  PutOption(body, kIfTsResol, std::string_view(&resolution, 1));
  PutEndOfOptions(body);
  return Block(kInterfaceDescriptionType, body);
}

std::string EnhancedPacketBlock(uint32_t interface, int64_t nanos, std::span<const uint8_t> data,
                                uint32_t original_length, PacketDirection direction,
                                const std::vector<std::string>& comments) {
  std::string body;
  const uint64_t ts = static_cast<uint64_t>(std::max<int64_t>(nanos, 0));
  Put32(body, interface);
  Put32(body, static_cast<uint32_t>(ts >> 32));
  Put32(body, static_cast<uint32_t>(ts & 0xFFFFFFFF));
  Put32(body, static_cast<uint32_t>(data.size()));
  Put32(body, original_length);
  body.append(reinterpret_cast<const char*>(data.data()), data.size());
  Pad32(body);
  for (const std::string& c : comments) PutOption(body, kOptComment, c);
  if (direction != PacketDirection::kUnknown) {
    std::string flags;
    Put32(flags, static_cast<uint32_t>(direction));
    PutOption(body, kEpbFlags, flags);
  }
  // §3.5: opt_endofopt may be left out when there are no options at all.
  if (!comments.empty() || direction != PacketDirection::kUnknown) PutEndOfOptions(body);
  return Block(kEnhancedPacketType, body);
}

uint32_t PcapngWriter::AddInterface(std::string_view name) {
  Put(InterfaceDescriptionBlock(name));
  return interfaces_++;
}

}  // namespace portlab::report
