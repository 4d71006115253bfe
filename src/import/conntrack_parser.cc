#include "portlab/import/conntrack_parser.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

using internal::Field;

bool IsSummary(std::string_view line) {
  return line.find("flow entries have been shown") != std::string_view::npos;
}

}  // namespace

void ParseConntrackList(std::string_view text, Snapshot& out) {
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<Field> f = internal::SplitFields(lines[i]);
    if (f.empty() || IsSummary(lines[i])) continue;
    const bool tcp = f[0].text == "tcp";
    if (!tcp && f[0].text != "udp") {
      out.problems.push_back({line, 1, absl::StrCat("\"", AV(f[0].text), "\" entries are not TCP or UDP, which portlab models")});
      continue;
    }
    ConntrackEntry e;
    e.protocol = tcp ? net::Protocol::kTcp : net::Protocol::kUdp;
    e.line = line;
    if (f.size() < 3 || !absl::SimpleAtoi(AV(f[2].text), &e.timeout_s)) {
      out.problems.push_back({line, f.size() < 3 ? 1 : f[2].column, "not a conntrack entry: PROTO NUMBER TIMEOUT [STATE] src=..."});
      continue;
    }
    size_t k = 3;
    if (tcp && k < f.size() && f[k].text.find('=') == std::string_view::npos) e.state = std::string(f[k++].text);
    // Two tuples, each src= dst= sport= dport=.
    std::string addr[2][2];
    int port[2][2] = {{-1, -1}, {-1, -1}};
    int tuple = 0;
    std::string error;
    int error_column = 0;
    for (; k < f.size() && error.empty(); ++k) {
      const std::string_view t = f[k].text;
      if (t == "[ASSURED]") e.assured = true;
      if (t == "[UNREPLIED]") e.unreplied = true;
      const size_t eq = t.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view key = t.substr(0, eq), value = t.substr(eq + 1);
      if (key == "src" && addr[tuple][0].size() && tuple == 0) tuple = 1;
      if (key == "src" || key == "dst") {
        addr[tuple][key == "dst"] = std::string(value);
      } else if (key == "sport" || key == "dport") {
        int p = 0;
        if (!absl::SimpleAtoi(AV(value), &p) || p < 0 || p > 65535) {
          error = absl::StrCat("\"", AV(t), "\" is not a port");
          error_column = f[k].column;
        }
        port[tuple][key == "dport"] = p;
      }
    }
    if (error.empty()) {
      net::Endpoint* ends[2][2] = {{&e.original_src, &e.original_dst}, {&e.reply_src, &e.reply_dst}};
      for (int t = 0; t < 2 && error.empty(); ++t) {
        for (int d = 0; d < 2 && error.empty(); ++d) {
          absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(addr[t][d]);
          if (!a.ok() || port[t][d] < 0) {
            error = "an entry needs both tuples: src= dst= sport= dport=, twice";
            error_column = 1;
            break;
          }
          *ends[t][d] = net::Endpoint{*a, net::Port(static_cast<uint16_t>(port[t][d]))};
        }
      }
    }
    if (!error.empty()) {
      out.problems.push_back({line, error_column, error});
      continue;
    }
    out.conntrack.push_back(e);
  }
}

void ParseConntrackStats(std::string_view text, Snapshot& out) {
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<Field> f = internal::SplitFields(lines[i]);
    if (f.empty()) continue;
    if (f[0].text.substr(0, 4) != "cpu=") {
      out.problems.push_back({line, 1, "not a conntrack -S line: cpu=N name=value ..."});
      continue;
    }
    for (size_t k = 1; k < f.size(); ++k) {
      const std::string_view t = f[k].text;
      const size_t eq = t.find('=');
      int64_t v = 0;
      if (eq == std::string_view::npos || !absl::SimpleAtoi(AV(t.substr(eq + 1)), &v)) {
        out.problems.push_back({line, f[k].column, absl::StrCat("\"", AV(t), "\" is not name=number")});
        break;
      }
      const std::string name(t.substr(0, eq));
      bool found = false;
      for (ConntrackStat& s : out.conntrack_stats) {
        if (s.name == name) {
          s.value += v;
          found = true;
        }
      }
      if (!found) out.conntrack_stats.push_back({name, v});
    }
  }
}

}  // namespace portlab::import
