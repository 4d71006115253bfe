#include "portlab/import/ss_parser.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

using internal::Field;

// Digits at the front of `s`, consumed; nullopt when there are none.
std::optional<int64_t> TakeNumber(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 9) return std::nullopt;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + (s[i] - '0');
  s.remove_prefix(n);
  return v;
}

bool TakePrefix(std::string_view& s, std::string_view p) {
  if (s.substr(0, p.size()) != p) return false;
  s.remove_prefix(p.size());
  return true;
}

}  // namespace

std::optional<Duration> ParseSsTimer(std::string_view s) {
  // misc/ss.c print_ms_timer: [Nmin][S(sec|.)][MMMms].
  int64_t ms = 0;
  bool any = false;
  std::string_view rest = s;
  std::optional<int64_t> n = TakeNumber(rest);
  if (n && TakePrefix(rest, "min")) {
    ms += *n * 60'000;
    any = true;
    n = TakeNumber(rest);
  }
  if (n) {
    if (TakePrefix(rest, "sec")) {
      ms += *n * 1000;
      any = true;
    } else if (TakePrefix(rest, ".")) {
      ms += *n * 1000;
      std::optional<int64_t> frac = TakeNumber(rest);
      if (!frac || !TakePrefix(rest, "ms")) return std::nullopt;
      ms += *frac;
      any = true;
    } else if (TakePrefix(rest, "ms")) {
      ms += *n;
      any = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any || !rest.empty()) return std::nullopt;
  return Duration::Millis(ms);
}

void ParseSs(std::string_view text, Format format, Snapshot& out) {
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  bool timers_shown = false;  // a `timer:(` anywhere: ss -o
  int details = 0, first_detail = 0;
  std::vector<size_t> untimed_fin_wait2;  // sockets[i]: no timer, no process shown
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    // ss -i and -m print a socket's details on lines of their own, a tab
    // first, under it (misc/ss.c tcp_show_info, print_skmeminfo).
    if (!lines[i].empty() && lines[i][0] == '\t' && !internal::Blank(lines[i])) {
      if (details++ == 0) first_detail = line;
      continue;
    }
    std::vector<Field> f = internal::SplitFields(lines[i]);
    if (f.empty()) continue;
    // With a `state` filter ss prints no State column (misc/ss.c: the
    // column is hidden when one state is asked for): which state each
    // line is in, the file does not say.
    if (f[0].text == "Recv-Q" || (f[0].text == "Netid" && f.size() > 1 && f[1].text == "Recv-Q")) {
      out.problems.push_back({line, 1, "ss printed no State column (it was given a `state` filter): run it "
                                       "without one, and portlab reads each socket's state"});
      return;
    }
    if (f[0].text == "State" || f[0].text == "Netid") continue;  // the header
    size_t at = 0;
    net::Protocol protocol = format == Format::kSsUdp ? net::Protocol::kUdp : net::Protocol::kTcp;
    if (f[0].text == "tcp" || f[0].text == "udp") {
      protocol = f[0].text == "tcp" ? net::Protocol::kTcp : net::Protocol::kUdp;
      at = 1;
    } else if (f.size() >= 6 && !scenario::ParseSocketState(f[0].text)) {
      out.problems.push_back({line, f[0].column,
                              absl::StrCat("\"", AV(f[0].text), "\" sockets are not TCP or UDP, which portlab models")});
      continue;
    }
    if (f.size() < at + 5) {
      out.problems.push_back({line, 1, "not an ss socket line: STATE RECV-Q SEND-Q LOCAL:PORT PEER:PORT"});
      continue;
    }
    const Field& state_f = f[at];
    std::optional<scenario::SocketState> st = scenario::ParseSocketState(state_f.text);
    const bool tcp = protocol == net::Protocol::kTcp;
    if (!st || (tcp && *st == scenario::SocketState::kUnconnected) ||
        (!tcp && *st != scenario::SocketState::kUnconnected && *st != scenario::SocketState::kEstablished)) {
      out.problems.push_back({line, state_f.column,
                              absl::StrCat("\"", AV(state_f.text), "\" is not a ", tcp ? "TCP" : "UDP", " state",
                                           tcp && st ? " (an ss -uan file? give --format ss-udp)" : "")});
      continue;
    }
    std::optional<internal::ParsedEndpoint> local = internal::ParseColonEndpoint(f[at + 3].text);
    if (!local || local->any_port) {
      out.problems.push_back({line, f[at + 3].column, absl::StrCat("\"", AV(f[at + 3].text), "\" is not ADDRESS:PORT")});
      continue;
    }
    std::optional<internal::ParsedEndpoint> peer = internal::ParseColonEndpoint(f[at + 4].text);
    if (!peer) {
      out.problems.push_back({line, f[at + 4].column, absl::StrCat("\"", AV(f[at + 4].text), "\" is not ADDRESS:PORT")});
      continue;
    }
    ObservedSocket s;
    s.protocol = protocol;
    s.state = *st;
    s.local = local->endpoint;
    s.line = line;
    const bool listens = *st == scenario::SocketState::kListen || *st == scenario::SocketState::kUnconnected;
    if (!peer->any_port && !listens) s.remote = peer->endpoint;
    if (!listens && !s.remote) {
      out.problems.push_back({line, f[at + 4].column, absl::StrCat(AV(scenario::SocketStateName(*st)), " without a peer")});
      continue;
    }
    if (s.remote && !internal::SameFamily(s.local.address, s.remote->address)) {
      out.problems.push_back({line, f[at + 4].column, internal::MixedFamilies(f[at + 3].text, f[at + 4].text)});
      continue;
    }
    bool bad = false;
    bool process = false, timer = false;  // ss -p's users:(...), ss -o's timer:(...)
    for (size_t k = at + 5; k < f.size(); ++k) {
      std::string_view t = f[k].text;
      process |= t.substr(0, 7) == "users:(";
      if (!TakePrefix(t, "timer:(")) continue;
      timers_shown = timer = true;
      // timer:(NAME,TIME,RETRANSMITS)
      const size_t comma = t.find(',');
      if (comma == std::string_view::npos) continue;
      if (t.substr(0, comma) != "timewait") continue;
      std::string_view rest = t.substr(comma + 1);
      const size_t comma2 = rest.find(',');
      std::optional<Duration> d = ParseSsTimer(rest.substr(0, comma2));
      if (!d) {
        out.problems.push_back({line, f[k].column, absl::StrCat("\"", AV(f[k].text), "\": the time is not ss's")});
        bad = true;
        break;
      }
      if (*st == scenario::SocketState::kTimeWait || *st == scenario::SocketState::kFinWait2) s.timer = *d;
    }
    if (bad) continue;
    // A FIN-WAIT-2 with no timer, whose process ss names: shut down, not
    // closed (an orphan's runs tcp_fin_timeout: a `timewait` timer, or a
    // `keepalive` one where tcp_fin_timeout passes 60 s, tcp_close).
    if (*st == scenario::SocketState::kFinWait2 && !timer) {
      s.held = process;
      if (!process) untimed_fin_wait2.push_back(out.sockets.size());
    }
    out.sockets.push_back(s);
  }
  if (details > 0) {
    out.problems.push_back({first_detail, 0, absl::StrCat(details, " tab-indented lines of details (ss -i, -m) under "
                                                         "their sockets: portlab does not model them, left out")});
  }
  // ss -o prints every timer a socket has: in its output, a FIN-WAIT-2
  // without one is not an orphan either.
  if (timers_shown) {
    for (size_t i : untimed_fin_wait2) out.sockets[i].held = true;
  }
}

}  // namespace portlab::import
