#include "import/internal/text_lines.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::import::internal {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

std::vector<Field> SplitFields(std::string_view line) {
  std::vector<Field> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    out.push_back({line.substr(i, j - i), static_cast<int>(i) + 1});
    i = j;
  }
  return out;
}

bool Blank(std::string_view line) { return SplitFields(line).empty(); }

std::optional<ParsedEndpoint> ParseColonEndpoint(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  ParsedEndpoint out;
  if (port == "*") {
    out.any_port = true;
  } else {
    int p = 0;
    if (!absl::SimpleAtoi(AV(port), &p) || p < 0 || p > 65535) return std::nullopt;
    out.endpoint.port = net::Port(static_cast<uint16_t>(p));
  }
  // A zone (the device a socket is bound to, an IPv6 scope): ss prints it
  // after the address, brackets and all (misc/ss.c inet_addr_print:
  // "[fe80::1]%eth0", "0.0.0.0%lo", "*%eth0"); others write it inside the
  // brackets ("[fe80::1%eth0]"). Either way it is not part of the address.
  std::string name(host);
  if (const size_t pct = name.find('%'); pct != std::string::npos) {
    const size_t end = name.find(']', pct);
    name.erase(pct, end == std::string::npos ? std::string::npos : end - pct);
  }
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  if (name == "*") name = "::";
  absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(name);
  if (!a.ok()) return std::nullopt;
  out.endpoint.address = *a;
  return out;
}

bool SameFamily(const net::IpAddress& local, const net::IpAddress& remote) {
  return local.MappedV4().value_or(local).family() == remote.MappedV4().value_or(remote).family();
}

std::string MixedFamilies(std::string_view local, std::string_view remote) {
  return absl::StrCat("\"", AV(remote), "\" is not of the family of \"", AV(local),
                      "\": an IPv4 and an IPv6 end on one socket");
}

}  // namespace portlab::import::internal
