#include "portlab/import/sockstat_parser.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "import/internal/text_lines.h"

namespace portlab::import {

void ParseSockstat(std::string_view text, Snapshot& out) {
  Sockstat s;
  bool any = false;
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<internal::Field> f = internal::SplitFields(lines[i]);
    if (f.empty()) continue;
    if (f[0].text.back() != ':' || f.size() % 2 != 1) {
      out.problems.push_back({line, 1, "not a sockstat line: NAME: key value ..."});
      continue;
    }
    const std::string_view proto = f[0].text.substr(0, f[0].text.size() - 1);
    bool bad = false;
    for (size_t k = 1; k + 1 < f.size(); k += 2) {
      int64_t v = 0;
      if (!absl::SimpleAtoi(AV(f[k + 1].text), &v)) {
        out.problems.push_back({line, f[k + 1].column, absl::StrCat("\"", AV(f[k + 1].text), "\" is not a number")});
        bad = true;
        break;
      }
      const std::string_view key = f[k].text;
      if (proto == "sockets" && key == "used") s.sockets_used = v;
      if (proto == "TCP" && key == "inuse") s.tcp_inuse = v;
      if (proto == "TCP" && key == "orphan") s.tcp_orphan = v;
      if (proto == "TCP" && key == "tw") s.tcp_tw = v;
      if (proto == "TCP" && key == "alloc") s.tcp_alloc = v;
      if (proto == "UDP" && key == "inuse") s.udp_inuse = v;
    }
    any |= !bad;
  }
  if (any) out.sockstat = s;
}

}  // namespace portlab::import
