#include "sim/internal/scan_runner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/sim/simulation.h"
#include "sim/internal/step_runner.h"

namespace portlab::sim {

using scenario::ScanType;

namespace {

// nmap's first source port for raw probes: 33000 + a random number below
// 31000 (NmapOps.cc, magic_port), each try one above the last.
constexpr uint32_t kBasePortLow = 33000;
constexpr uint32_t kBasePortSpan = 31000;

uint8_t ProbeFlags(ScanType t) {
  // nmap's probes (scan_engine_raw.cc sendIPScanProbe, scan_lists): -sS a
  // SYN, -sA an ACK, -sF a FIN, -sN none, -sX FIN|PSH|URG.
  switch (t) {
    case ScanType::kSyn: return net::kSyn;
    case ScanType::kAck: return net::kAck;
    case ScanType::kFin: return net::kFin;
    case ScanType::kNull: return 0;
    case ScanType::kXmas: return net::kFin | net::kPsh | net::kUrg;
    case ScanType::kConnect:
    case ScanType::kUdp: break;
  }
  return 0;
}

}  // namespace

int ScanRunner::IndexOf(const Scan& s, uint16_t port) {
  const std::vector<uint16_t>& ports = s.step->scan->ports;
  auto it = std::lower_bound(ports.begin(), ports.end(), port);
  return it != ports.end() && *it == port ? static_cast<int>(it - ports.begin()) : -1;
}

void ScanRunner::Start(const scenario::StepSpec& step) {
  const scenario::ScanSpec& spec = *step.scan;
  Scan s;
  s.step = &step;
  s.host = sim_.host_index_.at(step.host);
  stack::Host& h = *sim_.hosts_[s.host];
  s.dst = sim_.pool_.Intern(spec.target);
  // The source the route gives (nmap asks the routing table too); a host
  // without a route still sends from its first address of the family.
  s.src = h.routes().RouteSource(spec.target);
  if (s.src == stack::kNoRoute || s.src == stack::kNetUnreachable) {
    for (const net::IpAddress& a : h.addresses()) {
      if (a.is_v4() == spec.target.is_v4()) {
        s.src = sim_.pool_.Intern(a);
        break;
      }
    }
  }
  Rng rng(DeriveSeed(seed_, absl::StrCat("scan:", step.index)));
  s.base_port = static_cast<uint16_t>(kBasePortLow + rng.Below(kBasePortSpan));
  s.base_seq = rng.Next32();
  s.probe_ack = rng.Next32() | 1;
  s.probes.resize(spec.ports.size());
  s.unjudged = spec.ports.size();
  const uint32_t index = static_cast<uint32_t>(scans_.size());
  scans_.push_back(std::move(s));
  // rate: one first probe every 1/rate s; none: all of them now, in order.
  const int64_t gap_ns =
      spec.timing.rate > 0 ? std::max<int64_t>(1, static_cast<int64_t>(1e9 / spec.timing.rate)) : 0;
  for (uint32_t i = 0; i < spec.ports.size(); ++i) {
    Schedule(sim_.now_ + Duration::Nanos(gap_ns * i), ScanAction::kSend, index, i, 0);
  }
}

void ScanRunner::Schedule(SimTime at, ScanAction action, uint32_t scan, uint32_t port_index,
                          uint32_t tryno) {
  sim_.queue_.PushTimer(at.nanos(), EventType::kScan, static_cast<uint8_t>(action), scan,
                        {port_index, tryno});
}

void ScanRunner::OnEvent(ScanAction action, uint32_t scan, uint32_t port_index, uint32_t tryno) {
  Scan& s = scans_[scan];
  Probe& p = s.probes[port_index];
  stack::Host& h = *sim_.hosts_[s.host];
  switch (action) {
    case ScanAction::kSend:
      if (!p.done) Send(scan, port_index);
      return;
    case ScanAction::kAbort:
      h.Abort(p.socket);
      return;
    case ScanAction::kTimeout:
      // A later try, or a verdict, has overtaken this timeout.
      if (p.done || p.tries != tryno + 1) return;
      if (p.connecting) {
        connecting_.erase(uint64_t{s.host} << 32 | p.socket.index);
        p.connecting = false;
        h.Abort(p.socket);
      }
      if (static_cast<int>(tryno) < s.step->scan->timing.retries) {
        Send(scan, port_index);
      } else {
        Judge(s, port_index, VerdictOfSilence(s.step->scan->type));
      }
      return;
  }
}

void ScanRunner::Send(uint32_t scan, uint32_t port_index) {
  Scan& s = scans_[scan];
  Probe& p = s.probes[port_index];
  const scenario::ScanSpec& spec = *s.step->scan;
  const uint8_t tryno = p.tries++;
  ++s.probes_sent;
  ++sim_.steps_->result(s.step->index).calls;
  Schedule(sim_.now_ + spec.timing.timeout, ScanAction::kTimeout, scan, port_index, tryno);
  if (spec.type != ScanType::kConnect) {
    SendRaw(s, port_index, tryno);
    return;
  }
  stack::Host& h = *sim_.hosts_[s.host];
  const stack::SocketId socket = h.OpenSocket(net::Protocol::kTcp, !spec.target.is_v4());
  const stack::Errno e =
      h.Connect(socket, net::Endpoint{spec.target, net::Port(spec.ports[port_index])});
  if (e == stack::Errno::kEINPROGRESS) {
    p.socket = socket;
    p.connecting = true;
    connecting_[uint64_t{s.host} << 32 | socket.index] = {scan, port_index};
    return;
  }
  // Refused at once (no route, no port): the socket is the program's to drop.
  h.Discard(socket);
  if (std::optional<PortVerdict> v = VerdictOfConnect(e)) Judge(s, port_index, *v);
}

void ScanRunner::SendRaw(Scan& s, uint32_t port_index, uint8_t tryno) {
  const scenario::ScanSpec& spec = *s.step->scan;
  net::Segment seg;
  seg.src = s.src;
  seg.dst = s.dst;
  seg.sport = static_cast<uint16_t>(s.base_port + tryno);
  seg.dport = spec.ports[port_index];
  if (spec.type == ScanType::kUdp) {
    // An empty datagram (nmap adds a payload only for the ports
    // nmap-payloads knows; portlab's apps answer any datagram).
    seg.kind = net::SegmentKind::kUdp;
  } else {
    seg.kind = net::SegmentKind::kTcp;
    seg.flags = ProbeFlags(spec.type);
    seg.seq = ProbeSeq(s, port_index, tryno);
    if (seg.flags & net::kAck) seg.ack = s.probe_ack;
  }
  if (sim_.trace_) {
    const std::string label = net::SegmentLabel(seg);
    trace::TraceEvent e;
    e.time = sim_.now_;
    e.kind = trace::TraceKind::kSegmentSent;
    e.host = s.step->host;
    e.what = label;
    e.result = trace::kRawProbe;
    e.flow.protocol = scenario::ScanProtocol(spec.type);
    e.flow.local = net::Endpoint{sim_.pool_.Get(seg.src), net::Port(seg.sport)};
    e.flow.remote = net::Endpoint{spec.target, net::Port(seg.dport)};
    sim_.trace_->OnEvent(e);
  }
  sim_.Transmit(s.host, seg);
}

void ScanRunner::Judge(Scan& s, uint32_t port_index, PortVerdict v) {
  Probe& p = s.probes[port_index];
  if (p.done) return;
  p.done = true;
  p.verdict = v;
  if (v.reason != scenario::ScanReason::kNoResponse) ++sim_.steps_->result(s.step->index).ok;
  if (--s.unjudged == 0) s.finished = sim_.now_;
}

void ScanRunner::Unclaimed(uint32_t host, const net::Segment& seg) {
  for (Scan& s : scans_) {
    if (s.host != host || s.unjudged == 0) continue;
    const ScanType type = s.step->scan->type;
    if (type == ScanType::kConnect || seg.dst != s.src) continue;
    // The probe an answer is about: its port, and the try its source port
    // names (nmap's probe matching, get_pcap_result).
    uint16_t port = 0, our_port = 0;
    if (net::IsIcmp(seg.kind)) {
      // The quoted probe: ours (sport) to the target's port (dport).
      if (seg.inner_dst != s.dst || seg.inner_protocol != scenario::ScanProtocol(type)) continue;
      port = seg.dport;
      our_port = seg.sport;
    } else {
      if (seg.src != s.dst) continue;
      port = seg.sport;
      our_port = seg.dport;
    }
    const int index = IndexOf(s, port);
    if (index < 0) continue;
    Probe& p = s.probes[index];
    const uint32_t tryno = static_cast<uint16_t>(our_port - s.base_port);
    if (p.done || tryno >= p.tries) continue;
    // An ICMP error about a TCP probe must quote that probe's sequence
    // number (nmap checks th_seq).
    if (net::IsIcmp(seg.kind) && seg.inner_protocol == net::Protocol::kTcp &&
        seg.seq != ProbeSeq(s, index, tryno)) {
      continue;
    }
    if (std::optional<PortVerdict> v = VerdictOfAnswer(type, seg, seg.src == s.dst)) {
      Judge(s, index, *v);
    }
    return;
  }
}

bool ScanRunner::OnConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result) {
  auto it = connecting_.find(uint64_t{host} << 32 | socket.index);
  if (it == connecting_.end()) return false;
  const auto [scan, port_index] = it->second;
  Scan& s = scans_[scan];
  Probe& p = s.probes[port_index];
  if (p.socket.generation != socket.generation) return false;
  connecting_.erase(it);
  p.connecting = false;
  // Connected: nmap closes at once with SO_LINGER 0 (a RST); the host is
  // not called back from inside its own receive path, so a moment later.
  if (result == stack::Errno::kOk) Schedule(sim_.now_, ScanAction::kAbort, scan, port_index, 0);
  if (std::optional<PortVerdict> v = VerdictOfConnect(result)) Judge(s, port_index, *v);
  return true;
}

std::vector<ScanResult> ScanRunner::Results() const {
  std::vector<ScanResult> out;
  for (const Scan& s : scans_) {
    const scenario::ScanSpec& spec = *s.step->scan;
    ScanResult r;
    r.step = s.step->index;
    r.at = s.step->at;
    r.host = s.step->host;
    r.source = sim_.pool_.Get(s.src).ToString();
    r.target = spec.target.ToString();
    r.type = spec.type;
    r.probes_sent = s.probes_sent;
    r.finished = s.finished;
    for (size_t i = 0; i < spec.ports.size(); ++i) {
      const Probe& p = s.probes[i];
      if (!p.done) {
        ++r.unfinished;
        continue;
      }
      r.ports.push_back(ScanPortResult{spec.ports[i], p.verdict.state, p.verdict.reason, p.tries});
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace portlab::sim
