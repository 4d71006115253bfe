#include "portlab/net/port.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"

namespace portlab::net {

std::string_view ProtocolName(Protocol p) {
  return p == Protocol::kTcp ? "tcp" : "udp";
}

absl::StatusOr<Protocol> ParseProtocol(std::string_view text) {
  if (text == "tcp") return Protocol::kTcp;
  if (text == "udp") return Protocol::kUdp;
  return absl::InvalidArgumentError(
      absl::StrCat("protocol must be tcp or udp, not \"", AV(text), "\""));
}

absl::StatusOr<PortRange> PortRange::Parse(std::string_view text) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(AV(text), absl::ByAnyChar(" \t-"), absl::SkipEmpty());
  uint32_t lo = 0, hi = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) ||
      !absl::SimpleAtoi(parts[1], &hi)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "port range must be two numbers \"LO HI\", not \"", AV(text), "\""));
  }
  if (lo < 1 || hi > 65535 || lo > hi) {
    return absl::InvalidArgumentError(absl::StrCat(
        "port range \"", AV(text), "\" must satisfy 1 <= LO <= HI <= 65535"));
  }
  return PortRange{Port(static_cast<uint16_t>(lo)), Port(static_cast<uint16_t>(hi))};
}

std::string PortRange::ToString() const {
  return absl::StrCat(lo.value(), "-", hi.value());
}

std::string_view IanaRangeName(Port p) {
  if (kSystemPorts.Contains(p)) return "system";
  if (kUserPorts.Contains(p)) return "user";
  return "dynamic";
}

}  // namespace portlab::net
