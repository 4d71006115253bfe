#include "portlab/stack/source_router.h"

#include <algorithm>

namespace portlab::stack {

SourceRouter::SourceRouter(std::vector<net::IpAddress> addresses, net::AddressPool& pool)
    : addresses_(std::move(addresses)), pool_(pool) {
  for (const net::IpAddress& a : addresses_) address_ids_.push_back(pool_.Intern(a));
}

bool SourceRouter::Owns(const net::IpAddress& a) const {
  net::IpAddress v = a.MappedV4().value_or(a);
  return std::find(addresses_.begin(), addresses_.end(), v) != addresses_.end();
}

bool SourceRouter::HasLoopback() const {
  return std::any_of(addresses_.begin(), addresses_.end(), [](const net::IpAddress& a) { return a.IsLoopback(); });
}

net::AddrId SourceRouter::SourceFor(net::AddrId local, const net::IpAddress& remote) {
  // A specific bound address is the source; otherwise the route decides:
  // to ourselves the address itself, to loopback our loopback address,
  // else our first address of the destination's family.
  if (local != net::kAnyV4Id && local != net::kAnyV6Id &&
      !pool_.Get(local).MappedV4().value_or(pool_.Get(local)).IsUnspecified()) {
    return local;
  }
  // The route depends on the destination alone (a host's addresses never
  // change): a client mostly connects to the same few servers.
  if (route_known_ && remote == route_remote_) return route_source_;
  route_known_ = true;
  route_remote_ = remote;
  route_source_ = RouteSource(remote);
  return route_source_;
}

net::AddrId SourceRouter::RouteSource(const net::IpAddress& remote) const {
  if (Owns(remote)) return pool_.Intern(remote.MappedV4().value_or(remote));
  net::IpAddress r = remote.MappedV4().value_or(remote);
  for (size_t i = 0; i < addresses_.size(); ++i) {
    if (addresses_[i].IsLoopback() == r.IsLoopback() && addresses_[i].family() == r.family())
      return address_ids_[i];
  }
  for (size_t i = 0; i < addresses_.size(); ++i)
    if (addresses_[i].family() == r.family()) return address_ids_[i];
  return kNoRoute;
}

net::AddrId SourceRouter::RemoteId(const net::IpAddress& remote) {
  if (last_remote_id_ == UINT32_MAX || !(remote == last_remote_)) {
    last_remote_ = remote;
    last_remote_id_ = pool_.Intern(remote.MappedV4().value_or(remote));
  }
  return last_remote_id_;
}

}  // namespace portlab::stack
