#include "portlab/report/trace_filter.h"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/report/trace_writer.h"

namespace portlab::report {
namespace {

constexpr std::array<std::string_view, 13> kColumnKinds = {
    "mux", "demux", "drop", "fw", "done", "state", "timer", "timewait", "nat", "nat-drop", "nat-map", "nat-probe",
    "segment"};
constexpr std::array<std::string_view, 8> kCallKinds = {"call", "bind",  "listen", "connect",
                                                        "send", "close", "abort",  "set"};

std::string KindList() {
  std::string out;
  for (std::string_view k : kColumnKinds) absl::StrAppend(&out, out.empty() ? "" : ", ", AV(k));
  for (std::string_view k : kCallKinds) absl::StrAppend(&out, ", ", AV(k));
  return out;
}

bool IsSegmentEvent(trace::TraceKind k) {
  switch (k) {
    case trace::TraceKind::kSegmentSent:
    case trace::TraceKind::kSegmentReceived:
    case trace::TraceKind::kSegmentDropped:
    case trace::TraceKind::kFirewallAccepted:
    case trace::TraceKind::kNatTranslated:
    case trace::TraceKind::kNatDropped: return true;
    default: return false;
  }
}

std::string_view ProtoOf(const trace::TraceEvent& e) {
  if (e.what.substr(0, 4) == "ICMP") return "icmp";
  return net::ProtocolName(e.flow.protocol);
}

// Every endpoint the event names: both ends, and a NAT's rewritten ones.
std::array<const net::Endpoint*, 4> EndpointsOf(const trace::TraceEvent& e) {
  return {&e.flow.local, &e.flow.remote, &e.translated.local, &e.translated.remote};
}

// `text` cut at every `sep`; with `skip_empty`, empty pieces are left out.
std::vector<std::string_view> FilterSplit(std::string_view text, std::string_view seps, bool skip_empty) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find_first_of(seps, start);
    const std::string_view piece = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!piece.empty() || !skip_empty) out.push_back(piece);
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

absl::Status BadTerm(std::string_view term, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--trace-filter: '", AV(term), "': ", AV(why)));
}

}  // namespace

absl::StatusOr<TraceFilter> TraceFilter::Parse(std::string_view text) {
  TraceFilter f;
  for (std::string_view term : FilterSplit(text, " \t", /*skip_empty=*/true)) {
    const size_t eq = term.find('=');
    if (eq == std::string_view::npos) return BadTerm(term, "expected KEY=VALUE (host, port, addr, proto, kind)");
    const std::string_view key = term.substr(0, eq);
    const std::string_view values = term.substr(eq + 1);
    Term t;
    if (key == "host") t.key = Key::kHost;
    else if (key == "port") t.key = Key::kPort;
    else if (key == "addr") t.key = Key::kAddr;
    else if (key == "proto") t.key = Key::kProto;
    else if (key == "kind") t.key = Key::kKind;
    else return BadTerm(term, absl::StrCat("unknown key '", AV(key), "' (host, port, addr, proto, kind)"));
    for (std::string_view v : FilterSplit(values, ",", /*skip_empty=*/false)) {
      if (v.empty()) return BadTerm(term, "an empty value");
      switch (t.key) {
        case Key::kHost: t.words.emplace_back(v); break;
        case Key::kProto:
          if (v != "tcp" && v != "udp" && v != "icmp") {
            return BadTerm(term, absl::StrCat("unknown protocol '", AV(v), "' (tcp, udp, icmp)"));
          }
          t.words.emplace_back(v);
          break;
        case Key::kKind:
          if (std::find(kColumnKinds.begin(), kColumnKinds.end(), v) == kColumnKinds.end() &&
              std::find(kCallKinds.begin(), kCallKinds.end(), v) == kCallKinds.end()) {
            return BadTerm(term, absl::StrCat("unknown kind '", AV(v), "' (", KindList(), ")"));
          }
          t.words.emplace_back(v);
          break;
        case Key::kPort: {
          const size_t dash = v.find('-');
          const std::string_view first = v.substr(0, dash);
          const std::string_view second = dash == std::string_view::npos ? first : v.substr(dash + 1);
          uint32_t low = 0, high = 0;
          if (!absl::SimpleAtoi(AV(first), &low) || !absl::SimpleAtoi(AV(second), &high) || low > 65535 ||
              high > 65535 || low > high) {
            return BadTerm(term, absl::StrCat("'", AV(v), "' is not a port or a range N-M of ports (0-65535)"));
          }
          t.ports.push_back({static_cast<uint16_t>(low), static_cast<uint16_t>(high)});
          break;
        }
        case Key::kAddr: {
          absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(v);
          if (!a.ok()) return BadTerm(term, absl::StrCat("'", AV(v), "' is not an IPv4 or IPv6 address"));
          t.addresses.push_back(*a);
          break;
        }
      }
    }
    f.terms_.push_back(std::move(t));
  }
  return f;
}

bool TraceFilter::Matches(const trace::TraceEvent& e) const {
  for (const Term& t : terms_) {
    if (!Holds(t, e)) return false;
  }
  return true;
}

bool TraceFilter::Holds(const Term& t, const trace::TraceEvent& e) const {
  switch (t.key) {
    case Key::kHost: return std::find(t.words.begin(), t.words.end(), e.host) != t.words.end();
    case Key::kProto: return std::find(t.words.begin(), t.words.end(), ProtoOf(e)) != t.words.end();
    case Key::kKind: {
      const std::string_view column = TraceKindColumn(e);
      for (const std::string& w : t.words) {
        if (w == column) return true;
        if (w == "call" && e.kind == trace::TraceKind::kCall) return true;
        if (w == "segment" && IsSegmentEvent(e.kind)) return true;
      }
      return false;
    }
    case Key::kPort:
      for (const net::Endpoint* ep : EndpointsOf(e)) {
        if (ep->port.is_zero()) continue;
        for (const Range& r : t.ports) {
          if (ep->port.value() >= r.low && ep->port.value() <= r.high) return true;
        }
      }
      return false;
    case Key::kAddr:
      for (const net::Endpoint* ep : EndpointsOf(e)) {
        if (ep->port.is_zero() && ep->address.IsUnspecified()) continue;  // not set
        for (const net::IpAddress& a : t.addresses) {
          if (ep->address == a) return true;
        }
      }
      return false;
  }
  return false;
}

}  // namespace portlab::report
