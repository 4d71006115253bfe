#include "sim/internal/step_runner.h"

#include <algorithm>

#include "portlab/sim/simulation.h"
#include "sim/internal/firewall_rules.h"
#include "sim/internal/workload_runner.h"
#include "sim/internal/socket_options.h"

namespace portlab::sim {

using scenario::StepOp;
using scenario::StepSpec;
using stack::Errno;

StepRunner::StepRunner(Simulation& sim, const scenario::Scenario& scenario)
    : sim_(sim), pending_(sim.hosts_.size()), requesting_(sim.hosts_.size()) {
  results_.reserve(scenario.steps.size());
  for (const StepSpec& step : scenario.steps) {
    StepResult r;
    r.index = step.index;
    r.at = step.at;
    r.host = step.op == StepOp::kNatProbe ? step.nat : step.host;
    r.op = std::string(scenario::StepOpName(step.op));
    if (scenario::IsSocketStep(step.op) || step.op == StepOp::kScan) {
      r.protocol = std::string(net::ProtocolName(step.protocol));
    }
    results_.push_back(std::move(r));
  }
}

void StepRunner::Run(const StepSpec& step) {
  // No host call: Simulation::RunNatProbe, Simulation::RunDnsPoison; the
  // scan engine: ScanRunner.
  if (step.op == StepOp::kNatProbe || step.op == StepOp::kDnsPoison || step.op == StepOp::kScan) return;
  const uint32_t hi = sim_.host_index_.at(step.host);
  switch (step.op) {
    case StepOp::kStart:
    case StepOp::kStop:
      if (step.op == StepOp::kStart) sim_.workloads_->StartByStep(step.workload);
      else sim_.workloads_->StopByStep(step.workload);
      ++results_[step.index].calls;
      ++results_[step.index].ok;
      return;
    case StepOp::kSet:
      RunSet(step, *sim_.hosts_[hi]);
      return;
    case StepOp::kFirewall:
      RunFirewall(step, *sim_.hosts_[hi]);
      return;
    case StepOp::kSend:
      RunSend(step, hi);
      return;
    case StepOp::kBind:
    case StepOp::kListen:
    case StepOp::kConnect:
    case StepOp::kClose:
    case StepOp::kAbort:
      RunSocketStep(step, hi);
      return;
    case StepOp::kNatProbe:
    case StepOp::kDnsPoison:
    case StepOp::kScan:
      return;
  }
}

void StepRunner::RunSet(const StepSpec& step, stack::Host& h) {
  // One call per knob, as a program writing /proc/sys would make.
  StepResult& r = results_[step.index];
  for (const scenario::SysctlSetting& s : step.sysctl) {
    const bool ok = h.SetSysctl(s.name, s.value).ok();
    ++r.calls;
    if (ok) ++r.ok;
    else ++r.errors["EINVAL"];
  }
}

void StepRunner::RunFirewall(const StepSpec& step, stack::Host& h) {
  // One change, as one `nft` command: deleting a rule the host does not
  // have fails as nft's does (ENOENT, "No such file or directory").
  StepResult& r = results_[step.index];
  ++r.calls;
  if (ApplyFirewallChange(*step.firewall, h)) ++r.ok;
  else ++r.errors["ENOENT"];
}

void StepRunner::RunSocketStep(const StepSpec& step, uint32_t hi) {
  stack::Host& h = *sim_.hosts_[hi];
  const net::Endpoint local{step.address.value_or(step.ipv6 ? net::IpAddress::AnyV6()
                                                            : net::IpAddress::AnyV4()),
                            step.port.value_or(net::Port(0))};
  switch (step.op) {
    case StepOp::kBind:
      ForEachSocket(step, hi, [&](stack::SocketId s) {
        Errno e = h.Bind(s, local);
        if (e == Errno::kOk && step.app) h.SetApp(s, ToApp(*step.app));
        return e;
      });
      return;
    case StepOp::kListen:
      ForEachSocket(step, hi, [&](stack::SocketId s) {
        // A new socket binds first when the step names an address or port;
        // otherwise listen() picks an ephemeral port (inet_autobind).
        Errno e = Errno::kOk;
        if (step.sockets.empty() && (step.port || step.address)) e = h.Bind(s, local);
        if (e == Errno::kOk) e = h.Listen(s);
        if (e == Errno::kOk && step.close_after) h.SetCloseAfter(s, *step.close_after);
        if (e == Errno::kOk && step.app) h.SetApp(s, ToApp(*step.app));
        return e;
      });
      return;
    case StepOp::kConnect:
      ForEachSocket(step, hi, [&](stack::SocketId s) {
        Errno e = Errno::kOk;
        if (step.sockets.empty() && step.bind) e = h.Bind(s, *step.bind);
        return e == Errno::kOk ? h.Connect(s, *step.to) : e;
      });
      return;
    case StepOp::kClose:
      ForEachSocket(step, hi, [&](stack::SocketId s) { return h.Close(s); });
      return;
    case StepOp::kAbort:
      ForEachSocket(step, hi, [&](stack::SocketId s) { return h.Abort(s); });
      return;
    default:
      return;
  }
}

void StepRunner::RunSend(const StepSpec& step, uint32_t hi) {
  stack::Host& h = *sim_.hosts_[hi];
  if (step.expect_reply) {
    ForEachSocket(step, hi, [&](stack::SocketId s) {
      // to_sender: where the last answer came from (recvfrom()'s address);
      // none known is a sendto() without one.
      Errno e = step.to_sender ? h.Request(s, step.bytes, h.LastAnswerFrom(s))
                               : h.Request(s, step.bytes, step.to);
      if (e != Errno::kOk) return e;
      stack::ConversationFigures& c = results_[step.index].conversation;
      ++c.requests_sent;
      c.bytes_sent += step.bytes;
      Wait(requesting_[hi], s, step.index);
      return e;
    });
    return;
  }
  ForEachSocket(step, hi, [&](stack::SocketId s) {
    // (Two calls, not a conditional expression: that would copy step.to
    // for every send.)
    if (step.to_sender) return h.Send(s, step.bytes, h.LastAnswerFrom(s));
    return h.Send(s, step.bytes, step.to);
  });
}

template <typename Op>
void StepRunner::ForEachSocket(const StepSpec& step, uint32_t hi, Op&& op) {
  stack::Host& h = *sim_.hosts_[hi];
  if (!step.sockets.empty()) {
    for (const Labelled& l : labels_[step.sockets]) {
      const stack::Socket* sk = h.Get(l.socket);
      if (sk && sk->user_open) Call(step, hi, l.socket, /*fresh=*/false, op);
    }
    return;
  }
  // Looked up once per step, not per socket: a step may make millions.
  std::vector<Labelled>* labelled = step.as.empty() ? nullptr : &labels_[step.as];
  for (int64_t i = 0; i < step.count; ++i) {
    const stack::SocketId s = h.OpenSocket(step.protocol, step.ipv6);
    Call(step, hi, s, /*fresh=*/true, [&](stack::SocketId id) {
      const Errno e = h.SetOptions(id, ToOptionSet(step.options, step.uid));
      return e == Errno::kOk ? op(id) : e;
    });
    const stack::Socket* sk = h.Get(s);
    if (sk && sk->user_open && labelled) labelled->push_back({hi, s});
  }
}

template <typename Op>
Errno StepRunner::Call(const StepSpec& step, uint32_t hi, stack::SocketId s, bool fresh, Op&& op) {
  stack::Host& h = *sim_.hosts_[hi];
  auto port_of = [&](stack::SocketId id) -> uint16_t {
    const stack::Socket* sk = h.Get(id);
    return sk && sk->bound ? sk->local_port : 0;
  };
  const uint16_t before = port_of(s);
  const Errno e = op(s);
  const uint16_t after = port_of(s);
  // A TCP connect in progress finishes in OnConnectFinished; a UDP datagram
  // a connected socket sent may draw an ICMP error later, which
  // OnSocketError counts against the step that last sent on the socket.
  const bool udp_sent = e == Errno::kOk && step.protocol == net::Protocol::kUdp &&
                        (step.op == StepOp::kSend || step.op == StepOp::kConnect);
  if (e == Errno::kEINPROGRESS || udp_sent) Wait(pending_[hi], s, step.index);
  Record(step.index, after ? after : before, e);
  if (e != Errno::kOk && e != Errno::kEINPROGRESS) {
    sim_.NoteFailure(hi, step.protocol, step.index, e, h.last_cause());
  }
  // Only a socket this step made is dropped on failure; labelled ones keep
  // their state (a failed call on a connected socket leaves it connected).
  if (fresh && e != Errno::kOk && e != Errno::kEINPROGRESS) h.Discard(s);
  return e;
}

void StepRunner::Record(int step, uint16_t port, Errno e) {
  StepResult& r = results_[step];
  ++r.calls;
  r.ports.push_back(port);
  if (e == Errno::kOk) ++r.ok;
  else if (e != Errno::kEINPROGRESS) ++r.errors[std::string(stack::ErrnoName(e))];
}

const StepRunner::Pending* StepRunner::Waiting(const std::vector<Pending>& slots,
                                               stack::SocketId s) {
  if (s.index >= slots.size()) return nullptr;
  const Pending& p = slots[s.index];
  return p.step < 0 || p.generation != s.generation ? nullptr : &p;
}

void StepRunner::OnConnectFinished(uint32_t host, stack::SocketId socket, Errno result) {
  const Pending* p = Waiting(pending_[host], socket);
  if (!p) return;
  const int step = p->step;
  StepResult& r = results_[step];
  if (result == Errno::kOk) {
    ++r.ok;
  } else {
    ++r.errors[std::string(stack::ErrnoName(result))];
    sim_.NoteFailure(host, net::Protocol::kTcp, step, result, sim_.hosts_[host]->last_cause());
  }
  pending_[host][socket.index].step = -1;
}

void StepRunner::OnSocketError(uint32_t host, stack::SocketId socket, Errno error,
                               stack::FailureCause cause) {
  // The step whose datagram drew the error counts it, as the host does.
  const Pending* p = Waiting(pending_[host], socket);
  if (!p) return;
  ++results_[p->step].errors[std::string(stack::ErrnoName(error))];
  sim_.NoteFailure(host, net::Protocol::kUdp, p->step, error, cause);
}

void StepRunner::OnAnswer(uint32_t host, stack::SocketId socket, Duration waited, uint32_t bytes) {
  const Pending* p = Waiting(requesting_[host], socket);
  if (!p) return;
  stack::ConversationFigures& c = results_[p->step].conversation;
  c.NoteAnswer(waited.nanos());
  c.bytes_received += bytes;
}

std::vector<std::pair<stack::SocketId, std::string_view>> StepRunner::Labels(uint32_t host) const {
  std::vector<std::pair<stack::SocketId, std::string_view>> out;
  for (const auto& [label, sockets] : labels_) {
    for (const Labelled& l : sockets) {
      if (l.host == host) out.emplace_back(l.socket, label);
    }
  }
  return out;
}

}  // namespace portlab::sim
