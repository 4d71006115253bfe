// SourceRouter: a host's addresses, and which of them a socket sends from
// (source-address selection, RFC 6724 reduced to what the simulation
// needs): a socket bound to a specific address sends from it; otherwise the
// route decides: to one of our own addresses the address itself, to a
// loopback destination our loopback address, else our first address of the
// destination's family.
//
// Example:
//   SourceRouter r({a_v4, a_v6}, pool);
//   net::AddrId src = r.SourceFor(net::kAnyV4Id, server);  // a_v4's id
//   net::AddrId dst = r.RemoteId(server);
//
// Invariants:
//   - The addresses never change after construction, so a route depends on
//     the destination alone: SourceFor() may answer from its last route.
//   - Pool ids of destinations are of the address IPv4-mapped ones name
//     (RemoteId(::ffff:a.b.c.d) == RemoteId(a.b.c.d)).
//   - The constructor interns the addresses in the pool in their order, and
//     nothing else here interns but RouteSource (an own address) and
//     RemoteId.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_SOURCE_ROUTER_H_
#define PORTLAB_STACK_SOURCE_ROUTER_H_

#include <cstdint>
#include <vector>

#include "portlab/net/address_pool.h"
#include "portlab/net/ip_address.h"

namespace portlab::stack {

// No address of the destination's family: SourceFor's and RouteSource's
// failure value.
inline constexpr net::AddrId kNoRoute = UINT32_MAX;

class SourceRouter {
 public:
  // `pool` must outlive the router.
  SourceRouter(std::vector<net::IpAddress> addresses, net::AddressPool& pool);

  const std::vector<net::IpAddress>& addresses() const { return addresses_; }
  // Whether `a` (or the IPv4 address it maps) is one of ours.
  bool Owns(const net::IpAddress& a) const;
  // Whether one of our addresses is a loopback one.
  bool HasLoopback() const;
  // The source address of a socket bound to `local` (a pool id, the
  // wildcard when unbound) toward `remote`; kNoRoute when none.
  net::AddrId SourceFor(net::AddrId local, const net::IpAddress& remote);
  // The source address the route to `remote` gives an unbound socket.
  net::AddrId RouteSource(const net::IpAddress& remote) const;
  // The pool id of a destination (IPv4-mapped ones as IPv4), remembering the
  // last one: a client mostly talks to the same few servers.
  net::AddrId RemoteId(const net::IpAddress& remote);

 private:
  // The caches first: every connect() reads them, the addresses only on a
  // new destination.
  net::AddressPool& pool_;
  net::IpAddress last_remote_;
  net::AddrId last_remote_id_ = UINT32_MAX;
  // SourceFor's last route: a destination and its source address.
  bool route_known_ = false;
  net::IpAddress route_remote_;
  net::AddrId route_source_ = 0;
  std::vector<net::IpAddress> addresses_;
  std::vector<net::AddrId> address_ids_;
};

// Inline: on every connect() and sendto(), and inlined there before the
// router was a unit of its own.

inline net::AddrId SourceRouter::SourceFor(net::AddrId local, const net::IpAddress& remote) {
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

inline net::AddrId SourceRouter::RemoteId(const net::IpAddress& remote) {
  if (last_remote_id_ == UINT32_MAX || !(remote == last_remote_)) {
    last_remote_ = remote;
    last_remote_id_ = pool_.Intern(remote.MappedV4().value_or(remote));
  }
  return last_remote_id_;
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_SOURCE_ROUTER_H_
