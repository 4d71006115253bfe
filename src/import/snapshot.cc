#include "portlab/import/snapshot.h"

#include "absl/strings/str_cat.h"

namespace portlab::import {
namespace {

struct FormatEntry {
  Format format;
  std::string_view name;
};
constexpr FormatEntry kFormats[] = {
    {Format::kSsTcp, "ss-tcp"},
    {Format::kSsUdp, "ss-udp"},
    {Format::kProcNetTcp, "proc-net-tcp"},
    {Format::kProcNetUdp, "proc-net-udp"},
    {Format::kSockstat, "sockstat"},
    {Format::kSysctl, "sysctl"},
    {Format::kNetstatLinux, "netstat-linux"},
    {Format::kNetstatMacos, "netstat-macos"},
    {Format::kNetstatWindows, "netstat-windows"},
    {Format::kConntrackList, "conntrack-list"},
    {Format::kConntrackStats, "conntrack-stats"},
};

}  // namespace

std::string_view FormatName(Format f) {
  for (const FormatEntry& e : kFormats) {
    if (e.format == f) return e.name;
  }
  return "?";
}

std::optional<Format> ParseFormatName(std::string_view name) {
  for (const FormatEntry& e : kFormats) {
    if (e.name == name) return e.format;
  }
  return std::nullopt;
}

std::string FormatNames() {
  std::string out;
  for (const FormatEntry& e : kFormats) {
    if (!out.empty()) out += ", ";
    out.append(e.name.data(), e.name.size());
  }
  return out;
}

bool ListsSockets(Format f) {
  return f != Format::kSockstat && f != Format::kSysctl && f != Format::kConntrackList &&
         f != Format::kConntrackStats;
}

std::string Snapshot::Where(const Problem& p) const {
  if (p.column == 0) return absl::StrCat(file, ":", p.line, ": ", p.message);
  return absl::StrCat(file, ":", p.line, ":", p.column, ": ", p.message);
}

}  // namespace portlab::import
