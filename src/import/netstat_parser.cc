#include "portlab/import/netstat_parser.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

using internal::Field;
using scenario::SocketState;

// The width net-tools' netstat gives an ADDRESS:PORT without -W.
constexpr size_t kNetstatColumn = 23;

// Every system's spelling of a TCP state; nullopt for CLOSED and the unknown.
std::optional<SocketState> NetstatState(std::string_view s) {
  std::string t = absl::AsciiStrToUpper(AV(s));
  for (char& c : t) c = c == '_' ? '-' : c;
  if (t == "LISTENING") return SocketState::kListen;
  if (t == "FIN-WAIT1") return SocketState::kFinWait1;
  if (t == "FIN-WAIT2") return SocketState::kFinWait2;
  if (t == "SYN-RECEIVED" || t == "SYN-RCVD") return SocketState::kSynReceived;
  if (t == "UNCONN") return std::nullopt;
  return scenario::ParseSocketState(t);
}

// macOS: "192.168.1.5.52345", "*.22", "*.*", "fe80::1%lo0.123".
std::optional<internal::ParsedEndpoint> DotEndpoint(std::string_view text, bool v6_wildcard) {
  const size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view host = text.substr(0, dot);
  const std::string_view port = text.substr(dot + 1);
  internal::ParsedEndpoint out;
  if (port == "*") {
    out.any_port = true;
  } else {
    int p = 0;
    if (!absl::SimpleAtoi(AV(port), &p) || p < 0 || p > 65535) return std::nullopt;
    out.endpoint.port = net::Port(static_cast<uint16_t>(p));
  }
  if (const size_t pct = host.find('%'); pct != std::string_view::npos) host = host.substr(0, pct);
  if (host == "*") {
    out.endpoint.address = v6_wildcard ? net::IpAddress::AnyV6() : net::IpAddress::AnyV4();
    return out;
  }
  absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(host);
  if (!a.ok()) return std::nullopt;
  out.endpoint.address = *a;
  return out;
}

}  // namespace

void ParseNetstat(std::string_view text, Format format, Snapshot& out) {
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  int unix_from = 0;  // the UNIX section's first line, while in it
  auto end_unix = [&](int last) {
    if (unix_from == 0) return;
    out.problems.push_back({unix_from, 0, absl::StrCat("lines ", unix_from, "-", last,
                                                       ": UNIX domain sockets, which portlab does not model, left out")});
    unix_from = 0;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<Field> f = internal::SplitFields(lines[i]);
    if (f.empty()) continue;
    if (f[0].text == "Active") {
      end_unix(line - 1);
      if (f.size() > 1 && f[1].text == "UNIX") unix_from = line;
      continue;
    }
    if (unix_from != 0) continue;
    if (f[0].text == "Proto") continue;
    const std::string proto = absl::AsciiStrToLower(AV(f[0].text));
    const bool tcp = proto.substr(0, 3) == "tcp";
    if (!tcp && proto.substr(0, 3) != "udp") {
      out.problems.push_back({line, 1, absl::StrCat("\"", AV(f[0].text), "\" is not tcp or udp")});
      continue;
    }
    // Windows: PROTO LOCAL FOREIGN [STATE]; the others: PROTO RECV-Q SEND-Q LOCAL FOREIGN [STATE].
    const size_t at = format == Format::kNetstatWindows ? 1 : 3;
    if (f.size() < at + 2) {
      out.problems.push_back({line, 1, "not a netstat socket line: PROTO ... LOCAL FOREIGN [STATE]"});
      continue;
    }
    const bool v6_wildcard = proto == "tcp6" || proto == "udp6" || proto == "tcp46" || proto == "udp46";
    auto endpoint = [&](std::string_view t) {
      return format == Format::kNetstatMacos ? DotEndpoint(t, v6_wildcard) : internal::ParseColonEndpoint(t);
    };
    // net-tools' netstat without -W cuts an address so that it and its
    // port fit 23 columns (netstat.c: `if (strlen(addr) + strlen(port) >
    // 22) addr[22 - strlen(port)] = 0`): an IPv6 end of exactly 23
    // characters may have lost digits, and a cut address is another
    // address. Such a line is not read.
    if (format == Format::kNetstatLinux) {
      const Field* cut = nullptr;
      for (const Field* e : {&f[at], &f[at + 1]}) {
        if (!cut && e->text.size() == kNetstatColumn && e->text.find(':') != e->text.rfind(':')) cut = e;
      }
      if (cut) {
        out.problems.push_back({line, cut->column, absl::StrCat("\"", AV(cut->text), "\" fills netstat's ", kNetstatColumn,
                                                                 " columns: its address may be cut short (netstat -anW, "
                                                                 "ss or /proc/net/tcp6 print it whole)")});
        continue;
      }
    }
    std::optional<internal::ParsedEndpoint> local = endpoint(f[at].text);
    std::optional<internal::ParsedEndpoint> remote = endpoint(f[at + 1].text);
    if (!local || local->any_port) {
      out.problems.push_back({line, f[at].column, absl::StrCat("\"", AV(f[at].text), "\" is not a local address and port")});
      continue;
    }
    if (!remote) {
      out.problems.push_back({line, f[at + 1].column, absl::StrCat("\"", AV(f[at + 1].text), "\" is not a foreign address and port")});
      continue;
    }
    // Windows writes a listener's foreign end as 0.0.0.0:0.
    const bool no_remote = remote->any_port || remote->endpoint.port.value() == 0;
    ObservedSocket s;
    s.protocol = tcp ? net::Protocol::kTcp : net::Protocol::kUdp;
    s.local = local->endpoint;
    s.line = line;
    if (tcp) {
      if (f.size() < at + 3) {
        out.problems.push_back({line, 1, "a TCP line without its state"});
        continue;
      }
      const Field& st = f[at + 2];
      std::optional<SocketState> state = NetstatState(st.text);
      if (!state) {
        const bool closed = absl::AsciiStrToUpper(AV(st.text)).substr(0, 5) == "CLOSE" && st.text.size() <= 6;
        out.problems.push_back({line, st.column, closed ? std::string("a CLOSED socket holds no port: left out")
                                                        : absl::StrCat("\"", AV(st.text), "\" is not a TCP state")});
        continue;
      }
      s.state = *state;
    } else {
      s.state = no_remote ? SocketState::kUnconnected : SocketState::kEstablished;
    }
    const bool listens = s.state == SocketState::kListen || s.state == SocketState::kUnconnected;
    if (!listens) {
      if (no_remote) {
        out.problems.push_back({line, f[at + 1].column, absl::StrCat(AV(scenario::SocketStateName(s.state)), " without a peer")});
        continue;
      }
      s.remote = remote->endpoint;
      if (!internal::SameFamily(s.local.address, s.remote->address)) {
        out.problems.push_back({line, f[at + 1].column, internal::MixedFamilies(f[at].text, f[at + 1].text)});
        continue;
      }
    }
    out.sockets.push_back(s);
  }
  end_unix(static_cast<int>(lines.size()));
}

}  // namespace portlab::import
