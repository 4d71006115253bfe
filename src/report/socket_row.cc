#include "portlab/report/socket_row.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "portlab/stack/app.h"

namespace portlab::report {
namespace {

SsState StateOf(const stack::Socket& s) {
  if (s.protocol == net::Protocol::kUdp) return s.connected ? SsState::kEstablished : SsState::kClose;
  switch (s.state) {
    case stack::TcpState::kClosed: return SsState::kClose;
    case stack::TcpState::kListen: return SsState::kListen;
    case stack::TcpState::kSynSent: return SsState::kSynSent;
    case stack::TcpState::kSynReceived: return SsState::kSynRecv;
    case stack::TcpState::kEstablished: return SsState::kEstablished;
    case stack::TcpState::kFinWait1: return SsState::kFinWait1;
    case stack::TcpState::kFinWait2: return SsState::kFinWait2;
    case stack::TcpState::kCloseWait: return SsState::kCloseWait;
    case stack::TcpState::kClosing: return SsState::kClosing;
    case stack::TcpState::kLastAck: return SsState::kLastAck;
    case stack::TcpState::kTimeWait: return SsState::kTimeWait;
  }
  return SsState::kUnknown;
}

// A socket a service answers on: a TCP listener, or a UDP socket its
// program bound and left unconnected (a client's UDP socket is autobound by
// its first sendto() or connect()).
bool IsService(const stack::Socket& s) {
  if (s.protocol == net::Protocol::kTcp) return s.state == stack::TcpState::kListen;
  return s.explicit_bind && !s.connected;
}

}  // namespace

std::string_view SsStateName(SsState s) {
  // iproute2 misc/ss.c sstate_name.
  switch (s) {
    case SsState::kUnknown: return "UNKNOWN";
    case SsState::kEstablished: return "ESTAB";
    case SsState::kSynSent: return "SYN-SENT";
    case SsState::kSynRecv: return "SYN-RECV";
    case SsState::kFinWait1: return "FIN-WAIT-1";
    case SsState::kFinWait2: return "FIN-WAIT-2";
    case SsState::kTimeWait: return "TIME-WAIT";
    case SsState::kClose: return "UNCONN";
    case SsState::kCloseWait: return "CLOSE-WAIT";
    case SsState::kLastAck: return "LAST-ACK";
    case SsState::kListen: return "LISTEN";
    case SsState::kClosing: return "CLOSING";
  }
  return "UNKNOWN";
}

std::string_view NetstatStateName(SsState s, net::Protocol p) {
  // net-tools netstat.c: udp_do_one prints ESTABLISHED for a connected UDP
  // socket and nothing for an unconnected one; tcp_do_one prints tcp_state[].
  if (p == net::Protocol::kUdp) return s == SsState::kEstablished ? "ESTABLISHED" : "";
  switch (s) {
    case SsState::kUnknown: return "";
    case SsState::kEstablished: return "ESTABLISHED";
    case SsState::kSynSent: return "SYN_SENT";
    case SsState::kSynRecv: return "SYN_RECV";
    case SsState::kFinWait1: return "FIN_WAIT1";
    case SsState::kFinWait2: return "FIN_WAIT2";
    case SsState::kTimeWait: return "TIME_WAIT";
    case SsState::kClose: return "CLOSE";
    case SsState::kCloseWait: return "CLOSE_WAIT";
    case SsState::kLastAck: return "LAST_ACK";
    case SsState::kListen: return "LISTEN";
    case SsState::kClosing: return "CLOSING";
  }
  return "";
}

std::string_view IanaRangeLabel(net::Port p) {
  if (net::kSystemPorts.Contains(p)) return "well-known";
  if (net::kUserPorts.Contains(p)) return "registered";
  return "dynamic";
}

std::string ProcessText(const TableRow& row) {
  if (row.application.empty()) return row.label.empty() ? "-" : row.label;
  if (row.label.empty()) return row.application;
  return absl::StrCat(row.label, " (", row.application, ")");
}

std::vector<TableRow> TableRows(
    const stack::Host& host,
    const std::vector<std::pair<stack::SocketId, std::string_view>>& labels) {
  // By slot and generation: a slot reused by a later step's socket keeps
  // both labels apart.
  absl::flat_hash_map<std::pair<uint32_t, uint32_t>, std::string_view> label_of;
  for (const auto& [id, label] : labels) label_of[{id.index, id.generation}] = label;
  auto find_label = [&](uint32_t index, uint32_t generation) -> std::string_view {
    auto it = label_of.find(std::pair{index, generation});
    return it != label_of.end() ? it->second : std::string_view();
  };

  const std::vector<stack::SocketRow> sockets = host.SocketTable();
  absl::flat_hash_set<std::pair<int, uint16_t>> service_ports;
  for (const stack::SocketRow& r : sockets) {
    const stack::Socket* s = host.Get(r.id);
    if (s && IsService(*s)) service_ports.insert({static_cast<int>(s->protocol), s->local_port});
  }
  std::vector<TableRow> rows;
  rows.reserve(sockets.size());
  for (const stack::SocketRow& r : sockets) {
    const stack::Socket* s = host.Get(r.id);
    if (!s) continue;  // SocketTable lists live sockets only
    TableRow row;
    row.socket = r;
    row.state = StateOf(*s);
    row.v6 = s->v6;
    row.v6only = s->v6only;
    row.accepted = s->parent != stack::kNoSocket;
    row.service_port = service_ports.contains({static_cast<int>(s->protocol), s->local_port});
    // A TIME-WAIT socket belongs to no process any more (Linux keeps a
    // bare inet_timewait_sock; `ss -p` and `netstat -p` show none).
    if (s->state != stack::TcpState::kTimeWait) {
      // An accepted connection runs its listener's app (Host::AcceptSyn).
      if (const stack::App* app = host.AppOf(r.id)) row.application = stack::AppDescription(*app);
      std::string_view label = find_label(r.id.index, r.id.generation);
      if (label.empty() && row.accepted) label = find_label(s->parent, s->parent_generation);
      row.label = std::string(label);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace portlab::report
