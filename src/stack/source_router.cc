#include "portlab/stack/source_router.h"

#include <algorithm>

namespace portlab::stack {

SourceRouter::SourceRouter(std::vector<net::IpAddress> addresses, net::AddressPool& pool)
    : pool_(pool), addresses_(std::move(addresses)) {
  for (const net::IpAddress& a : addresses_) address_ids_.push_back(pool_.Intern(a));
}

bool SourceRouter::Owns(const net::IpAddress& a) const {
  net::IpAddress v = a.MappedV4().value_or(a);
  return std::find(addresses_.begin(), addresses_.end(), v) != addresses_.end();
}

bool SourceRouter::HasLoopback() const {
  return std::any_of(addresses_.begin(), addresses_.end(), [](const net::IpAddress& a) { return a.IsLoopback(); });
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

}  // namespace portlab::stack
