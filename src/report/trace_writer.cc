#include "portlab/report/trace_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/net/service_names.h"
#include "portlab/report/trace_filter.h"

namespace portlab::report {
namespace {

// Service names only for system ports (RFC 6335 §6), to keep lines short.
constexpr uint16_t kNamedPortLimit = 1024;
// Width of a call's target ("tcp -> 10.0.0.2:8080") before its result.
constexpr int kCallTargetWidth = 22;

bool IsSet(const net::Endpoint& e) {
  return !e.port.is_zero() || !e.address.IsUnspecified();
}

std::string EndpointText(const net::Endpoint& e, net::Protocol protocol) {
  std::string text = e.ToString();
  if (!e.port.is_zero() && e.port.value() < kNamedPortLimit) {
    std::string_view name = net::ServiceName(e.port, protocol);
    if (!name.empty()) text += absl::StrFormat(" (%s)", name);
  }
  return text;
}

// "A -> B" from `from` to `to`.
std::string Path(const net::Endpoint& from, const net::Endpoint& to,
                 net::Protocol protocol) {
  return absl::StrCat(EndpointText(from, protocol), " -> ",
                      EndpointText(to, protocol));
}

// "12.000000001": whole seconds right-aligned, exact nanoseconds.
std::string TimeText(SimTime t) {
  const int64_t ns = t.nanos();
  return absl::StrFormat("%4d.%09d", ns / 1000000000, ns % 1000000000);
}

std::string Sock(int64_t socket) { return absl::StrFormat("sock %d", socket); }

std::string Bytes(int64_t bytes) {
  return bytes > 0 ? absl::StrFormat("  %d bytes", bytes) : "";
}

std::string ResultText(std::string_view result) {
  return result.empty() ? std::string("-") : std::string(result);
}

std::string CallDetails(const trace::TraceEvent& e) {
  const net::Protocol p = e.flow.protocol;
  std::string target;
  if (e.what != "set") target = std::string(net::ProtocolName(p));
  const bool to_remote = IsSet(e.flow.remote);
  if (to_remote) {
    absl::StrAppend(&target, " -> ", EndpointText(e.flow.remote, p));
  } else if (IsSet(e.flow.local)) {
    absl::StrAppend(&target, " ", EndpointText(e.flow.local, p));
  }
  std::string line =
      absl::StrFormat("%-*s  %s", kCallTargetWidth, target, ResultText(e.result));
  if (to_remote && !e.flow.local.port.is_zero()) {
    absl::StrAppend(&line, "  local ", EndpointText(e.flow.local, p));
  }
  if (e.socket >= 0) absl::StrAppend(&line, "  ", Sock(e.socket));
  absl::StrAppend(&line, Bytes(e.bytes));
  if (e.probes > 0) {
    absl::StrAppend(&line, absl::StrFormat("  (%d probe%s)", e.probes,
                                           e.probes == 1 ? "" : "s"));
  }
  return line;
}

std::string CallCompletedDetails(const trace::TraceEvent& e) {
  std::string line = absl::StrFormat(
      "%-8s %s %s  %s", e.what, net::ProtocolName(e.flow.protocol),
      Path(e.flow.local, e.flow.remote, e.flow.protocol), ResultText(e.result));
  if (e.socket >= 0) absl::StrAppend(&line, "  ", Sock(e.socket));
  return line;
}

std::string SentDetails(const trace::TraceEvent& e) {
  std::string line =
      absl::StrFormat("%-8s %s%s", e.what,
                      Path(e.flow.local, e.flow.remote, e.flow.protocol),
                      Bytes(e.bytes));
  absl::StrAppend(&line, e.socket >= 0                 ? "  from " + Sock(e.socket)
                        : e.result == trace::kRawProbe ? std::string("  raw socket (a scan's probe)")
                                                       : std::string("  no socket"));
  if (e.result == trace::kViaLoopback) absl::StrAppend(&line, "  via lo (stays on this host)");
  if (e.result == trace::kBroadcast) absl::StrAppend(&line, "  broadcast (to every host of the link)");
  return line;
}

std::string ReceivedDetails(const trace::TraceEvent& e) {
  std::string line =
      absl::StrFormat("%-8s %s%s  %s", e.what,
                      Path(e.flow.remote, e.flow.local, e.flow.protocol),
                      Bytes(e.bytes), ResultText(e.result));
  if (e.matched_socket >= 0) {
    absl::StrAppend(&line, " ",
                    EndpointText(e.matched_local, e.flow.protocol), " -> ",
                    Sock(e.matched_socket));
  }
  return line;
}

std::string DroppedDetails(const trace::TraceEvent& e) {
  // A firewall drops on arrival: show the segment's direction of travel.
  const bool on_arrival = e.result == "filtered";
  const std::string path =
      on_arrival ? Path(e.flow.remote, e.flow.local, e.flow.protocol)
                 : Path(e.flow.local, e.flow.remote, e.flow.protocol);
  return absl::StrFormat("%-8s %s%s  %s", e.what, path, Bytes(e.bytes),
                         ResultText(e.result));
}

// "SYN      10.0.0.1:40000 -> 10.0.0.2:80 (http)  accepted (rule 2) on input"
std::string FirewallDetails(const trace::TraceEvent& e) {
  const bool in = e.state == "input";
  const std::string path = in ? Path(e.flow.remote, e.flow.local, e.flow.protocol)
                              : Path(e.flow.local, e.flow.remote, e.flow.protocol);
  return absl::StrFormat("%-8s %s%s  %s on %s", e.what, path, Bytes(e.bytes), ResultText(e.result),
                         e.state);
}

std::string StateDetails(const trace::TraceEvent& e) {
  return absl::StrFormat("%s  %s", Sock(e.socket), e.state);
}

std::string TimerDetails(const trace::TraceEvent& e) {
  std::string line(e.what);
  if (e.socket >= 0) absl::StrAppend(&line, "  ", Sock(e.socket));
  if (IsSet(e.flow.local) || IsSet(e.flow.remote)) {
    absl::StrAppend(&line, "  ",
                    Path(e.flow.local, e.flow.remote, e.flow.protocol));
  }
  return line;
}

std::string TimeWaitDetails(const trace::TraceEvent& e) {
  std::string line =
      absl::StrFormat("expired  %s %s", net::ProtocolName(e.flow.protocol),
                      Path(e.flow.local, e.flow.remote, e.flow.protocol));
  if (e.socket >= 0) absl::StrAppend(&line, "  ", Sock(e.socket));
  return line;
}

// "SYN  192.168.1.100:52341 -> 93.184.216.34:80  =>  203.0.113.1:61234 -> 93.184.216.34:80  out"
std::string NatDetails(const trace::TraceEvent& e) {
  const net::Protocol p = e.flow.protocol;
  return absl::StrFormat("%-8s %s  =>  %s  %s", e.what, Path(e.flow.local, e.flow.remote, p),
                         Path(e.translated.local, e.translated.remote, p), ResultText(e.result));
}

std::string NatDropDetails(const trace::TraceEvent& e) {
  return absl::StrFormat("%-8s %s  %s (%s)", e.what, Path(e.flow.local, e.flow.remote, e.flow.protocol),
                         ResultText(e.result), e.state);
}

// "mapping created  tcp 192.168.1.100:52341 = 203.0.113.1:61234"
std::string NatMappingDetails(const trace::TraceEvent& e) {
  const net::Protocol p = e.flow.protocol;
  return absl::StrFormat("%s %s  %s %s = %s", e.what, ResultText(e.result), net::ProtocolName(p),
                         EndpointText(e.flow.local, p), EndpointText(e.flow.remote, p));
}

}  // namespace

std::string_view TraceKindColumn(const trace::TraceEvent& e) {
  switch (e.kind) {
    case trace::TraceKind::kCall: return e.what;
    case trace::TraceKind::kCallCompleted: return "done";
    case trace::TraceKind::kSegmentSent: return "mux";
    case trace::TraceKind::kSegmentReceived: return "demux";
    case trace::TraceKind::kSegmentDropped: return "drop";
    case trace::TraceKind::kStateChange: return "state";
    case trace::TraceKind::kTimer: return "timer";
    case trace::TraceKind::kTimeWaitExpired: return "timewait";
    case trace::TraceKind::kNatTranslated: return "nat";
    case trace::TraceKind::kNatDropped: return "nat-drop";
    case trace::TraceKind::kNatMappingCreated:
    case trace::TraceKind::kNatMappingExpired: return "nat-map";
    case trace::TraceKind::kNatProbe: return "nat-probe";
    case trace::TraceKind::kFirewallAccepted: return "fw";
  }
  return "";
}

TraceWriter::TraceWriter(std::ostream& out, int host_width)
    : out_(out), host_width_(host_width) {}

void TraceWriter::OnEvent(const trace::TraceEvent& event) {
  ++events_;
  if (filter_ && !filter_->Matches(event)) return;
  out_ << absl::StrFormat("%-6s ", absl::StrCat("#", events_)) << FormatLine(event) << "\n";
}

std::string TraceDetails(const trace::TraceEvent& e) {
  std::string details;
  switch (e.kind) {
    case trace::TraceKind::kCall: details = CallDetails(e); break;
    case trace::TraceKind::kCallCompleted: details = CallCompletedDetails(e); break;
    case trace::TraceKind::kSegmentSent: details = SentDetails(e); break;
    case trace::TraceKind::kSegmentReceived: details = ReceivedDetails(e); break;
    case trace::TraceKind::kSegmentDropped: details = DroppedDetails(e); break;
    case trace::TraceKind::kStateChange: details = StateDetails(e); break;
    case trace::TraceKind::kTimer: details = TimerDetails(e); break;
    case trace::TraceKind::kTimeWaitExpired: details = TimeWaitDetails(e); break;
    case trace::TraceKind::kNatTranslated: details = NatDetails(e); break;
    case trace::TraceKind::kNatDropped: details = NatDropDetails(e); break;
    case trace::TraceKind::kNatMappingCreated:
    case trace::TraceKind::kNatMappingExpired: details = NatMappingDetails(e); break;
    case trace::TraceKind::kNatProbe: details = std::string(e.what); break;
    case trace::TraceKind::kFirewallAccepted: details = FirewallDetails(e); break;
  }
  return details;
}

std::string TraceWriter::FormatLine(const trace::TraceEvent& e) const {
  const std::string details = TraceDetails(e);
  const std::string_view kind = TraceKindColumn(e);
  std::string line = absl::StrFormat("%s  %-*s  %-8s  %s", TimeText(e.time),
                                     host_width_, e.host, kind, details);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace portlab::report
