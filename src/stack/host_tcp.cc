// TCP on a Host: demultiplexing of arriving segments, the RFC 9293 state
// machine (handshake, data, close, TIME-WAIT), SYN retransmission, and the
// TIME-WAIT FIFO.
//
// Read first: RFC 9293 §3.3.2 (states), §3.10.7 (segment arrives); RFC 1337
// on TIME-WAIT; Linux net/ipv4/tcp_minisocks.c tcp_timewait_state_process.
#include <algorithm>
#include <cstring>

#include "portlab/stack/host.h"
#include "portlab/stack/payload_limits.h"
#include "portlab/stack/tcp_state_machine.h"
#include "portlab/stack/timer_wheel.h"
#include "stack/internal/icmp.h"

namespace portlab::stack {

void Host::SetState(uint32_t index, TcpState state) {
  Socket& s = sockets_[index];
  if (s.state == state) return;
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  if (s.state == TcpState::kEstablished) --f.established;
  if (s.state == TcpState::kTimeWait) --f.time_wait;
  s.state = state;
  if (state == TcpState::kEstablished) ++f.established;
  if (state == TcpState::kTimeWait) {
    ++f.time_wait;
    f.peak_time_wait = std::max(f.peak_time_wait, f.time_wait);
  }
  if (state != TcpState::kClosed) TraceState(index);
}

uint32_t Host::ConnectIsn(const Socket& s) {
  return isn_.ForConnect(pool_.Get(s.local_addr), s.local_port, pool_.Get(s.remote_addr), s.remote_port, env_.Now());
}

uint32_t Host::AcceptIsn(const Socket& s) {
  return isn_.ForAccept(pool_.Get(s.local_addr), s.local_port, pool_.Get(s.remote_addr), s.remote_port, env_.Now());
}

void Host::SendTcp(uint32_t index, uint8_t flags, uint32_t length) {
  Socket& s = sockets_[index];
  net::Segment seg;
  seg.kind = net::SegmentKind::kTcp;
  seg.flags = flags;
  seg.src = s.local_addr;
  seg.dst = s.remote_addr;
  seg.sport = s.local_port;
  seg.dport = s.remote_port;
  // One segment for a send() or an app's answer, cut to what one IP
  // datagram carries (stack/payload_limits.h).
  length = std::min(length, kMaxTcpSegmentPayload);
  seg.length = length;
  // RFC 7323 §3.2: a SYN offers timestamps when the host uses them
  // (tcp_syn_options: net.ipv4.tcp_timestamps); a SYN|ACK only in answer to
  // a SYN that offered them.
  if ((flags & net::kSyn) && ((flags & net::kAck) ? s.timestamps : knobs_->tcp_timestamps)) {
    seg.flags |= net::kTimestamps;
  }
  // RFC 9293 §3.4: a SYN (sent or retransmitted) carries the ISN, SND.NXT
  // - 1; data and a FIN occupy sequence space, so SND.NXT moves past them.
  // (No FIN or data is ever retransmitted here: the links lose nothing.)
  // The ACK field is RCV.NXT whatever the flags, as tcp_transmit_skb fills
  // th->ack_seq; a capture writes it only with ACK set (report/packet_bytes).
  static_assert(net::kSyn == 1 && net::kFin == 4);
  const uint32_t seq = s.snd_nxt - (flags & net::kSyn);
  s.snd_nxt += length + ((flags >> 2) & 1);
  // seq and ack in one store: the event queue copies them as one 8-byte
  // word (sim/event_queue.h), which a single store forwards to.
  const uint64_t numbers = uint64_t{s.rcv_nxt} << 32 | seq;
  std::memcpy(&seg.seq, &numbers, sizeof numbers);
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  ++f.segments_sent;
  f.conversation.bytes_sent += length;
  if (flags & net::kRst) ++f.rst_sent;
  TraceSegment(trace::TraceKind::kSegmentSent, seg, "", index);
  Emit(seg);
}

void Host::SendReset(const net::Segment& in, uint32_t index, bool by_rule) {
  // RFC 9293 §3.10.7.1: a segment for a closed port is answered with RST
  // (RST|ACK for a SYN); a RST is never answered. The numbers as
  // tcp_v4_send_reset makes them: to an ACK, <SEQ=SEG.ACK><CTL=RST>; else
  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, where a SYN and a FIN
  // count in SEG.LEN.
  if (in.flags & net::kRst) return;
  net::Segment seg;
  seg.kind = net::SegmentKind::kTcp;
  seg.flags = (in.flags & net::kAck) ? net::kRst : (net::kRst | net::kAck);
  if (by_rule) seg.flags |= net::kRejectedByRule;
  seg.src = in.dst;
  seg.dst = in.src;
  seg.sport = in.dport;
  seg.dport = in.sport;
  if (in.flags & net::kAck) {
    seg.seq = in.ack;
  } else {
    seg.ack = in.seq + in.length + ((in.flags & net::kSyn) ? 1 : 0) + ((in.flags & net::kFin) ? 1 : 0);
  }
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  ++f.segments_sent;
  ++f.rst_sent;
  TraceSegment(trace::TraceKind::kSegmentSent, seg, "", index);
  Emit(seg);
}

void Host::Receive(const net::Segment& seg) {
  if (filtering_ & kFilterIn) [[unlikely]] {
    if (!AdmitIn(seg)) return;  // host_firewall.cc
  }
  switch (seg.kind) {
    case net::SegmentKind::kTcp: ReceiveTcp(seg); return;
    case net::SegmentKind::kUdp: ReceiveUdp(seg); return;
    case net::SegmentKind::kIcmpPortUnreachable:
    case net::SegmentKind::kIcmpHostUnreachable:
    case net::SegmentKind::kIcmpAdminProhibited:
    case net::SegmentKind::kIcmpNetUnreachable:
      if (seg.inner_protocol == net::Protocol::kTcp) ReceiveTcpIcmp(seg);
      else ReceiveIcmp(seg);
      return;
  }
}

DemuxResult Host::Demux(const net::Segment& seg) const {
  net::Protocol p = seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
  const uint32_t exact = conns(p).Find(ConnKey{seg.dst, seg.src, seg.dport, seg.sport});
  if (exact != kNoSocket) return {DemuxRule::kExact, exact};
  if (p == net::Protocol::kTcp && !((seg.flags & net::kSyn) && !(seg.flags & net::kAck))) return {};
  bool specific = false;
  if (auto l = FindListener(p, seg.dst, seg.dport, seg, &specific)) {
    return {specific ? DemuxRule::kListenerAddress : DemuxRule::kListenerWildcard, *l};
  }
  return {};
}

void Host::ReceiveTcp(const net::Segment& seg) {
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  ++f.segments_received;
  DemuxResult d = Demux(seg);
  uint32_t tw_isn = 0;
  if (d.rule == DemuxRule::kExact) {
    Socket& s = sockets_[d.socket];
    CountDemux(net::Protocol::kTcp, DemuxRule::kExact);
    bool specific = false;
    if (s.state == TcpState::kTimeWait && (seg.flags & net::kSyn) && !(seg.flags & net::kAck) &&
        TimeWaitTakesSyn(s, seg) && FindListener(net::Protocol::kTcp, seg.dst, seg.dport, seg, &specific)) {
      // tcp_timewait_state_process (TCP_TW_SYN): a new SYN on a TIME-WAIT
      // 4-tuple ends the TIME-WAIT and goes to the listener. Otherwise (an
      // old duplicate, or no listener) it falls through to TCP_TW_ACK below.
      TraceSegment(trace::TraceKind::kSegmentReceived, seg, "exact (TIME-WAIT ends)", d.socket, trace::kLookupExact);
      tw_isn = InitialSequence::AfterTimeWait(s.snd_nxt);
      ReleaseSocket(d.socket);
      d = Demux(seg);
    } else {
      TraceSegment(trace::TraceKind::kSegmentReceived, seg, "exact", d.socket, trace::kLookupExact);
      ProcessTcp(d.socket, seg);
      return;
    }
  }
  std::string_view rule = DemuxRuleName(d.rule);
  CountDemux(net::Protocol::kTcp, d.rule);
  // The lookups are worked out only for a sink (LookupsTried is out of line).
  if (trace_) TraceSegmentEvent(trace::TraceKind::kSegmentReceived, seg, rule, d.socket, LookupsTried(d.rule, seg));
  if (d.rule == DemuxRule::kListenerAddress || d.rule == DemuxRule::kListenerWildcard) {
    AcceptSyn(d.socket, seg, tw_isn);
    return;
  }
  env_.Unclaimed(seg);
  if (d.rule == DemuxRule::kFiltered || (d.rule == DemuxRule::kNone && ListenerDrops(seg))) return;
  SendReset(seg);
}

bool Host::ListenerDrops(const net::Segment& seg) const {
  // RFC 9293 §3.10.7.2, LISTEN: a RST is ignored, an ACK is answered with
  // a RST, a SYN starts a connection; anything else (no SYN, ACK or RST: a
  // FIN, a NULL or an Xmas scan's probe) is dropped. Linux: tcp_v4_rcv
  // finds the listener, tcp_rcv_state_process(TCP_LISTEN) discards it.
  if (seg.flags & (net::kSyn | net::kAck | net::kRst)) return false;
  bool specific = false;
  return FindListener(net::Protocol::kTcp, seg.dst, seg.dport, seg, &specific).has_value();
}

bool Host::MakeRoomForPcb() {
  if (knobs_->tcp_pcb_limit <= 0) return true;
  if (static_cast<int64_t>(conns(net::Protocol::kTcp).size()) < knobs_->tcp_pcb_limit) return true;
  // tcp_kill_timewait: the oldest TIME-WAIT goes (the FIFO's front).
  while (!time_wait_queue_.empty()) {
    TimeWaitEntry e = time_wait_queue_.front();
    time_wait_queue_.pop_front();
    const Socket& s = sockets_[e.index];
    if (s.live && s.generation == e.generation && s.state == TcpState::kTimeWait) {
      TraceTimer("TIME-WAIT killed for a new PCB", e.index);
      ReleaseSocket(e.index);
      return true;
    }
  }
  return false;
}

void Host::AcceptSyn(uint32_t listener, const net::Segment& seg, uint32_t isn) {
  // lwIP: no PCB for the new connection drops the SYN.
  if (!MakeRoomForPcb()) return;
  uint32_t index = sockets_.Allocate(net::Protocol::kTcp, sockets_[listener].v6);
  Socket& l = sockets_[listener];
  Socket& c = sockets_[index];
  c.user_open = false;  // owned by the server application, not a step
  c.reuseaddr = l.reuseaddr;  // the child inherits sk_reuse
  c.reuseport = l.reuseport;
  c.uid = l.uid;
  c.app = l.app;  // the server application serves the connection it accepted
  c.parent = listener;
  c.parent_generation = l.generation;
  c.local_addr = seg.dst;
  c.local_port = seg.dport;
  c.remote_addr = seg.src;
  c.remote_port = seg.sport;
  // inet_inherit_port: the child joins the listener's bind bucket.
  c.explicit_bind = true;
  AddOwner(index);
  AddConnection(index);
  SetState(index, TcpState::kSynReceived);
  // tcp_conn_request: IRS from the SYN; the ISN a TIME-WAIT handed over
  // (tcp_tw_isn), else the profile's.
  c.rcv_nxt = seg.seq + 1;
  c.snd_nxt = (isn != 0 ? isn : AcceptIsn(c)) + 1;
  c.timestamps = knobs_->tcp_timestamps && (seg.flags & net::kTimestamps);
  SendTcp(index, net::kSyn | net::kAck);
}

// Inlined into ProcessTcp, its one caller, on every connection's path.
[[gnu::always_inline]] inline bool Host::Accept(uint32_t index) {
  Socket& s = sockets_[index];
  const Socket& l = sockets_[s.parent];
  if (!l.live || l.generation != s.parent_generation || l.state != TcpState::kListen) {
    // The listener closed during the handshake: its request sockets went
    // with it (inet_csk_listen_stop), so the ACK meets no socket.
    SendTcp(index, net::kRst);
    ReleaseSocket(index);
    return false;
  }
  SetState(index, TcpState::kEstablished);
  if (rare_) [[unlikely]] {
    if (const std::optional<Duration> d = rare_->apps.CloseAfter(s.parent)) {
      env_.ArmTimer(env_.Now() + *d, TimerKind::kCloseAfter, index, s.timer_generation);
    }
  }
  return true;
}

void Host::ProcessTcp(uint32_t index, const net::Segment& seg) {
  Socket& s = sockets_[index];
  const TcpOwner owner{s.user_open, s.parent != kNoSocket};
  if (!(seg.flags & net::kRst)) {
    // The links keep order and lose nothing, so every segment a connection
    // takes is the next in sequence (or, a SYN again, the same). In
    // SYN-SENT a TIME-WAIT's ACK also moves RCV.NXT, harmlessly: the
    // SYN|ACK that follows sets it again.
    if (TcpTakesSequence(s.state)) {
      s.rcv_nxt = seg.seq + (seg.flags & net::kSyn) + seg.length + ((seg.flags >> 2) & 1);
    }
    if (seg.length > 0) {
      fig(net::Protocol::kTcp).conversation.bytes_received += seg.length;
      // An app answers (host_app.cc); a socket without one, awaiting
      // nothing, costs this one test.
      if ((s.app != 0 || s.requested) && ReadTcpData(index, seg)) return;
      if (TcpAcksData(s.state) && !(seg.flags & net::kFin)) SendTcp(index, net::kAck);
    }
  }
  TcpArrow arrow = TcpArrowFor(s.state, seg.flags, owner);
  if (arrow == TcpArrow::kAccepted) {
    if (!Accept(index)) return;
    if (!(seg.flags & net::kFin)) return;
    arrow = TcpPeerFinArrow(owner);  // ESTABLISHED's arrow for the FIN
  }
  // Each arrow as tcp_state_machine.h describes it, in the kernel's order
  // (so the traces and counters come out as its events do).
  switch (arrow) {
    case TcpArrow::kNone:
    case TcpArrow::kAccepted:
      return;
    case TcpArrow::kConnected:
      s.timestamps = seg.flags & net::kTimestamps;  // only if our SYN offered them
      SetState(index, TcpState::kEstablished);
      SendTcp(index, net::kAck);
      FinishConnect(index, Errno::kOk);
      return;
    case TcpArrow::kResetStrayAck:
      SendReset(seg, index);
      if (s.syn_transmissions == 1) {
        ++s.timer_generation;
        env_.ArmTimer(KernelTimerExpiry(env_.Now(), profile_.jiffy * 2, profile_.jiffy),
                      TimerKind::kSynRetransmit, index, s.timer_generation);
      }
      return;
    case TcpArrow::kRefused:
      FinishConnect(index, Errno::kECONNREFUSED,
                    (seg.flags & net::kRejectedByRule) ? FailureCause::kRejectedWithReset : FailureCause::kNone);
      return;
    case TcpArrow::kServerAppCloses:
      SetState(index, TcpState::kLastAck);
      SendTcp(index, net::kFin | net::kAck);
      return;
    case TcpArrow::kPeerClosed:
      SetState(index, TcpState::kCloseWait);
      SendTcp(index, net::kAck);
      if (owner.application) env_.PeerClosed(SocketId{index, s.generation});
      return;
    case TcpArrow::kSimultaneousClose:
      SetState(index, TcpState::kClosing);
      SendTcp(index, net::kAck);
      return;
    case TcpArrow::kFinAcked:
      SetState(index, TcpState::kFinWait2);
      if (!owner.application) {
        env_.ArmTimer(KernelTimerExpiry(env_.Now(), knobs_->tcp_fin_timeout, profile_.jiffy),
                      TimerKind::kFinWait2, index, s.timer_generation);
      }
      return;
    case TcpArrow::kAckThenTimeWait:
      SendTcp(index, net::kAck);
      EnterTimeWait(index);
      return;
    case TcpArrow::kTimeWait:
      EnterTimeWait(index);
      return;
    case TcpArrow::kAckAgain:
      SendTcp(index, net::kAck);
      return;
    case TcpArrow::kRelease:
      ReleaseSocket(index);
      return;
  }
}

void Host::ReceiveTcpIcmp(const net::Segment& seg) {
  // tcp_v4_err: a destination unreachable for a connection in SYN-SENT
  // aborts the connect with the code's errno (icmp_err_convert: port ->
  // ECONNREFUSED, host and administratively prohibited -> EHOSTUNREACH);
  // in other states it is a soft error and changes nothing.
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  ++f.segments_received;
  const uint32_t index = conns(net::Protocol::kTcp).Find(IcmpEmbeddedKey(seg));
  if (index == kNoSocket) {
    CountDemux(net::Protocol::kTcp, DemuxRule::kNone);
    TraceSegment(trace::TraceKind::kSegmentReceived, seg, "none", kNoSocket, trace::kLookupExact | trace::kLookupQuoted);
    env_.Unclaimed(seg);
    return;
  }
  CountDemux(net::Protocol::kTcp, DemuxRule::kExact);
  TraceSegment(trace::TraceKind::kSegmentReceived, seg, "exact", index, trace::kLookupExact | trace::kLookupQuoted);
  if (sockets_[index].state != TcpState::kSynSent) return;
  FinishConnect(index, IcmpErrno(seg.kind), IcmpCause(seg.kind));
}

void Host::FinishConnect(uint32_t index, Errno result, FailureCause cause_override) {
  Socket& s = sockets_[index];
  SocketId id{index, s.generation};
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  ++f.calls;
  if (result == Errno::kOk) {
    ++f.successes;
  } else {
    FailureCause cause = result == Errno::kECONNREFUSED ? FailureCause::kRefusedByPeer
                             : result == Errno::kETIMEDOUT  ? FailureCause::kSynTimedOut
                                                            : FailureCause::kConnectionReset;
    if (cause_override != FailureCause::kNone) cause = cause_override;
    ++f.failures[std::string(ErrnoName(result))][std::string(CauseName(cause))];
    last_cause_ = cause;
  }
  if (trace_) {
    trace::TraceEvent e = EventFor(trace::TraceKind::kCallCompleted, index);
    e.what = "connect";
    e.result = result == Errno::kOk ? "ok" : ErrnoName(result);
    trace_->OnEvent(e);
  }
  if (result != Errno::kOk) ReleaseSocket(index);
  env_.ConnectFinished(id, result);
}

void Host::EnterTimeWait(uint32_t index) {
  Socket& s = sockets_[index];
  // FreeBSD nolocaltimewait: no TIME-WAIT when both ends are this host.
  if (knobs_->no_local_time_wait && OwnsAddress(pool_.Get(s.remote_addr))) {
    ReleaseSocket(index);
    return;
  }
  SetState(index, TcpState::kTimeWait);
  int64_t now = env_.Now().nanos();
  s.time_wait_since = now;
  ports(net::Protocol::kTcp).SetDestTimeWait(DestKey{s.local_addr, s.remote_addr, s.remote_port}, s.local_port);
  // The kernel's timer wheel rounds a 60 s timer up to the next boundary of
  // its level (kernel/time/timer.c calc_index): expiry in jiffies is
  // (floor(expires / granularity) + 1) * granularity.
  const int64_t expiry =
      KernelTimerExpiry(env_.Now(), knobs_->time_wait, profile_.jiffy).nanos();
  if (time_wait_queue_.Push({expiry, index, s.generation})) {
    env_.ArmTimer(SimTime::FromNanos(expiry), TimerKind::kTimeWaitSweep, 0, 0);
  }
}

void Host::SweepTimeWait() {
  // Equal TIME-WAIT lengths expire in the order they were entered: a FIFO,
  // no priority queue. Entries recycled early are skipped by generation.
  time_wait_queue_.SweepStarted();
  int64_t now = env_.Now().nanos();
  // A sweep releases every entry of a timer-wheel slot (~2 s of TIME-WAITs
  // at once), each a socket and a connection-table and bind-table slot
  // nowhere near the cache when the host holds many: the loop loads the
  // socket kSocketAhead entries ahead and, once that socket is in, its
  // table slots kTablesAhead ahead, so the misses overlap.
  constexpr size_t kSocketAhead = 16, kTablesAhead = 8;
  const ConnectionTable& tcp_conns = conns(net::Protocol::kTcp);
  const PortTable& tcp_ports = ports(net::Protocol::kTcp);
  while (!time_wait_queue_.empty() && time_wait_queue_.front().expiry_ns <= now) {
    const size_t queued = time_wait_queue_.size();
    if (queued > kSocketAhead) sockets_.prefetch(time_wait_queue_[kSocketAhead].index);
    if (queued > kTablesAhead) {
      const TimeWaitEntry& ahead = time_wait_queue_[kTablesAhead];
      const Socket& s = sockets_[ahead.index];
      if (ahead.expiry_ns <= now && s.generation == ahead.generation && s.state == TcpState::kTimeWait) {
        tcp_conns.Prefetch(KeyOf(s));
        tcp_ports.PrefetchOwner(s.local_port, s.bucket);
      }
    }
    TimeWaitEntry e = time_wait_queue_.front();
    time_wait_queue_.pop_front();
    Socket& s = sockets_[e.index];
    if (!s.live || s.generation != e.generation || s.state != TcpState::kTimeWait) continue;
    if (trace_) {
      trace::TraceEvent ev = EventFor(trace::TraceKind::kTimeWaitExpired, e.index);
      ev.what = "TIME-WAIT expired";
      trace_->OnEvent(ev);
    }
    ReleaseSocket(e.index);
  }
  if (time_wait_queue_.Rearm()) {
    env_.ArmTimer(SimTime::FromNanos(time_wait_queue_.front().expiry_ns),
                  TimerKind::kTimeWaitSweep, 0, 0);
  }
}

void Host::ArmSynTimer(uint32_t index) {
  Socket& s = sockets_[index];
  // tcp_retransmit_timer: TCP_TIMEOUT_INIT, kept while the timeouts so far
  // (total_rto) are at most tcp_syn_linear_timeouts, then doubling, capped
  // at TCP_RTO_MAX (120 s).
  const int timeouts = s.syn_transmissions - 1;
  const int doublings = std::max(0, timeouts - knobs_->tcp_syn_linear_timeouts);
  Duration rto = profile_.initial_rto * (int64_t{1} << std::min(doublings, 7));
  rto = std::min(rto, Duration::Seconds(120));
  env_.ArmTimer(KernelTimerExpiry(env_.Now(), rto, profile_.jiffy), TimerKind::kSynRetransmit, index,
                s.timer_generation);
}

void Host::OnTimer(TimerKind kind, uint32_t index, uint32_t generation) {
  if (kind == TimerKind::kTimeWaitSweep) {
    SweepTimeWait();
    return;
  }
  if (index >= sockets_.size()) return;
  Socket& s = sockets_[index];
  if (!s.live || s.timer_generation != generation) return;
  if (kind == TimerKind::kSynRetransmit) {
    if (s.state != TcpState::kSynSent) return;
    // tcp_write_timeout: SYN-SENT gives up after tcp_syn_retries +
    // tcp_syn_linear_timeouts retransmissions.
    if (s.syn_transmissions - 1 >= knobs_->tcp_syn_retries + knobs_->tcp_syn_linear_timeouts) {
      TraceTimer("SYN retries exhausted", index);
      FinishConnect(index, Errno::kETIMEDOUT);
      return;
    }
    TraceTimer("SYN retransmission", index);
    ++s.syn_transmissions;
    SendTcp(index, net::kSyn);
    ArmSynTimer(index);
    return;
  }
  if (kind == TimerKind::kFinWait2 && s.state == TcpState::kFinWait2) {
    TraceTimer("FIN-WAIT-2 timeout", index);
    ReleaseSocket(index);
    return;
  }
  if (kind == TimerKind::kCloseAfter && s.state == TcpState::kEstablished) {
    TraceTimer("close_after", index);
    SetState(index, TcpState::kFinWait1);
    SendTcp(index, net::kFin | net::kAck);
  }
}

bool Host::CloseAccepted(SocketId id) {
  Socket* s = sockets_.Lookup(id);
  if (!s || s->protocol != net::Protocol::kTcp || s->state != TcpState::kEstablished) return false;
  SetState(id.index, TcpState::kFinWait1);
  SendTcp(id.index, net::kFin | net::kAck);
  return true;
}

std::optional<SocketId> Host::FindConnection(net::Protocol p, net::AddrId local,
                                             uint16_t local_port, net::AddrId remote,
                                             uint16_t remote_port) const {
  const uint32_t index = conns(p).Find(ConnKey{local, remote, local_port, remote_port});
  if (index == kNoSocket) return std::nullopt;
  return SocketId{index, sockets_[index].generation};
}

}  // namespace portlab::stack
