// IpAddress: an IPv4 or IPv6 address, a small value type.
//
// IPv4 addresses are kept as such; an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d) stays IPv6 but answers MappedV4() so bind rules can treat
// it as the IPv4 address it names (Linux does, see inet_bind_conflict).
//
// Example:
//   absl::StatusOr<IpAddress> a = IpAddress::Parse("10.0.0.1");
//   if (a.ok() && a->is_v4()) Use(a->v4());
//
// Thread safety: a value; immutable once built.
#ifndef PORTLAB_NET_IP_ADDRESS_H_
#define PORTLAB_NET_IP_ADDRESS_H_

#include <array>
#include <compare>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace portlab::net {

enum class Family : uint8_t { kV4, kV6 };

class IpAddress {
 public:
  // The IPv4 wildcard 0.0.0.0.
  IpAddress() = default;

  static IpAddress V4(uint32_t host_order);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);
  static IpAddress AnyV4() { return V4(0); }
  static IpAddress AnyV6() { return V6({}); }

  // Parses dotted-quad IPv4 or RFC 4291 text IPv6 (no zone, no brackets).
  // Returns InvalidArgument naming the text on failure.
  static absl::StatusOr<IpAddress> Parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  // REQUIRES: is_v4().
  uint32_t v4() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  // The IPv4 netmask of a prefix length 0..32, host order (24 -> 0xffffff00).
  static uint32_t V4Netmask(int prefix) { return prefix <= 0 ? 0 : ~uint32_t{0} << (32 - prefix); }

  // 0.0.0.0 or ::. Two 64-bit loads, not a memcmp call: connect() and
  // bind-table inserts ask it of every socket.
  bool IsUnspecified() const {
    uint64_t w0, w1;
    std::memcpy(&w0, bytes_.data(), 8);
    std::memcpy(&w1, bytes_.data() + 8, 8);
    return (w0 | w1) == 0;
  }
  // 127.0.0.0/8 or ::1 (or ::ffff:127.x.y.z).
  bool IsLoopback() const;
  // For ::ffff:a.b.c.d, the IPv4 address; otherwise nothing.
  std::optional<IpAddress> MappedV4() const;
  // An IPv4 address as an AF_INET6 socket sees it, ::ffff:a.b.c.d (RFC 4291
  // §2.5.5.2); an IPv6 address unchanged.
  IpAddress AsV6() const;

  std::string ToString() const;

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  // Two 64-bit compares: on the connect() path a memcmp call for 16 bytes
  // was 8 % of the time.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a.bytes_.data(), 8);
    std::memcpy(&a1, a.bytes_.data() + 8, 8);
    std::memcpy(&b0, b.bytes_.data(), 8);
    std::memcpy(&b1, b.bytes_.data() + 8, 8);
    return a.family_ == b.family_ && a0 == b0 && a1 == b1;
  }

  template <typename H>
  friend H AbslHashValue(H h, const IpAddress& a) {
    return H::combine(std::move(h), a.family_, a.bytes_);
  }

 private:
  Family family_ = Family::kV4;
  // IPv4 in bytes_[12..15] (network order), the rest zero.
  std::array<uint8_t, 16> bytes_{};
};

}  // namespace portlab::net

#endif  // PORTLAB_NET_IP_ADDRESS_H_
