#include "portlab/import/snapshot_reader.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/import/conntrack_parser.h"
#include "portlab/import/netstat_parser.h"
#include "portlab/import/proc_net_parser.h"
#include "portlab/import/sockstat_parser.h"
#include "portlab/import/ss_parser.h"
#include "portlab/import/sysctl_parser.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

bool Has(std::string_view line, std::string_view what) { return absl::StrContains(AV(line), AV(what)); }

// ss without a Netid column: UDP when a line is UNCONN, or when no line
// has a state only TCP has (ESTAB alone could be either: TCP is assumed).
Format SsProtocol(const std::vector<std::string_view>& lines) {
  bool tcp_only = false;
  for (std::string_view l : lines) {
    std::vector<internal::Field> f = internal::SplitFields(l);
    if (f.empty()) continue;
    if (f[0].text == "UNCONN") return Format::kSsUdp;
    if (f[0].text != "ESTAB" && f[0].text != "State") tcp_only = true;
  }
  return tcp_only ? Format::kSsTcp : Format::kSsTcp;
}

// A macOS line: tcp4/tcp6/tcp46/udp4/..., addresses ADDR.PORT.
bool MacosProto(std::string_view l) {
  std::vector<internal::Field> f = internal::SplitFields(l);
  return !f.empty() && (f[0].text == "tcp4" || f[0].text == "tcp46" || f[0].text == "udp4" ||
                        f[0].text == "udp46");
}

}  // namespace

std::optional<Format> DetectFormat(std::string_view text) {
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  int seen = 0;
  for (size_t i = 0; i < lines.size() && seen < 20; ++i) {
    std::string_view l = lines[i];
    std::vector<internal::Field> f = internal::SplitFields(l);
    if (f.empty()) continue;
    ++seen;
    if (((f[0].text == "State" || f[0].text == "Recv-Q") && Has(l, "Local Address:Port")) ||
        (f[0].text == "Netid" && f.size() > 1 && (f[1].text == "State" || f[1].text == "Recv-Q"))) {
      return SsProtocol(lines);
    }
    if (f[0].text == "sl" && Has(l, "local_address")) {
      return Has(l, "drops") ? Format::kProcNetUdp : Format::kProcNetTcp;
    }
    if (f[0].text == "sockets:" && f.size() > 1 && f[1].text == "used") return Format::kSockstat;
    if (f[0].text == "Active" && f.size() > 1 && f[1].text == "Connections") return Format::kNetstatWindows;
    if ((f[0].text == "Active" && f.size() > 1 && f[1].text == "Internet") || f[0].text == "Proto") {
      for (size_t j = i; j < lines.size() && j < i + 40; ++j) {
        if (MacosProto(lines[j])) return Format::kNetstatMacos;
      }
      return f[0].text == "Proto" && f.size() > 1 && f[1].text == "Local" ? Format::kNetstatWindows
                                                                          : Format::kNetstatLinux;
    }
    if (f[0].text.substr(0, 4) == "cpu=" && Has(l, "found=")) return Format::kConntrackStats;
    if ((f[0].text == "tcp" || f[0].text == "udp") && Has(l, " src=")) return Format::kConntrackList;
    if (f.size() >= 3 && f[1].text == "=" && f[0].text.find('.') != std::string_view::npos) return Format::kSysctl;
    if (f.size() == 2 && f[1].text == "=" && f[0].text.find('.') != std::string_view::npos) return Format::kSysctl;
  }
  return std::nullopt;
}

absl::StatusOr<Snapshot> ReadSnapshot(std::string_view text, std::string file, std::optional<Format> format) {
  Snapshot s;
  s.file = std::move(file);
  bool blank = true;
  for (std::string_view l : internal::SplitLines(text)) blank = blank && internal::Blank(l);
  if (blank) return absl::InvalidArgumentError(absl::StrCat(s.file, ": the file is empty"));
  if (!format) format = DetectFormat(text);
  if (!format) {
    return absl::InvalidArgumentError(absl::StrCat(
        s.file, ":1: not a format portlab import reads (no ss, /proc/net, sockstat, sysctl, netstat or "
        "conntrack header in its first lines); give --format, one of: ", FormatNames()));
  }
  s.format = *format;
  switch (*format) {
    case Format::kSsTcp:
    case Format::kSsUdp: ParseSs(text, *format, s); break;
    case Format::kProcNetTcp:
    case Format::kProcNetUdp: ParseProcNet(text, *format, s); break;
    case Format::kSockstat: ParseSockstat(text, s); break;
    case Format::kSysctl: ParseSysctl(text, s); break;
    case Format::kNetstatLinux:
    case Format::kNetstatMacos:
    case Format::kNetstatWindows: ParseNetstat(text, *format, s); break;
    case Format::kConntrackList: ParseConntrackList(text, s); break;
    case Format::kConntrackStats: ParseConntrackStats(text, s); break;
  }
  // Port 0 is no socket's port (bind gives a socket one; the scenario
  // refuses it): a line showing it is a line not read, whatever the format.
  std::erase_if(s.sockets, [&s](const ObservedSocket& o) {
    const bool zero = o.local.port.value() == 0 || (o.remote && o.remote->port.value() == 0);
    if (zero) s.problems.push_back({o.line, 0, "port 0 is no socket's port"});
    return zero;
  });
  std::stable_sort(s.problems.begin(), s.problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  const bool read_something = !s.sockets.empty() || !s.knobs.empty() || s.other_settings > 0 ||
                              s.sockstat.has_value() || !s.conntrack.empty() || !s.conntrack_stats.empty();
  if (!read_something && !s.problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(s.Where(s.problems.front()), " (and no line of the file could be read as ",
                                                   AV(FormatName(s.format)), ")"));
  }
  return s;
}

}  // namespace portlab::import
