#include "portlab/net/ip_address.h"

#include <arpa/inet.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::net {

IpAddress IpAddress::V4(uint32_t host_order) {
  IpAddress a;
  a.family_ = Family::kV4;
  a.bytes_[12] = static_cast<uint8_t>(host_order >> 24);
  a.bytes_[13] = static_cast<uint8_t>(host_order >> 16);
  a.bytes_[14] = static_cast<uint8_t>(host_order >> 8);
  a.bytes_[15] = static_cast<uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress a;
  a.family_ = Family::kV6;
  a.bytes_ = bytes;
  return a;
}

absl::StatusOr<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton is a pure parser (no I/O, no locale); it needs a terminated string.
  std::string s(text);
  if (s.find(':') == std::string::npos) {
    in_addr v4;
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return V4(ntohl(v4.s_addr));
  } else {
    std::array<uint8_t, 16> b;
    if (inet_pton(AF_INET6, s.c_str(), b.data()) == 1) return V6(b);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", AV(text), "\" is not an IPv4 or IPv6 address"));
}

uint32_t IpAddress::v4() const {
  return (uint32_t{bytes_[12]} << 24) | (uint32_t{bytes_[13]} << 16) |
         (uint32_t{bytes_[14]} << 8) | uint32_t{bytes_[15]};
}

bool IpAddress::IsLoopback() const {
  if (is_v4()) return bytes_[12] == 127;
  if (auto m = MappedV4()) return m->IsLoopback();
  std::array<uint8_t, 16> one{};
  one[15] = 1;
  return bytes_ == one;
}

std::optional<IpAddress> IpAddress::MappedV4() const {
  if (is_v4()) return std::nullopt;
  for (int i = 0; i < 10; ++i)
    if (bytes_[i] != 0) return std::nullopt;
  if (bytes_[10] != 0xff || bytes_[11] != 0xff) return std::nullopt;
  IpAddress a = *this;
  a.family_ = Family::kV4;
  for (int i = 0; i < 12; ++i) a.bytes_[i] = 0;
  return a;
}

IpAddress IpAddress::AsV6() const {
  if (is_v6()) return *this;
  IpAddress a = *this;
  a.family_ = Family::kV6;
  a.bytes_[10] = 0xff;
  a.bytes_[11] = 0xff;
  return a;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4()) {
    in_addr v4{htonl(this->v4())};
    inet_ntop(AF_INET, &v4, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  }
  return buf;
}

}  // namespace portlab::net
