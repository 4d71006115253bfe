// Appending little-endian integers to a byte string: the capture writers'
// headers and blocks (pcap_writer.cc, pcapng_writer.cc), both little-endian
// files whose magic numbers tell readers so.
#ifndef PORTLAB_REPORT_INTERNAL_LITTLE_ENDIAN_H_
#define PORTLAB_REPORT_INTERNAL_LITTLE_ENDIAN_H_

#include <cstdint>
#include <string>

namespace portlab::report::internal {

inline void Put16(std::string& b, uint16_t v) {
  b.push_back(static_cast<char>(v & 0xFF));
  b.push_back(static_cast<char>(v >> 8));
}

inline void Put32(std::string& b, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) b.push_back(static_cast<char>((v >> shift) & 0xFF));
}

}  // namespace portlab::report::internal

#endif  // PORTLAB_REPORT_INTERNAL_LITTLE_ENDIAN_H_
