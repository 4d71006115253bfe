#include "portlab/nat/session_table.h"

#include <algorithm>

namespace portlab::nat {

uint32_t SessionTable::Add(const Session& session) {
  Session s = session;  // by reference in: a 64-byte-aligned parameter by value draws a GCC ABI note
  s.live = true;
  uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<uint32_t>(sessions_.size());
    sessions_.emplace_back();
    generation_.push_back(0);
  }
  // The keys are (proto, A, a, Y, y): A in the high half of `addrs`, a in
  // bits 16..31 of `ports`. Each index gives the other side's endpoint.
  auto ref = [&](const TupleKey& other) {
    return SessionRef{id, static_cast<net::AddrId>(other.addrs >> 32), static_cast<uint16_t>(other.ports >> 16),
                      WatchOf(s.state), s.opened_inbound};
  };
  by_inside_.emplace(s.inside, ref(s.outside));
  by_outside_.emplace(s.outside, ref(s.inside));
  if (count_remote_addresses_) ++per_remote_address_[{s.mapping, s.remote_addr()}];
  if (count_destinations_) ++per_destination_[s.destination()];
  s.queued = SimTime::Max();
  sessions_[id] = s;
  ++live_;
  return id;
}

void SessionTable::Remove(uint32_t id) {
  Session& s = sessions_[id];
  by_inside_.erase(s.inside);
  by_outside_.erase(s.outside);
  if (count_remote_addresses_) {
    auto r = per_remote_address_.find({s.mapping, s.remote_addr()});
    if (--r->second == 0) per_remote_address_.erase(r);
  }
  if (count_destinations_) {
    auto d = per_destination_.find(s.destination());
    if (--d->second == 0) per_destination_.erase(d);
  }
  s.live = false;
  ++generation_[id];  // its heap entry, if any, is now stale
  free_.push_back(id);
  --live_;
}

void SessionTable::SetState(uint32_t id, SessionState state, bool opened_inbound) {
  Session& s = sessions_[id];
  const Watch was = WatchOf(s.state);
  s.state = state;
  s.opened_inbound = opened_inbound;
  // Only a UDP session's first reply and its stream (or a placement setting
  // states at will) change what the slots say; TCP state changes leave them
  // alone.
  const Watch watch = WatchOf(state);
  if (watch == was && watch == Watch::kNone) return;
  for (SessionRef* r : {&by_inside_.find(s.inside)->second, &by_outside_.find(s.outside)->second}) {
    r->watch = watch;
    r->opened_inbound = opened_inbound;
  }
}

void SessionTable::ClearRefreshes(uint32_t id) {
  const Session& s = sessions_[id];
  by_inside_.find(s.inside)->second.refreshed = SessionRef::kNever;
  by_outside_.find(s.outside)->second.refreshed = SessionRef::kNever;
}

SimTime SessionTable::Expiry(uint32_t id) const {
  const Session& s = sessions_[id];
  // Without inbound refreshes the outside slot keeps kNever: not read.
  const int64_t inside = by_inside_.find(s.inside)->second.refreshed;
  const int64_t t = refresh_inbound_ ? std::max(inside, by_outside_.find(s.outside)->second.refreshed) : inside;
  if (t == SessionRef::kNever) return s.expiry;
  return std::max(s.expiry, SimTime::FromNanos(t) + IdleTimeout(timeouts_, s.state));
}

uint32_t SessionTable::DestinationCount(const TupleKey& destination) const {
  auto it = per_destination_.find(destination);
  return it == per_destination_.end() ? 0 : it->second;
}

void SessionTable::Push(uint32_t id, SimTime at) {
  queue_.Push({at.nanos(), id, generation_[id]});
  sessions_[id].queued = at;
}

void SessionTable::SetExpiry(uint32_t id, SimTime at) {
  Session& s = sessions_[id];
  s.expiry = at;
  if (at < s.queued) Push(id, at);
}

const std::vector<SessionTable::Queued>& SessionTable::TakeDue(SimTime now) {
  due_.clear();
  while (!queue_.empty() && queue_.top().at <= now.nanos()) due_.push_back(queue_.Pop());
  return due_;
}

SessionTable::Queued SessionTable::PopTop() {
  return queue_.Pop();
}

bool SessionTable::CheckDue(const Queued& e) {
  Session& s = sessions_[e.id];
  // Stale: the session ended, or a newer, earlier entry replaced this one.
  if (e.generation != generation_[e.id] || !s.live || s.queued.nanos() != e.at) return false;
  s.queued = SimTime::Max();
  s.expiry = Expiry(e.id);  // refreshes kept in the slots folded in
  if (s.expiry.nanos() > e.at) {
    Push(e.id, s.expiry);  // refreshed since it was queued: due then
    return false;
  }
  return true;
}

void SessionTable::Reserve(size_t n) {
  sessions_.reserve(n);
  generation_.reserve(n);
  by_inside_.reserve(n);
  by_outside_.reserve(n);
  queue_.Reserve(n);  // one entry per live session, the stale ones aside
}

}  // namespace portlab::nat
