// Applications on a Host's sockets (stack/app.h) and the requests its
// clients send awaiting an answer: what each does with a segment; the books
// (which app, what is awaited, answers given) are HostApps
// (stack/host_apps.h), in the host's rare state.
//
// A request is a TCP data segment or a UDP datagram; an app answers it at
// once with one segment or datagram from the socket it reached (or, for
// from_new_port, from a new socket) to its sender, so the answer's ports are
// the request's swapped and the client demultiplexes it by the usual rules.
// A TCP answer carries the acknowledgement of the request, as a Linux
// server's reply does when it is written before the delayed ACK fires
// (tcp_send_delayed_ack: the ACK rides on the data, RFC 1122 §4.2.3.2).
#include <algorithm>

#include "portlab/stack/host.h"

namespace portlab::stack {

Errno Host::SetApp(SocketId id, const App& app) {
  Socket* s = sockets_.Lookup(id);
  if (!s) return Errno::kEBADF;
  if (app.from_new_port && s->protocol != net::Protocol::kUdp) return Errno::kEINVAL;
  const uint16_t index = rare().apps.Intern(app);
  if (index == 0) return Errno::kENOMEM;
  s->app = index;
  return Errno::kOk;
}

const App* Host::AppOf(SocketId id) const {
  const Socket* s = sockets_.Lookup(id);
  return s && s->app != 0 ? &rare_->apps.app(s->app) : nullptr;
}

Errno Host::Request(SocketId id, int64_t bytes, const std::optional<net::Endpoint>& to) {
  const Errno e = Send(id, bytes, to);
  if (e != Errno::kOk) return e;
  Socket& s = sockets_[id.index];
  s.requested = true;
  rare().apps.NoteRequest(id.index, env_.Now().nanos());
  ++fig(s.protocol).conversation.requests_sent;
  return e;
}

std::optional<net::Endpoint> Host::LastAnswerFrom(SocketId id) const {
  const Socket* s = sockets_.Lookup(id);
  if (!s || !s->requested) return std::nullopt;
  const auto from = rare_->apps.LastAnswerFrom(id.index);
  if (!from) return std::nullopt;
  return EndpointOf(from->first, from->second);
}

bool Host::NoteAnswer(uint32_t index, const net::Segment& seg) {
  Socket& s = sockets_[index];
  const std::optional<int64_t> sent = rare_->apps.NoteAnswer(index, seg.src, seg.sport);
  if (!sent) return false;  // nothing awaited: data, not an answer
  const Duration waited = Duration::Nanos(env_.Now().nanos() - *sent);
  fig(s.protocol).conversation.NoteAnswer(waited.nanos());
  env_.AnswerReceived(SocketId{index, s.generation}, waited, seg.length);
  return true;
}

bool Host::ReadTcpData(uint32_t index, const net::Segment& seg) {
  Socket& s = sockets_[index];
  // An answer to this socket's own request is not a request to its app
  // (two echo apps would otherwise answer each other for ever).
  const bool answer_to_us = s.requested && NoteAnswer(index, seg);
  // Only a request on an open connection is answered: a segment that also
  // opens or ends one goes through the state machine as before.
  if (answer_to_us || s.app == 0 || s.state != TcpState::kEstablished ||
      (seg.flags & (net::kSyn | net::kFin | net::kRst))) {
    return false;
  }
  const App app = rare_->apps.app(s.app);
  ConversationFigures& c = fig(net::Protocol::kTcp).conversation;
  ++c.requests_received;
  std::optional<uint32_t> answer = AnswerBytes(app, seg.length);
  // Its answers given, the app reads this request and closes.
  const bool last = answer && !rare_->apps.TakeAnswer(index, app);
  if (last) answer.reset();
  if (answer && *answer > 0) {
    ++c.responses_sent;
    SendTcp(index, net::kPsh | net::kAck, *answer);
  } else {
    SendTcp(index, net::kAck);
  }
  // The server application closes once it has answered: it becomes the
  // active closer (TIME-WAIT on the server), as an HTTP/1.0 server does.
  if ((app.close || last) && s.parent != kNoSocket && !s.user_open) {
    SetState(index, TcpState::kFinWait1);
    SendTcp(index, net::kFin | net::kAck);
  }
  return true;
}

void Host::ReadDatagram(uint32_t index, const net::Segment& req) {
  // An answer to this socket's own request is not a request to its app.
  if (sockets_[index].requested && NoteAnswer(index, req)) return;
  if (sockets_[index].app == 0) return;
  const App app = rare_->apps.app(sockets_[index].app);
  stack::ProtocolFigures& f = fig(net::Protocol::kUdp);
  ++f.conversation.requests_received;
  const std::optional<uint32_t> answer = AnswerBytes(app, req.length);
  uint32_t from = index;
  if (answer && app.from_new_port) {
    from = OpenTransferSocket(index, req);
    if (from == kNoSocket) return;  // no port left: the request goes unanswered
  }
  // The socket that answers counts its answers (a server answering from
  // new ports hands that to each transfer socket); its answers given, it
  // reads this request and closes (RFC 1350 §6: the ACK of the last block
  // ends a TFTP transfer).
  const bool last = answer && !rare_->apps.TakeAnswer(from, app);
  if (answer && !last) {
    // To the sender, from the address the request reached (a server bound
    // to the wildcard answers from the address it was asked on).
    net::Segment seg;
    seg.kind = net::SegmentKind::kUdp;
    seg.src = req.dst;
    seg.dst = req.src;
    seg.sport = sockets_[from].local_port;
    seg.dport = req.sport;
    seg.length = *answer;
    ++f.segments_sent;
    ++f.conversation.responses_sent;
    f.conversation.bytes_sent += seg.length;
    TraceSegment(trace::TraceKind::kSegmentSent, seg, "", from);
    Emit(seg);
  }
  if (app.close || last) {
    sockets_[from].user_open = false;
    TraceCall("close", from, Errno::kOk);
    ReleaseSocket(from);
  }
}

uint32_t Host::OpenTransferSocket(uint32_t server, const net::Segment& request) {
  const uint32_t index = sockets_.Allocate(net::Protocol::kUdp, sockets_[server].v6);
  Socket& t = sockets_[index];
  const Socket& s = sockets_[server];
  t.user_open = false;  // the server application's, not a step's
  t.uid = s.uid;
  // RFC 1350 §4: the server picks a new TID (port) for the transfer; it
  // binds the address the request reached, as in.tftpd does.
  t.local_addr = request.dst;
  App app = rare_->apps.app(s.app);
  app.from_new_port = false;
  t.app = rare_->apps.Intern(app);
  if (const Errno e = SelectBindPort(index, /*explicit_bind=*/false); e != Errno::kOk) {
    TraceCall("bind", index, e);
    Free(index);
    return kNoSocket;
  }
  AddListener(index);
  TraceCall("bind", index, Errno::kOk);
  return index;
}

}  // namespace portlab::stack
