// Port, Protocol and PortRange: the numbers transport multiplexing is about.
//
// Port is a strong 16-bit type so a port is never confused with a count or an
// index. PortRange is an inclusive [lo, hi] range as sysctls write it
// ("32768 60999"). The IANA ranges of RFC 6335 §6 are named constants.
//
// Example:
//   PortRange r = PortRange::Parse("40000 40063").value();  // 64 ports
//   for (Port p : r) ...
#ifndef PORTLAB_NET_PORT_H_
#define PORTLAB_NET_PORT_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace portlab::net {

class Port {
 public:
  constexpr Port() = default;
  constexpr explicit Port(uint16_t value) : value_(value) {}
  constexpr uint16_t value() const { return value_; }
  constexpr bool is_zero() const { return value_ == 0; }

  friend constexpr auto operator<=>(Port, Port) = default;
  friend constexpr bool operator==(Port, Port) = default;
  template <typename H>
  friend H AbslHashValue(H h, Port p) {
    return H::combine(std::move(h), p.value_);
  }

 private:
  uint16_t value_ = 0;
};

enum class Protocol : uint8_t { kTcp = 0, kUdp = 1 };
inline constexpr int kProtocolCount = 2;

// "tcp" or "udp".
std::string_view ProtocolName(Protocol p);
// Accepts "tcp" and "udp"; InvalidArgument otherwise.
absl::StatusOr<Protocol> ParseProtocol(std::string_view text);

// An inclusive range of ports, lo <= hi.
struct PortRange {
  Port lo;
  Port hi;

  // Number of ports in the range.
  constexpr int size() const { return int{hi.value()} - int{lo.value()} + 1; }
  constexpr bool Contains(Port p) const { return lo <= p && p <= hi; }

  // Parses "LO HI" (sysctl form) or "LO-HI". Requires 0 < LO <= HI <= 65535
  // unless allow_reversed, which accepts LO > HI unchanged (Linux accepts such
  // a sysctl write only as an error, so callers decide).
  static absl::StatusOr<PortRange> Parse(std::string_view text);
  std::string ToString() const;  // "LO-HI"

  friend constexpr bool operator==(const PortRange&, const PortRange&) = default;
};

// RFC 6335 §6.
inline constexpr PortRange kSystemPorts{Port(0), Port(1023)};
inline constexpr PortRange kUserPorts{Port(1024), Port(49151)};
inline constexpr PortRange kDynamicPorts{Port(49152), Port(65535)};

// "system", "user" or "dynamic" per RFC 6335 §6.
std::string_view IanaRangeName(Port p);

}  // namespace portlab::net

#endif  // PORTLAB_NET_PORT_H_
