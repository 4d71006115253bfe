#include "scenario/internal/socket_parser.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kSocketKeys[] = {"proto", "state", "local", "ports",
                                             "remote", "timer", "count"};

absl::StatusOr<uint16_t> PortNumber(absl::string_view text) {
  int n = 0;
  if (!absl::SimpleAtoi(text, &n) || n < 1 || n > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a port from 1 to 65535"));
  }
  return static_cast<uint16_t>(n);
}

absl::StatusOr<PresetSocketSpec> ParseSocket(const NodeReader& r, const YAML::Node& node) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "sockets entry", kSocketKeys));
  PresetSocketSpec s;
  s.location = r.Locate(node);
  if (const MapFields::Entry* p = f.Find("proto")) {
    SCENARIO_ASSIGN_OR_RETURN(s.protocol, r.ReadProtocol(p->value, "proto"));
  }
  const MapFields::Entry* state = f.Find("state");
  if (state == nullptr) {
    return r.ErrorAt(node, "sockets entry needs state: (LISTEN, ESTAB, TIME-WAIT, ... as ss prints it)");
  }
  SCENARIO_ASSIGN_OR_RETURN(std::string state_name, r.ReadString(state->value, "state"));
  std::optional<SocketState> st = ParseSocketState(state_name);
  const bool tcp = s.protocol == net::Protocol::kTcp;
  if (!st || (tcp && *st == SocketState::kUnconnected) ||
      (!tcp && *st != SocketState::kUnconnected && *st != SocketState::kEstablished)) {
    return r.ErrorAt(state->value,
                     absl::StrCat("state: ", Quote(state_name), " is not a ", tcp ? "TCP" : "UDP", " state; ",
                                  tcp ? "LISTEN, SYN-SENT, SYN-RECV, ESTAB, FIN-WAIT-1, FIN-WAIT-2, "
                                        "CLOSE-WAIT, CLOSING, LAST-ACK or TIME-WAIT"
                                      : "UNCONN (bound) or ESTAB (connected)"));
  }
  s.state = *st;
  const MapFields::Entry* local = f.Find("local");
  if (local == nullptr) return r.ErrorAt(node, "sockets entry needs local: (\"ADDR:PORT\", or ADDR with ports:)");
  const MapFields::Entry* ports = f.Find("ports");
  if (ports == nullptr) {
    SCENARIO_ASSIGN_OR_RETURN(net::Endpoint e, r.ReadEndpoint(local->value, "local"));
    if (e.port.value() == 0) return r.ErrorAt(local->value, "local: the port must be 1 to 65535");
    s.local = e.address;
    s.ports.push_back({e.port.value(), e.port.value()});
  } else {
    SCENARIO_ASSIGN_OR_RETURN(s.local, r.ReadAddress(local->value, "local (an address, since ports: gives the ports)"));
    SCENARIO_ASSIGN_OR_RETURN(std::string text, r.ReadString(ports->value, "ports"));
    absl::StatusOr<std::vector<PresetSocketSpec::PortSpan>> spans = ParseSocketPorts(text);
    if (!spans.ok()) return r.ErrorAt(ports->value, absl::StrCat("ports: ", spans.status().message()));
    s.ports = *std::move(spans);
  }
  s.count = CountPorts(s.ports);
  const bool listens = s.state == SocketState::kListen || s.state == SocketState::kUnconnected;
  const MapFields::Entry* remote = f.Find("remote");
  if (remote != nullptr) {
    if (listens) {
      return r.ErrorAt(remote->key_node, absl::StrCat("remote: a ", AV(SocketStateName(s.state)),
                                                      " socket has no remote end"));
    }
    SCENARIO_ASSIGN_OR_RETURN(net::Endpoint e, r.ReadEndpoint(remote->value, "remote"));
    if (e.port.value() == 0) return r.ErrorAt(remote->value, "remote: the port must be 1 to 65535");
    if (e.address.is_v4() != s.local.is_v4() && !s.local.IsUnspecified()) {
      return r.ErrorAt(remote->value, "remote: not the family of local:");
    }
    s.remote = e;
  } else if (!listens) {
    return r.ErrorAt(node, absl::StrCat("sockets entry: ", AV(SocketStateName(s.state)), " needs remote: \"ADDR:PORT\""));
  }
  if (const MapFields::Entry* t = f.Find("timer")) {
    if (s.state != SocketState::kTimeWait && s.state != SocketState::kFinWait2) {
      return r.ErrorAt(t->key_node, "timer: only a TIME-WAIT or FIN-WAIT-2 entry has one (the time left on it)");
    }
    // `none`: a FIN-WAIT-2 its application still holds (it called
    // shutdown(), not close()): only an orphan's runs tcp_fin_timeout
    // (net/ipv4/tcp_input.c tcp_rcv_state_process, FIN_WAIT1: a socket
    // not SOCK_DEAD gets no timer), and ss -o shows it none.
    if (t->value.IsScalar() && t->value.Scalar() == "none") {
      if (s.state != SocketState::kFinWait2) {
        return r.ErrorAt(t->value, "timer: none is for a FIN-WAIT-2 its application holds (shut down, not closed)");
      }
      s.held_by_application = true;
    } else {
      SCENARIO_ASSIGN_OR_RETURN(s.timer, r.ReadDuration(t->value, "timer"));
    }
  }
  SCENARIO_RETURN_IF_ERROR(CheckPortCount(r, f, s.count));
  return s;
}

}  // namespace

int64_t CountPorts(const std::vector<PresetSocketSpec::PortSpan>& spans) {
  int64_t n = 0;
  for (const PresetSocketSpec::PortSpan& p : spans) n += p.hi - p.lo + 1;
  return n;
}

absl::Status CheckPortCount(const NodeReader& r, const MapFields& f, int64_t count) {
  const MapFields::Entry* c = f.Find("count");
  if (c == nullptr) return absl::OkStatus();
  SCENARIO_ASSIGN_OR_RETURN(int64_t n, r.ReadInt(c->value, "count", 1, 65535));
  if (n == count) return absl::OkStatus();
  return r.ErrorAt(c->value,
                   absl::StrCat("count: ", n, ", but the entry lists ", count, count == 1 ? " port" : " ports"));
}

absl::StatusOr<std::vector<PresetSocketSpec::PortSpan>> ParseSocketPorts(absl::string_view text) {
  std::vector<PresetSocketSpec::PortSpan> out;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    piece = absl::StripAsciiWhitespace(piece);
    PresetSocketSpec::PortSpan span;
    const size_t dash = piece.find('-');
    if (dash == absl::string_view::npos) {
      absl::StatusOr<uint16_t> p = PortNumber(piece);
      if (!p.ok()) return p.status();
      span = {*p, *p};
    } else {
      absl::StatusOr<uint16_t> lo = PortNumber(absl::StripAsciiWhitespace(piece.substr(0, dash)));
      if (!lo.ok()) return lo.status();
      absl::StatusOr<uint16_t> hi = PortNumber(absl::StripAsciiWhitespace(piece.substr(dash + 1)));
      if (!hi.ok()) return hi.status();
      if (*lo > *hi) return absl::InvalidArgumentError(absl::StrCat("\"", piece, "\" runs backwards"));
      span = {*lo, *hi};
    }
    if (!out.empty() && span.lo <= out.back().hi) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", piece, "\" is not above the port before it (list ports ascending, once each)"));
    }
    out.push_back(span);
  }
  return out;
}

absl::StatusOr<std::vector<PresetSocketSpec>> ParseSockets(const NodeReader& reader,
                                                           const YAML::Node& node) {
  SCENARIO_RETURN_IF_ERROR(reader.RequireList(node, "sockets"));
  std::vector<PresetSocketSpec> out;
  for (YAML::Node entry : node) {
    // Each entry's error is reported and the next entry read.
    absl::StatusOr<PresetSocketSpec> s = ParseSocket(reader, entry);
    if (s.ok()) {
      out.push_back(*std::move(s));
    } else {
      reader.Report(s.status());
    }
  }
  return out;
}

}  // namespace portlab::scenario::internal
