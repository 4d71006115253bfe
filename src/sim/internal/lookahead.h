// Lookahead: the engine's hints: which it gives, when, and the helpers that
// give them.
//
// The event loop knows which segments come next, and where they will be
// looked up. Before it runs an event it tells the hosts and NAT boxes those
// segments will reach to start loading the table slots they will read
// (Host::PrefetchDemux / PrefetchTable, NatBox::hints(); base/prefetch.h
// says what a hint is), so that at 10^6 connections a lookup's cache miss
// overlaps the work of the events queued before it. The hints, per event e
// (written out in Simulation::Run with this unit's distances and helpers:
// as a function, even an always-inlined one, GCC compiles the hot loop to
// other code, other registers and block order; written out, the loop keeps
// its code instruction for instruction):
//
//   - the event at the top of the queue, when a delivery: its host's demux
//     slot; at a NAT, its session slot and the inside host's demux slot;
//   - the delivery kDeliverAhead places on (e a delivery): its host's demux
//     slot, or at a NAT its session slot;
//   - the delivery kInsideAhead places on (e a delivery), when to a NAT: the
//     inside host's table (a segment a NAT passes inside reaches its host at
//     once, without the queue, so nothing else loads it);
//   - with kColdHosts hosts or more, the event at the top of the queue when
//     a timer or a workload's (an arrival, a hold's end, a client's close):
//     its host's Host object and link (HostOf; a CGNAT day's subscriber
//     acts a few times a day, so its state is out of every cache: 10^5
//     subscribers' day took 12 % less CPU with it, same output);
//
// and outside the loop, a host about to send (Route: the session slot of
// the NAT in front of it) and a workload about to close a connection
// (Close: the FIN's).
//
// Hints never change what the simulation computes: without any of them
// every output is the same, only a large run is slower. Each earned its
// place in an A/B of whole runs (bench/README.md says how to measure).
// Not thread-safe, as the Simulation it reads.
#ifndef PORTLAB_SIM_INTERNAL_LOOKAHEAD_H_
#define PORTLAB_SIM_INTERNAL_LOOKAHEAD_H_

#include <cstddef>
#include <cstdint>

#include "portlab/net/segment.h"
#include "portlab/sim/event_queue.h"
#include "portlab/sim/simulation.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

class Lookahead {
 public:
  // Deliveries run in the order they were queued: the one this many places
  // on has its slot (at a host) or its session slot (at a NAT) loaded, far
  // enough ahead for the miss to be in by then, near enough that the line
  // is still cached.
  static constexpr size_t kDeliverAhead = 6;
  // A delivery to a NAT this many places on has the inside host's table
  // loaded (its session slot, kDeliverAhead, is in by then).
  static constexpr size_t kInsideAhead = 3;
  // From this many hosts on, their state (a few KiB each) is far beyond the
  // caches: HostOf's hints pay.
  static constexpr size_t kColdHosts = 4096;

  // For delivery `e` to a NAT that will pass it inside: the inside host's
  // demux slot for it (`slot`), else its table's own fields.
  static void InsideHost(const Simulation& sim, const Event& e, bool slot) {
    net::Segment inside;
    if (!sim.nats_[e.target & ~Simulation::kNatRoute]->hints().PeekInside(e.segment, &inside)) return;
    const uint32_t host = sim.RouteTo(inside.dst);
    if (host == Simulation::kNoRoute || (host & Simulation::kNatRoute)) return;
    if (slot) sim.hosts_[host]->PrefetchDemux(inside); else sim.hosts_[host]->PrefetchTable(inside);
  }

  // Host `from` is about to send `seg`: the NAT in front of it, if any,
  // will look it up.
  static void Route(const Simulation& sim, uint32_t from, const net::Segment& seg) {
    if (sim.nats_.empty() || sim.inside_of_[from] < 0) return;
    sim.nats_[sim.inside_of_[from]]->hints().Outbound(seg);
  }

  // Event `e` (at the top of the queue) will run on a host that has likely
  // not been touched for long (a timer, a workload's arrival or hold's end
  // among 10^5 hosts and more): its Host object and its link start loading.
  static void HostOf(const Simulation& sim, const Event& e);

  // A workload is about to close connection `id` of `host`: its FIN's NAT
  // slot loads while the workload's own state is read.
  static void Close(const stack::Host& host, stack::SocketId id) { host.PrefetchClose(id); }
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_LOOKAHEAD_H_
