#include "portlab/import/proc_net_parser.h"

#include <array>
#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

using internal::Field;

// USER_HZ: /proc reports timers in clock ticks of 1/100 s
// (jiffies_delta_to_clock_t).
constexpr Duration kClockTick = Duration::Millis(10);
constexpr size_t kFields = 12;

std::optional<uint64_t> Hex(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return v;
}

// "0100007F:0050" (IPv4, one little-endian word) or 32 hex digits (IPv6,
// four such words) then ":PORT".
std::optional<net::Endpoint> ProcEndpoint(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view addr = s.substr(0, colon);
  std::optional<uint64_t> port = Hex(s.substr(colon + 1));
  if (!port || *port > 65535 || s.size() - colon - 1 != 4) return std::nullopt;
  std::array<uint8_t, 16> bytes{};
  int words = 0;
  if (addr.size() == 8) words = 1;
  else if (addr.size() == 32) words = 4;
  else return std::nullopt;
  for (int w = 0; w < words; ++w) {
    std::optional<uint64_t> v = Hex(addr.substr(w * 8, 8));
    if (!v) return std::nullopt;
    for (int b = 0; b < 4; ++b) bytes[w * 4 + b] = static_cast<uint8_t>(*v >> (8 * b));
  }
  net::Endpoint e;
  e.port = net::Port(static_cast<uint16_t>(*port));
  if (words == 1) {
    e.address = net::IpAddress::V4(uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 | bytes[3]);
  } else {
    e.address = net::IpAddress::V6(bytes);
  }
  return e;
}

std::optional<scenario::SocketState> TcpState(uint64_t st) {
  using S = scenario::SocketState;
  switch (st) {  // include/net/tcp_states.h
    case 0x01: return S::kEstablished;
    case 0x02: return S::kSynSent;
    case 0x03: return S::kSynReceived;
    case 0x04: return S::kFinWait1;
    case 0x05: return S::kFinWait2;
    case 0x06: return S::kTimeWait;
    case 0x08: return S::kCloseWait;
    case 0x09: return S::kLastAck;
    case 0x0A: return S::kListen;
    case 0x0B: return S::kClosing;
    case 0x0C: return S::kSynReceived;  // TCP_NEW_SYN_RECV: a request socket
  }
  return std::nullopt;
}

}  // namespace

void ParseProcNet(std::string_view text, Format format, Snapshot& out) {
  const bool tcp = format == Format::kProcNetTcp;
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<Field> f = internal::SplitFields(lines[i]);
    if (f.empty() || f[0].text == "sl") continue;
    // Every entry has at least 12 fields (net/ipv4/tcp_ipv4.c
    // get_timewait4_sock prints the fewest): fewer is a line cut short.
    if (f.size() < kFields || f[0].text.empty() || f[0].text.back() != ':') {
      out.problems.push_back({line, 1, absl::StrCat("not a whole /proc/net entry (", kFields,
                                                    " fields or more): SL: LOCAL REMOTE ST TX:RX TR:WHEN ...")});
      continue;
    }
    std::optional<net::Endpoint> local = ProcEndpoint(f[1].text);
    if (!local) {
      out.problems.push_back({line, f[1].column, absl::StrCat("\"", AV(f[1].text), "\" is not HEXADDR:HEXPORT")});
      continue;
    }
    std::optional<net::Endpoint> remote = ProcEndpoint(f[2].text);
    if (!remote) {
      out.problems.push_back({line, f[2].column, absl::StrCat("\"", AV(f[2].text), "\" is not HEXADDR:HEXPORT")});
      continue;
    }
    std::optional<uint64_t> st = Hex(f[3].text);
    std::optional<scenario::SocketState> state;
    if (st && tcp) state = TcpState(*st);
    if (st && !tcp && (*st == 0x07 || *st == 0x01)) {
      state = *st == 0x07 ? scenario::SocketState::kUnconnected : scenario::SocketState::kEstablished;
    }
    if (!state) {
      out.problems.push_back({line, f[3].column, absl::StrCat("state \"", AV(f[3].text), "\" is not a ",
                                                               tcp ? "TCP" : "UDP", " state of include/net/tcp_states.h")});
      continue;
    }
    if (out.ip_version == 0) out.ip_version = f[1].text.find(':') == 8 ? 4 : 6;
    ObservedSocket s;
    s.protocol = tcp ? net::Protocol::kTcp : net::Protocol::kUdp;
    s.state = *state;
    s.local = *local;
    s.line = line;
    const bool listens = *state == scenario::SocketState::kListen || *state == scenario::SocketState::kUnconnected;
    if (!listens) s.remote = *remote;
    if (s.remote && !internal::SameFamily(s.local.address, s.remote->address)) {
      out.problems.push_back({line, f[2].column, internal::MixedFamilies(f[1].text, f[2].text)});
      continue;
    }
    // tr:tm->when
    const std::string_view timer = f[5].text;
    const size_t colon = timer.find(':');
    std::optional<uint64_t> tr = colon == std::string_view::npos ? std::nullopt : Hex(timer.substr(0, colon));
    std::optional<uint64_t> when = colon == std::string_view::npos ? std::nullopt : Hex(timer.substr(colon + 1));
    if (!tr || !when) {
      out.problems.push_back({line, f[5].column, absl::StrCat("\"", AV(timer), "\" is not TR:WHEN in hex")});
      continue;
    }
    // The timer: 3 a TIME-WAIT's (an orphaned FIN-WAIT-2 due within
    // TCP_TIMEWAIT_LEN is one, a timewait sock), 2 the keepalive timer an
    // orphaned FIN-WAIT-2 due later runs (tcp_close -> tcp_fin_time); a
    // FIN-WAIT-2 with none is held by its process (shut down, not closed).
    const bool fin_wait2 = *state == scenario::SocketState::kFinWait2;
    if ((*tr == 3 && (*state == scenario::SocketState::kTimeWait || fin_wait2)) || (*tr == 2 && fin_wait2)) {
      s.timer = kClockTick * static_cast<int64_t>(*when);
    }
    if (fin_wait2 && *tr == 0) s.held = true;
    out.sockets.push_back(s);
  }
}

}  // namespace portlab::import
