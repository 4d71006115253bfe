#include "portlab/net/endpoint.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::net {

absl::StatusOr<Endpoint> Endpoint::Parse(std::string_view text) {
  std::string_view addr, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() ||
        text[close + 1] != ':') {
      return absl::InvalidArgumentError(absl::StrCat(
          "endpoint \"", AV(text), "\" must be written [IPV6]:PORT"));
    }
    addr = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos ||
        text.find(':') != colon) {
      return absl::InvalidArgumentError(absl::StrCat(
          "endpoint \"", AV(text), "\" must be written ADDR:PORT (or [IPV6]:PORT)"));
    }
    addr = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  absl::StatusOr<IpAddress> a = IpAddress::Parse(addr);
  if (!a.ok()) return a.status();
  uint32_t p = 0;
  if (!absl::SimpleAtoi(AV(port), &p) || p > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "port \"", AV(port), "\" in \"", AV(text), "\" is not a number from 0 to 65535"));
  }
  return Endpoint{*a, Port(static_cast<uint16_t>(p))};
}

std::string Endpoint::ToString() const {
  if (address.is_v6()) return absl::StrCat("[", address.ToString(), "]:", port.value());
  return absl::StrCat(address.ToString(), ":", port.value());
}

std::string FlowKey::ToString() const {
  return absl::StrCat(AV(ProtocolName(protocol)), " ", local.ToString(), " -> ",
                      remote.ToString());
}

}  // namespace portlab::net
