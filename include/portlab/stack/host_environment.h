// HostEnvironment: what a Host needs from the world around it — the clock,
// a wire to transmit on, timers, and the completions and events it reports
// (a connect() finished, the peer closed, an answer arrived, a segment no
// socket takes). The engine implements it (sim/simulation.h); tests use a
// fake (tests/stack/fake_environment.h). The host keeps no clock and does
// no I/O: everything it does to the world goes through here.
//
// Example:
//   class Env : public HostEnvironment { ... };
//   Env env;
//   Host h("client", {addr}, *FindProfile("linux"), seed, pool, env);
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_HOST_ENVIRONMENT_H_
#define PORTLAB_STACK_HOST_ENVIRONMENT_H_

#include <cstdint>

#include "portlab/base/time.h"
#include "portlab/net/segment.h"
#include "portlab/stack/errno.h"
#include "portlab/stack/failure_cause.h"
#include "portlab/stack/socket.h"
#include "portlab/trace/trace_event.h"

namespace portlab::stack {

// The timers a host arms (HostEnvironment::ArmTimer), handed back to
// Host::OnTimer when they fire.
enum class TimerKind : uint8_t { kSynRetransmit, kCloseAfter, kTimeWaitSweep, kFinWait2 };

class HostEnvironment {
 public:
  virtual ~HostEnvironment() = default;
  virtual SimTime Now() const = 0;
  virtual void Transmit(const net::Segment& segment) = 0;
  // A hint: `segment` is about to be transmitted, so the environment may
  // start loading what routing it will read (a NAT's session slot). Changes
  // nothing observable.
  virtual void PrefetchRoute(const net::Segment& segment) const {}
  virtual void ArmTimer(SimTime at, TimerKind kind, uint32_t socket_index,
                        uint32_t generation) = 0;
  // A TCP connect() that returned kEINPROGRESS reached ESTABLISHED (kOk) or
  // failed (ECONNREFUSED, ETIMEDOUT, ECONNRESET).
  virtual void ConnectFinished(SocketId socket, Errno result) = 0;
  // The peer closed an ESTABLISHED connection the application holds (FIN
  // received, now CLOSE-WAIT): the application may close() its end.
  virtual void PeerClosed(SocketId socket) {}
  // An ICMP destination unreachable named a connected UDP socket: the host
  // has counted `error` among its failures (Linux __udp4_lib_err sets
  // sk_err, which the socket's next call returns), and so may the caller.
  virtual void SocketError(SocketId socket, Errno error, FailureCause cause) {}
  // The answer to a request sent with Host::Request() arrived on `socket`,
  // `waited` after the request, carrying `bytes`. Called from inside
  // Host::Receive(): the environment must not call the host back now.
  virtual void AnswerReceived(SocketId socket, Duration waited, uint32_t bytes) {}
  // A segment arrived that no socket takes (no connection or listener for
  // it, or a firewall rule stopped it), before the host answers it (RST,
  // ICMP port unreachable) or drops it: what a raw socket or a capture on
  // the host sees besides the stack, as a scanner reads its probes'
  // answers. Called from inside Host::Receive(): the environment must not
  // call the host back now.
  virtual void Unclaimed(const net::Segment& segment) {}
  // The trace sink, or nullptr when nobody listens (the host then builds no
  // trace events at all). Read once, when the Host is built.
  virtual trace::TraceSink* trace() = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_HOST_ENVIRONMENT_H_
