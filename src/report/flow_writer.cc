#include "portlab/report/flow_writer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/report/sweep_writer.h"  // CsvField (RFC 4180)

namespace portlab::report {
namespace {

constexpr const char* kFlowColumns[] = {
    "flow", "start_s", "host", "role", "protocol", "local_address", "local_port", "remote_address", "remote_port",
    "socket", "port_probes", "outcome", "errno", "established_s", "closed_s", "time_wait_end_s",
    "nat_outside_address", "nat_outside_port", "segments_out", "bytes_out", "segments_in", "bytes_in"};

std::string FlowSeconds(SimTime t) {
  const int64_t ns = t.nanos();
  return absl::StrFormat("%d.%09d", ns / 1000000000, ns % 1000000000);
}

std::string FlowSeconds(const std::optional<SimTime>& t) { return t ? FlowSeconds(*t) : std::string(); }

std::string TupleKey(const net::Endpoint& local, const net::Endpoint& remote) {
  return absl::StrCat(local.ToString(), "|", remote.ToString());
}

bool Succeeded(std::string_view result) { return result == "ok" || result == "in progress"; }

}  // namespace

FlowWriter::FlowWriter(std::ostream& out) : out_(out) {
  out_ << absl::StrJoin(kFlowColumns, ",") << "\r\n";
}

FlowWriter::Flow* FlowWriter::Find(const Key& key) {
  auto it = open_.find(key);
  return it == open_.end() ? nullptr : &it->second;
}

FlowWriter::Flow& FlowWriter::Start(const trace::TraceEvent& e, std::string_view role, const net::Endpoint& remote,
                                    const Key& key) {
  if (std::get<2>(key).empty()) EndSocket(e.host, e.socket);  // the id now names a new socket
  Flow f;
  f.id = next_id_++;
  f.start = e.time;
  f.host = std::string(e.host);
  f.role = std::string(role);
  f.protocol = e.flow.protocol;
  f.local = e.flow.local;
  f.remote = remote;
  f.socket = e.socket;
  if (f.role == "connect") by_tuple_[TupleKey(f.local, f.remote)] = key;
  return open_[key] = std::move(f);
}

void FlowWriter::End(const Key& key) {
  auto it = open_.find(key);
  if (it == open_.end()) return;
  by_tuple_.erase(TupleKey(it->second.local, it->second.remote));
  Write(it->second);
  open_.erase(it);
}

void FlowWriter::EndSocket(std::string_view host, int64_t socket) {
  std::vector<Key> ending;
  for (auto it = open_.lower_bound(Key{std::string(host), socket, ""});
       it != open_.end() && std::get<0>(it->first) == host && std::get<1>(it->first) == socket; ++it) {
    ending.push_back(it->first);
  }
  for (const Key& k : ending) End(k);
}

void FlowWriter::OnEvent(const trace::TraceEvent& e) {
  using trace::TraceKind;
  const bool tcp = e.flow.protocol == net::Protocol::kTcp;
  const bool icmp = e.what.substr(0, 4) == "ICMP";
  switch (e.kind) {
    case TraceKind::kCall: {
      if (e.socket < 0) return;
      // The probes of the call that chose the socket's port (a bind(0), a
      // UDP connect() or send() that autobinds), for the rows to come.
      if (Succeeded(e.result) && e.probes > 0) {
        bind_probes_[{std::string(e.host), e.socket}] = e.probes;
        // A send() that autobinds is traced after its datagram: its flow is open.
        for (auto it = open_.lower_bound(Key{std::string(e.host), e.socket, ""});
             it != open_.end() && std::get<0>(it->first) == e.host && std::get<1>(it->first) == e.socket; ++it) {
          if (it->second.probes == 0) it->second.probes = e.probes;
        }
      }
      if (e.what == "connect" && tcp) {
        Flow& f = Start(e, "connect", e.flow.remote, Key{std::string(e.host), e.socket, ""});
        f.probes = e.probes;
        if (f.probes == 0) {
          auto b = bind_probes_.find({std::string(e.host), e.socket});
          if (b != bind_probes_.end()) f.probes = b->second;
        }
        if (!Succeeded(e.result)) {
          f.outcome = "failed";
          f.error = std::string(e.result);
          End(Key{std::string(e.host), e.socket, ""});
        }
        return;
      }
      if (e.what == "close" || e.what == "abort") {
        bind_probes_.erase({std::string(e.host), e.socket});
        if (tcp) {
          if (Flow* f = FindTcp(e.host, e.socket); f && !f->closed) f->closed = e.time;
        } else {
          EndSocket(e.host, e.socket);
        }
      }
      return;
    }
    case TraceKind::kCallCompleted: {
      Flow* f = FindTcp(e.host, e.socket);
      if (!f) return;
      if (e.result == "ok") {
        f->outcome = "established";
        f->established = e.time;
      } else {
        f->outcome = "failed";
        f->error = std::string(e.result);
        End(Key{std::string(e.host), e.socket, ""});
      }
      return;
    }
    case TraceKind::kStateChange: {
      if (e.state == "SYN-RECEIVED") {
        Start(e, "accept", e.flow.remote, Key{std::string(e.host), e.socket, ""});
        return;
      }
      Flow* f = FindTcp(e.host, e.socket);
      if (!f) return;
      if (e.state == "ESTABLISHED" && f->role == "accept") {
        f->outcome = "established";
        f->established = e.time;
      } else if ((e.state == "FIN-WAIT-1" || e.state == "LAST-ACK" || e.state == "CLOSED") && !f->closed) {
        f->closed = e.time;
      }
      return;
    }
    case TraceKind::kTimeWaitExpired: {
      if (Flow* f = FindTcp(e.host, e.socket)) {
        f->time_wait_end = e.time;
        End(Key{std::string(e.host), e.socket, ""});
      }
      return;
    }
    case TraceKind::kSegmentSent:
    case TraceKind::kSegmentReceived: {
      const bool sent = e.kind == TraceKind::kSegmentSent;
      const int64_t socket = sent ? e.socket : e.matched_socket;
      if (socket < 0 || icmp) return;
      Flow* f = nullptr;
      if (tcp) {
        f = FindTcp(e.host, socket);
      } else {
        const Key key{std::string(e.host), socket, e.flow.remote.ToString()};
        f = Find(key);
        if (!f) {
          trace::TraceEvent start = e;
          start.socket = socket;
          f = &Start(start, "udp", e.flow.remote, key);
          f->outcome = "datagrams";
          auto b = bind_probes_.find({std::string(e.host), socket});
          if (b != bind_probes_.end()) f->probes = b->second;
        }
      }
      if (!f) return;
      if (sent) {
        ++f->segments_out;
        f->bytes_out += e.bytes;
      } else {
        ++f->segments_in;
        f->bytes_in += e.bytes;
      }
      return;
    }
    case TraceKind::kNatTranslated: {
      if (e.flow.local == e.translated.local) return;  // inbound
      auto it = by_tuple_.find(TupleKey(e.flow.local, e.flow.remote));
      if (it == by_tuple_.end()) return;
      if (Flow* f = Find(it->second); f && !f->nat_outside) f->nat_outside = e.translated.local;
      return;
    }
    default: return;
  }
}

void FlowWriter::Finish() {
  std::vector<const Flow*> rest;
  for (const auto& [key, f] : open_) rest.push_back(&f);
  std::sort(rest.begin(), rest.end(), [](const Flow* a, const Flow* b) { return a->id < b->id; });
  for (const Flow* f : rest) Write(*f);
  open_.clear();
  by_tuple_.clear();
}

void FlowWriter::Write(const Flow& f) {
  const std::vector<std::string> cells = {
      absl::StrCat(f.id),
      FlowSeconds(f.start),
      CsvField(f.host),
      f.role,
      std::string(net::ProtocolName(f.protocol)),
      f.local.address.ToString(),
      absl::StrCat(f.local.port.value()),
      f.remote.address.ToString(),
      absl::StrCat(f.remote.port.value()),
      absl::StrCat(f.socket),
      absl::StrCat(f.probes),
      f.outcome,
      f.error,
      FlowSeconds(f.established),
      FlowSeconds(f.closed),
      FlowSeconds(f.time_wait_end),
      f.nat_outside ? f.nat_outside->address.ToString() : std::string(),
      f.nat_outside ? absl::StrCat(f.nat_outside->port.value()) : std::string(),
      absl::StrCat(f.segments_out),
      absl::StrCat(f.bytes_out),
      absl::StrCat(f.segments_in),
      absl::StrCat(f.bytes_in)};
  out_ << absl::StrJoin(cells, ",") << "\r\n";
}

}  // namespace portlab::report
