#include "sim/internal/workload_runner.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/exponential.h"
#include "portlab/base/known_names.h"
#include "portlab/base/strings.h"
#include "portlab/sim/port_capacity.h"
#include "portlab/sim/simulation.h"
#include "sim/internal/host_groups.h"
#include "sim/internal/lookahead.h"
#include "sim/internal/series_recorder.h"
#include "sim/internal/socket_options.h"

namespace portlab::sim {
namespace {

using scenario::WorkloadSpec;

constexpr double kNever = std::numeric_limits<double>::infinity();
static_assert(static_cast<int>(WorkloadAction::kHoldEnd) == 2, "EventQueue's hold-end lane");
// A pool asks for sockets up front; refuse pools that together would need
// more than the steps' socket limit (~4 GiB of tables).
constexpr int64_t kMaxPoolSockets = 20'000'000;
// ok_rate buckets (one per simulated second) stop growing here (48 days).
constexpr size_t kMaxSecondBuckets = size_t{1} << 22;

}  // namespace

int64_t WorkloadRunner::ClientsBehind(int32_t n, const WorkloadSpec& self, std::vector<std::string>* others) const {
  std::vector<bool> seen;
  int64_t count = 0;
  for (const WorkloadSpec& o : scenario_.workloads) {
    const std::vector<uint32_t>& clients = sim_.WorkloadClients(o.index);
    count += sim_.HostsBehindNat(clients, n, &seen);
    if (&o != &self && sim_.HostsBehindNat(clients, n) > 0) others->push_back(o.name);
  }
  return count;
}

WorkloadRunner::WorkloadRunner(Simulation& sim, const scenario::Scenario& scenario, uint64_t seed)
    : sim_(sim), scenario_(scenario) {
  tallies_.resize(scenario.workloads.size());
  tags_.resize(sim.hosts_.size());
  for (const WorkloadSpec& w : scenario.workloads) AddSources(w, seed);
}

bool WorkloadRunner::SharesGroupSources(const WorkloadSpec& w) {
  return w.arrivals == WorkloadSpec::Arrivals::kPoisson && w.limit == 0 && w.pool == 0 &&
         w.to.size() == 1;
}

void WorkloadRunner::AddSources(const WorkloadSpec& w, uint64_t seed) {
  const uint32_t workload = static_cast<uint32_t>(w.index);
  const std::vector<uint32_t>& clients = sim_.WorkloadClients(w.index);
  const bool shares = SharesGroupSources(w);
  const HostGroups& groups = *sim_.groups_;
  for (size_t i = 0; i < clients.size();) {
    const uint32_t first = clients[i];
    // The run of members of one group at consecutive host indices, when
    // the workload lets a group share a source.
    size_t n = 1;
    const uint32_t unit = groups.unit(first);
    if (shares && groups.is_group(unit)) {
      while (i + n < clients.size() && clients[i + n] == first + n && groups.unit(first + n) == unit) ++n;
    }
    const std::string& name = sim_.hosts_[first]->name();
    const std::string key = n == 1 ? absl::StrCat("workload:", w.name, ":", name)
                                   : absl::StrCat("workload:", w.name, ":", name, "*", n);
    sources_.emplace_back(workload, first, static_cast<uint32_t>(n), DeriveSeed(seed, key));
    sources_.back().next_client = first;
    i += n;
  }
}

absl::Status WorkloadRunner::Check() const {
  int64_t pooled = 0;
  for (const WorkloadSpec& w : scenario_.workloads) {
    // A name no host has was left out of the workload's clients: the
    // first such is reported.
    if (sim_.WorkloadClients(w.index).size() < w.from.size()) {
      for (const std::string& name : w.from) {
        if (!sim_.host_index_.contains(name)) {
          return absl::InvalidArgumentError(
              absl::StrCat(w.location.ToString(), ": no host named \"", name, "\"",
                           NearestName(name, scenario_.hosts)));
        }
      }
    }
    pooled += w.pool * static_cast<int64_t>(w.from.size());
    if (pooled > kMaxPoolSockets) {
      return absl::ResourceExhaustedError(absl::StrCat(
          w.location.ToString(), ": the pools so far keep ", pooled,
          " connections open; portlab refuses more than ", kMaxPoolSockets,
          " (huge requests are refused)"));
    }
  }
  return absl::OkStatus();
}

void WorkloadRunner::Push(SimTime at, WorkloadAction a, uint32_t target, uint32_t socket,
                          uint32_t gen) {
  sim_.queue_.PushTimer(at.nanos(), EventType::kWorkload, static_cast<uint8_t>(a), target, {socket, gen});
}

void WorkloadRunner::Schedule() {
  for (uint32_t i = 0; i < sources_.size(); ++i) {
    const WorkloadSpec& w = spec(sources_[i]);
    if (!w.waits_for_step) Push(w.start, WorkloadAction::kBegin, i);
  }
}

void WorkloadRunner::StartByStep(const std::string& workload) {
  for (uint32_t i = 0; i < sources_.size(); ++i) {
    if (spec(sources_[i]).name == workload && !sources_[i].active && !sources_[i].done) Begin(i);
  }
}

void WorkloadRunner::StopByStep(const std::string& workload) {
  for (uint32_t i = 0; i < sources_.size(); ++i) {
    if (spec(sources_[i]).name != workload) continue;
    Source& s = sources_[i];
    if (s.done) continue;
    s.active = false;
    s.done = true;
    tallies_[s.workload].ended = sim_.now_;
  }
}

void WorkloadRunner::Begin(uint32_t source) {
  Source& s = sources_[source];
  const WorkloadSpec& w = spec(s);
  if (w.stop && sim_.now_ >= *w.stop) {
    s.done = true;
    return;
  }
  s.active = true;
  s.began = sim_.now_;
  Tally& t = tallies_[s.workload];
  if (!t.began || sim_.now_ < *t.began) t.began = sim_.now_;
  if (w.stop) Push(*w.stop, WorkloadAction::kStop, source);
  if (w.pool > 0) {
    FillPool(source);
    return;
  }
  // Fixed arrivals: the k-th at cumulative intensity k (the first at once);
  // Poisson: unit-exponential steps of it.
  // A group's source: the members' superposed process, N times the rate.
  s.target = w.arrivals == WorkloadSpec::Arrivals::kPoisson ? ExponentialDraw(s.rng) : 0;
  ScheduleNextArrival(source);
}

void WorkloadRunner::ScheduleNextArrival(uint32_t source) {
  Source& s = sources_[source];
  const WorkloadSpec& w = spec(s);
  // Out of arrivals: the workload ran until its stop: (or, stopped by
  // count: or a dying ramp, until now).
  auto finish = [&](SimTime end) {
    s.active = false;
    s.done = true;
    Tally& t = tallies_[s.workload];
    if (!t.ended || *t.ended < end) t.ended = end;
  };
  if (w.limit > 0 && s.made >= w.limit) return finish(sim_.now_);
  // The intensity integrates rate(t) = r0 + (r1 - r0) t / T over [0, tau];
  // solve for the tau where it reaches the target.
  const double members = s.members;
  const double r0 = w.rate * members, r1 = w.rate_end.value_or(w.rate) * members;
  double tau = kNever;
  if (s.target == 0) {
    tau = 0;  // the first fixed arrival, at the start (even of a ramp from 0)
  } else if (r1 == r0) {
    tau = s.target / r0;
  } else {
    const double span = (*w.stop - s.began).seconds();
    const double a = (r1 - r0) / (2 * span);
    const double disc = r0 * r0 + 4 * a * s.target;
    if (disc >= 0 && r0 + std::sqrt(disc) > 0) tau = 2 * s.target / (r0 + std::sqrt(disc));
  }
  if (!std::isfinite(tau) || tau > 1e9) return finish(w.stop.value_or(sim_.now_));
  SimTime at = s.began + Duration::Nanos(static_cast<int64_t>(std::llround(tau * 1e9)));
  if (at < sim_.now_) at = sim_.now_;
  if (w.stop && at >= *w.stop) return finish(*w.stop);
  // A group's arrival belongs to a member drawn uniformly.
  if (s.members > 1) s.next_client = s.host + s.rng.Below(s.members);
  Push(at, WorkloadAction::kArrival, source);
}

void WorkloadRunner::OnEvent(WorkloadAction action, uint32_t target, uint32_t socket,
                             uint32_t generation) {
  // A hold's end and a client's close name the client host (a group's one
  // source serves many members); the other actions name the source.
  switch (action) {
    case WorkloadAction::kHoldEnd:
      return HoldEnd(target, stack::SocketId{socket, generation});
    case WorkloadAction::kClientClose:
      return ClientClose(target, stack::SocketId{socket, generation});
    case WorkloadAction::kBegin:
      if (!sources_[target].active && !sources_[target].done) Begin(target);
      return;
    case WorkloadAction::kArrival: {
      Source& s = sources_[target];
      if (!s.active) return;
      const WorkloadSpec& w = spec(s);
      if (w.pool > 0) {
        s.refill_pending = false;
        FillPool(target);
        return;
      }
      Attempt(target, s.members == 1 ? s.host : s.next_client);
      s.target += w.arrivals == WorkloadSpec::Arrivals::kPoisson ? ExponentialDraw(s.rng) : 1.0;
      ScheduleNextArrival(target);
      return;
    }
    case WorkloadAction::kStop: {
      Source& s = sources_[target];
      if (s.done) return;
      s.active = false;
      s.done = true;
      tallies_[s.workload].ended = sim_.now_;
      return;
    }
  }
}

void WorkloadRunner::ClientClose(uint32_t host, stack::SocketId id) {
  const std::optional<uint32_t> source = UntagSocket(host, id);
  if (!source) return;
  sim_.hosts_[host]->Close(id);
  Closed(*source);
}

bool WorkloadRunner::Attempt(uint32_t source, uint32_t host) {
  Source& src = sources_[source];
  const WorkloadSpec& w = spec(src);
  stack::Host& h = *sim_.hosts_[host];
  sim_.series_->MemberActive(host, h);  // before its figures change
  const net::Endpoint& to = w.to[src.next_dest];
  src.next_dest = (src.next_dest + 1) % w.to.size();
  ++src.made;
  ++tallies_[src.workload].attempts;
  stack::SocketId s = h.OpenSocket(w.protocol, to.address.is_v6());
  stack::Errno e = h.SetOptions(s, ToOptionSet(w.options, /*uid=*/0));
  if (e == stack::Errno::kOk && w.bind) e = h.Bind(s, *w.bind);
  if (e == stack::Errno::kOk) e = h.Connect(s, to);
  if (e == stack::Errno::kEINPROGRESS) {
    TagSocket(host, s, source);
    ++src.open;
    return true;
  }
  if (e == stack::Errno::kOk) {  // UDP: connected at once
    TagSocket(host, s, source);
    ++src.open;
    Established(source, host, s);
    return true;
  }
  Failed(source, host, e, h.last_cause());
  h.Discard(s);
  return false;
}

void WorkloadRunner::FillPool(uint32_t source) {
  Source& src = sources_[source];
  const WorkloadSpec& w = spec(src);
  while (src.active && src.open < w.pool) {
    if (w.limit > 0 && src.made >= w.limit) {
      src.active = false;
      src.done = true;
      return;
    }
    if (!Attempt(source, src.host)) {
      if (!src.refill_pending) {
        src.refill_pending = true;
        Push(sim_.now_ + w.retry, WorkloadAction::kArrival, source);
      }
      return;
    }
  }
}

void WorkloadRunner::Established(uint32_t source, uint32_t host, stack::SocketId s) {
  Source& src = sources_[source];
  const WorkloadSpec& w = spec(src);
  Tally& t = tallies_[src.workload];
  ++t.ok;
  t.peak_open = std::max(t.peak_open, ++t.open);
  if (t.began) {
    size_t second = static_cast<size_t>((sim_.now_ - *t.began).nanos() / 1'000'000'000);
    second = std::min(second, kMaxSecondBuckets - 1);
    if (t.ok_per_second.size() <= second) t.ok_per_second.resize(second + 1);
    ++t.ok_per_second[second];
  }
  stack::Host& h = *sim_.hosts_[host];
  if (w.request > 0) {
    // The hold starts when the answer arrives (OnAnswer); a request that
    // could not be sent starts it now.
    if (h.Request(s, w.request, std::nullopt) == stack::Errno::kOk) {
      ++t.conversation.requests_sent;
      t.conversation.bytes_sent += w.request;
      return;
    }
  } else if (w.bytes > 0 && h.Send(s, w.bytes, std::nullopt) == stack::Errno::kOk) {
    t.conversation.bytes_sent += w.bytes;
  }
  Push(sim_.now_ + DrawHold(src), WorkloadAction::kHoldEnd, host, s.index, s.generation);
}

bool WorkloadRunner::OnAnswer(uint32_t host, stack::SocketId socket, Duration waited,
                              uint32_t bytes) {
  if (host >= tags_.size() || socket.index >= tags_[host].size()) return false;
  const struct Tag& tag = tags_[host][socket.index];
  if (tag.source == UINT32_MAX || tag.generation != socket.generation) return false;
  Source& src = sources_[tag.source];
  stack::ConversationFigures& c = tallies_[src.workload].conversation;
  c.NoteAnswer(waited.nanos());
  c.bytes_received += bytes;
  // Called from inside the host's receive path: the hold's end is an event.
  Push(sim_.now_ + DrawHold(src), WorkloadAction::kHoldEnd, host, socket.index, socket.generation);
  return true;
}

Duration WorkloadRunner::DrawHold(Source& src) {
  const scenario::HoldSpec& h = spec(src).hold;
  switch (h.kind) {
    case scenario::HoldSpec::Kind::kFixed:
      return h.low;
    case scenario::HoldSpec::Kind::kUniform: {
      const uint64_t span = static_cast<uint64_t>((h.high - h.low).nanos()) + 1;
      return h.low + Duration::Nanos(static_cast<int64_t>(src.rng.Next64() % span));
    }
    case scenario::HoldSpec::Kind::kExponential:
      return Duration::Nanos(static_cast<int64_t>(
          std::llround(ExponentialDraw(src.rng) * static_cast<double>(h.low.nanos()))));
  }
  return h.low;
}

void WorkloadRunner::HoldEnd(uint32_t host, stack::SocketId id) {
  stack::Host& h = *sim_.hosts_[host];
  Lookahead::Close(h, id);
  const std::vector<struct Tag>& tags = tags_[host];
  // Already closed (the peer closed first, a reset): untagged.
  if (id.index >= tags.size() || tags[id.index].generation != id.generation ||
      tags[id.index].source == UINT32_MAX) {
    return;
  }
  const uint32_t source = tags[id.index].source;
  const WorkloadSpec& w = spec(sources_[source]);
  const stack::Socket* sk = h.Get(id);
  if (w.closer == WorkloadSpec::Closer::kServer && sk && sk->user_open &&
      sk->state == stack::TcpState::kEstablished) {
    // The server application closes first; the client closes when the FIN
    // arrives (PeerClosed), so TIME-WAIT lands on the server.
    const uint32_t route = sim_.RouteTo(sk->remote_addr);
    if (route != Simulation::kNoRoute) {
      stack::Host& server = *sim_.hosts_[route];
      std::optional<stack::SocketId> peer = server.FindConnection(
          net::Protocol::kTcp, sk->remote_addr, sk->remote_port, sk->local_addr, sk->local_port);
      if (peer && server.CloseAccepted(*peer)) return;
    }
  }
  UntagSocket(host, id);
  if (sk && sk->user_open) h.Close(id);
  Closed(source);
}

bool WorkloadRunner::OnConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result) {
  if (host >= tags_.size() || socket.index >= tags_[host].size()) return false;
  const struct Tag& tag = tags_[host][socket.index];
  if (tag.source == UINT32_MAX || tag.generation != socket.generation) return false;
  uint32_t source = tag.source;
  if (result == stack::Errno::kOk) {
    Established(source, host, socket);
    return true;
  }
  UntagSocket(host, socket);
  Source& src = sources_[source];
  --src.open;
  Failed(source, host, result, sim_.hosts_[host]->last_cause());
  // A pool retries after retry:, never at once (with no latency a refused
  // connect would otherwise be retried forever at one instant).
  const WorkloadSpec& w = spec(src);
  if (w.pool > 0 && src.active && !src.refill_pending) {
    src.refill_pending = true;
    Push(sim_.now_ + w.retry, WorkloadAction::kArrival, source);
  }
  return true;
}

void WorkloadRunner::OnPeerClosed(uint32_t host, stack::SocketId socket) {
  if (host >= tags_.size() || socket.index >= tags_[host].size()) return;
  const struct Tag& tag = tags_[host][socket.index];
  if (tag.source == UINT32_MAX || tag.generation != socket.generation) return;
  // Not from inside the host's segment processing: an event at this instant.
  Push(sim_.now_, WorkloadAction::kClientClose, host, socket.index, socket.generation);
}

void WorkloadRunner::Closed(uint32_t source) {
  Source& src = sources_[source];
  --src.open;
  --tallies_[src.workload].open;
  if (spec(src).pool > 0 && src.active) FillPool(source);
}

void WorkloadRunner::Failed(uint32_t source, uint32_t host, stack::Errno e, stack::FailureCause cause) {
  Source& src = sources_[source];
  const WorkloadSpec& w = spec(src);
  Tally& t = tallies_[src.workload];
  ++t.failures;
  ++t.errors[std::string(stack::ErrnoName(e))];
  if (!t.first_failure) t.first_failure = sim_.now_;
  sim_.NoteFailure(host, w.protocol, -1 - w.index, e, cause);
}

void WorkloadRunner::TagSocket(uint32_t host, stack::SocketId s, uint32_t source) {
  std::vector<struct Tag>& tags = tags_[host];
  if (tags.size() <= s.index) tags.resize(s.index + 1);
  tags[s.index] = {s.generation, source};
}

std::optional<uint32_t> WorkloadRunner::UntagSocket(uint32_t host, stack::SocketId s) {
  std::vector<struct Tag>& tags = tags_[host];
  if (s.index >= tags.size() || tags[s.index].generation != s.generation ||
      tags[s.index].source == UINT32_MAX) {
    return std::nullopt;
  }
  uint32_t source = tags[s.index].source;
  tags[s.index].source = UINT32_MAX;
  return source;
}

Prediction WorkloadRunner::Predict(const WorkloadSpec& w, const Tally& t) const {
  Prediction p;
  if (w.protocol != net::Protocol::kTcp) {
    p.why_not = "UDP has no TIME-WAIT; a flow holds its port only while open";
    return p;
  }
  if (w.pool > 0) {
    p.why_not = "a pool keeps a fixed number of connections, not a rate";
    return p;
  }
  if (w.bind && w.bind->port.value() != 0) {
    p.why_not = "every connection binds the same fixed port";
    return p;
  }
  auto host = sim_.host_index_.find(w.from.front());
  if (host == sim_.host_index_.end()) return p;
  const stack::Knobs& k = sim_.hosts_[host->second]->knobs();
  const HostCapacity capacity = HostCapacityOf(k, w.options);
  const net::PortRange range = capacity.range;
  const int64_t usable = capacity.usable;
  p.usable_ports = usable;
  const bool per_destination =
      PerDestinationPool(k, w.protocol, w.bind.has_value(), w.options.bind_address_no_port);
  const double rate = std::max(w.rate, w.rate_end.value_or(w.rate));
  const double destinations = static_cast<double>(w.to.size());
  p.rate_per_port_pool = per_destination ? rate / destinations : rate;
  p.pool_note = per_destination && w.to.size() > 1 ? "per destination" : "";
  p.per_destination = per_destination;
  if (!per_destination && w.to.size() > 1) p.pool_note = "(all destinations draw on one pool of ports)";
  const double tw = ClientTimeWaitSeconds(k, w, scenario_.latency);
  const double occupancy = HostOccupancySeconds(k, w, scenario_.latency);
  p.occupancy_s = occupancy;
  // The most connections one pool ever sees: a `count:` per client, or
  // the rate over the time until `stop:`; a pool that many fit in never
  // runs out, whatever the rate.
  const SimTime start = t.began.value_or(w.start);
  auto total_for = [&](double pool_rate) {
    if (w.limit > 0) return static_cast<double>(w.limit) * pool_rate / rate;
    if (w.stop && *w.stop > w.start) return pool_rate * (*w.stop - w.start).seconds();
    return std::numeric_limits<double>::infinity();
  };
  const int64_t range_size = range.hi.value() - range.lo.value() + 1;
  // Notes on the host's own range, dropped below where a NAT binds.
  std::vector<std::string> range_notes;
  auto range_note = [&](std::string note) {
    range_notes.push_back(note);
    p.notes.push_back(std::move(note));
  };
  if (usable < range_size) {
    range_note(absl::StrCat(range_size - usable, " ports of the range are reserved (ip_local_reserved_ports)"));
  }
  if (k.tcp_strategy == "linux" || k.tcp_strategy == "linux-5.12") {
    range_note(absl::StrCat(
        "Linux connect() tries the even half of the range first (parity halves): every port "
        "is still used, but each connect() near exhaustion probes ~",
        (range.hi.value() - range.lo.value() + 1) / 2, " ports"));
  }
  if (w.arrivals == WorkloadSpec::Arrivals::kPoisson) {
    p.notes.push_back("Poisson arrivals: the rate fluctuates around its mean, so exhaustion "
                      "comes a little earlier or later");
  }
  if (w.hold.kind != scenario::HoldSpec::Kind::kFixed) {
    p.notes.push_back("random holds: the formula uses the mean hold");
  }
  if (w.rate_end) p.notes.push_back("a ramp: the formula uses the peak rate");
  const bool server_closes = ServerClosesFirst(w, scenario_.latency);
  if (!server_closes && tw > 0) {
    range_note("TIME-WAIT ends on a timer tick, slightly after its nominal length; "
               "a failed connect() holds no port");
  }
  if (server_closes) {
    p.notes.push_back("the server closes first, so TIME-WAIT is the server's: the client "
                      "needs ports only for the hold");
  } else if (w.closer == WorkloadSpec::Closer::kServer) {
    p.notes.push_back("closer: server, but the hold ends before the handshake's last ACK reaches "
                      "the server: the client closes first and holds TIME-WAIT");
  }
  if (tw < k.time_wait.seconds() && !server_closes) {
    range_note("tcp_tw_reuse=1: connect() takes over TIME-WAIT entries older than "
               "tcp_tw_reuse_delay, so a port is held for the delay, not TIME-WAIT");
  }
  p.applies = true;
  p.needed_ports = p.rate_per_port_pool * occupancy;
  p.sustainable_rate = static_cast<double>(usable) / occupancy;
  p.exhaustion = p.needed_ports > static_cast<double>(usable) &&
                 total_for(p.rate_per_port_pool) > static_cast<double>(usable);
  // How far the binding pool is from running out: places over places
  // needed (below 1: it runs out).
  double binding_room = static_cast<double>(usable) / std::max(p.needed_ports, 1e-300);
  if (p.exhaustion) binding_room = static_cast<double>(usable) / p.rate_per_port_pool;

  // A NAT on the path (the first client's, as the range above): each of
  // its limits is a pool of its own, with the NAT's occupancy.
  const int32_t n = sim_.inside_of_[host->second];
  // Its port blocks, when fewer than the clients behind it.
  std::string blocks_limit;
  int64_t blocks_served = 0, blocks_behind = 0;
  double blocks_held = 0;
  // A dropped SYN's connect() fails when its retries run out.
  const int64_t syn_give_up_ns = static_cast<int64_t>(
      SynGiveUpSeconds(k, sim_.hosts_[host->second]->profile().initial_rto) * 1e9);
  if (n >= 0) {
    const nat::NatBox& box = *sim_.nats_[n];
    const double behind = static_cast<double>(sim_.HostsBehindNat(sim_.WorkloadClients(w.index), n));
    const double held = NatOccupancySeconds(box.config(), w, scenario_.latency);
    for (const NatLimit& l : NatLimitsOf(box)) {
      const double clients = l.per_subscriber ? 1 : behind;
      const double demand = rate * clients / (l.per_destination ? destinations : 1);
      const double cap = static_cast<double>(l.capacity);
      const double needed = demand * held;
      const bool exhausted = needed > cap && total_for(demand) > cap;
      // Exhaustion comes before the host's (or the host's never comes);
      // without exhaustion, the NAT is closer to it.
      const double room = exhausted ? cap / demand : cap / std::max(needed, 1e-300);
      const bool binds = exhausted ? (!p.exhaustion || room < binding_room)
                                   : (!p.exhaustion && room < binding_room);
      if (!binds) continue;
      binding_room = room;
      p.limit = absl::StrCat("NAT ", box.name(), ", ", l.why);
      p.usable_ports = l.capacity;
      p.occupancy_s = held;
      p.rate_per_port_pool = demand;
      p.needed_ports = needed;
      p.sustainable_rate = cap / held;
      p.exhaustion = exhausted;
      std::string scope = l.per_subscriber ? "per VM" : (behind > 1 ? "all clients" : "");
      if (l.per_destination && w.to.size() > 1) scope += scope.empty() ? "per destination" : " per destination";
      p.pool_note = scope;
      p.per_destination = l.per_destination;
      p.pool_clients = static_cast<int>(clients);
    }
    // Port blocks bind hosts, not connections (nat/nat_capacity.h's
    // subscribers_served; Google Cloud NAT): a client takes a block with
    // its first connection and keeps it while it holds a session, so past
    // the blocks a client gets none, however few ports it needs. No rate
    // above shows that; where every client keeps its block while others
    // wait for one, it binds whatever they predict (as headroom's "NAT port
    // blocks" pool).
    const nat::NatCapacity& cap = box.capacity();
    const double served = static_cast<double>(cap.subscribers_served);
    const double wait =
        RefusedConnectWaitSeconds(box.config(), k, sim_.hosts_[host->second]->profile().initial_rto);
    const bool blocks = cap.block_ports > 0 && !box.config().deterministic;
    const PortBlockHold hold = blocks ? PortBlockHoldOf(w, held, behind, wait) : PortBlockHold();
    if (blocks && hold.kept) {
      // Other workloads' clients behind the NAT take blocks too: which
      // clients go without then depends on who connects first.
      std::vector<std::string> others;
      const int64_t all = ClientsBehind(n, w, &others);
      if (!others.empty() && static_cast<double>(all) > served) {
        p.notes.push_back(absl::StrFormat(
            "NAT %s's %d port blocks also go to the clients of %s: %d clients behind it in all, so %d of them "
            "get none, whichever connect last",
            box.name(), cap.subscribers_served, absl::StrJoin(others, ", "), all,
            all - cap.subscribers_served));
      }
    }
    if (blocks && behind > served) {
      if (hold.kept) {
        blocks_served = cap.subscribers_served;
        blocks_behind = static_cast<int64_t>(behind);
        blocks_held = held;
        blocks_limit = absl::StrFormat("NAT %s, %d port blocks (%d per outside address x %d)", box.name(),
                                       cap.subscribers_served, cap.blocks_per_address, cap.addresses);
      } else {
        p.notes.push_back(absl::StrFormat(
            "NAT %s has %d port blocks (%d per outside address x %d) for the %.0f clients behind it, but a "
            "client's block goes back when its last session there ends (each held %.6gs): they are shared "
            "over time, each client holding one %.3g%% of the time (%.0f at once on average), so how many "
            "clients go without cannot be said from the blocks alone",
            box.name(), cap.subscribers_served, cap.blocks_per_address, cap.addresses, behind, held,
            100 * hold.share, behind * hold.share));
      }
    }
    if (!p.limit.empty() || !blocks_limit.empty()) {
      // The NAT binds: how the host's own range is searched is beside the
      // point.
      std::erase_if(p.notes, [&](const std::string& note) {
        return std::find(range_notes.begin(), range_notes.end(), note) != range_notes.end();
      });
      p.notes.push_back(absl::StrCat(
          "NAT ", box.name(), " keeps a closed connection's place ",
          NatAfterCloseSeconds(box.config()), " s (its TIME-WAIT timeout and hold-down); a SYN it cannot map is ",
          box.config().exhaustion == nat::Exhaustion::kDrop
              ? "dropped and retransmitted, so connect() fails only when its retries run out"
              : "answered with ICMP, so connect() fails at once"));
    }
  }
  if (p.exhaustion && p.rate_per_port_pool > 0) {
    p.first_failure = start + Duration::Nanos(static_cast<int64_t>(
                                  static_cast<double>(p.usable_ports) / p.rate_per_port_pool * 1e9));
    if (!p.limit.empty()) {
      p.limit_reached = p.first_failure;
      if (sim_.nats_[n]->config().exhaustion == nat::Exhaustion::kDrop) {
        p.first_failure = *p.first_failure + Duration::Nanos(syn_give_up_ns);
      }
    }
  }
  if (!blocks_limit.empty()) {
    // What bound before stays as a note: the clients with a block meet it.
    if (p.exhaustion) {
      p.notes.push_back(absl::StrFormat(
          "the clients with a block run out too: %s at %ss",
          p.limit.empty() ? "their own range" : p.limit,
          FormatSeconds(p.limit_reached.value_or(p.first_failure.value_or(start)))));
    }
    p.limit = blocks_limit;
    p.exhaustion = true;
    p.clients_refused = blocks_behind - blocks_served;
    p.usable_ports = blocks_served;
    p.needed_ports = static_cast<double>(blocks_behind);
    p.pool_clients = static_cast<int>(blocks_behind);
    p.occupancy_s = blocks_held;
    p.rate_per_port_pool = 0;
    p.sustainable_rate = 0;
    p.pool_note = "";
    p.per_destination = false;
    p.limit_reached.reset();
    p.first_failure.reset();
    // Fixed arrivals: every client's first connection at the start (even
    // on a ramp); Poisson: the (blocks + 1)-th of the clients' first
    // arrivals, in expectation (a ramp's cannot be said so simply).
    if (w.arrivals == WorkloadSpec::Arrivals::kFixed) {
      p.limit_reached = start;
    } else if (!w.rate_end && w.rate > 0) {
      // An expectation: to the millisecond.
      p.limit_reached = start + Duration::Millis(std::llround(
                                    KthFirstArrivalSeconds(blocks_served + 1, blocks_behind, w.rate) * 1e3));
    }
    if (p.limit_reached) {
      p.first_failure = *p.limit_reached;
      if (sim_.nats_[n]->config().exhaustion == nat::Exhaustion::kDrop) {
        p.first_failure = *p.first_failure + Duration::Nanos(syn_give_up_ns);
      }
    }
  }
  return p;
}

std::vector<WorkloadResult> WorkloadRunner::Results(SimTime now) const {
  std::vector<WorkloadResult> out;
  for (const WorkloadSpec& w : scenario_.workloads) {
    const Tally& t = tallies_[w.index];
    WorkloadResult r;
    r.name = w.name;
    r.protocol = std::string(net::ProtocolName(w.protocol));
    r.clients = static_cast<int>(w.from.size());
    r.destinations = static_cast<int>(w.to.size());
    r.attempts = t.attempts;
    r.ok = t.ok;
    r.failures = t.failures;
    r.errors = t.errors;
    r.first_failure = t.first_failure;
    r.peak_open = t.peak_open;
    r.conversation = t.conversation;
    r.ran_from = t.began.value_or(now);
    r.ran_until = std::max(r.ran_from, std::min(t.ended.value_or(now), now));
    // Whole seconds of the second half of the run: [ceil(mid), floor(end)).
    const int64_t span_s = (r.ran_until - r.ran_from).nanos() / 1'000'000'000;
    const int64_t lo = (span_s + 1) / 2, hi = span_s;
    if (hi > lo && r.clients > 0) {
      int64_t n = 0;
      for (int64_t i = lo; i < hi && i < static_cast<int64_t>(t.ok_per_second.size()); ++i) {
        n += t.ok_per_second[i];
      }
      r.ok_rate = static_cast<double>(n) / static_cast<double>(hi - lo) / r.clients;
    } else if (r.clients > 0 && r.ran_until > r.ran_from) {
      r.ok_rate = static_cast<double>(t.ok) / (r.ran_until - r.ran_from).seconds() / r.clients;
    }
    r.prediction = Predict(w, t);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace portlab::sim
