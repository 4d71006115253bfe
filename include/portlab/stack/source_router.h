// SourceRouter: a host's addresses, its routes, and which address a socket
// sends from (source-address selection, RFC 6724 reduced to what the
// simulation needs): a socket bound to a specific address sends from it;
// otherwise the route decides: to one of our own addresses the address
// itself, to loopback 127.0.0.1 (or ::1), else our first address of the
// destination's family.
//
// The routes, as Linux builds them from the interface addresses
// (fib_add_ifaddr) and `ip route`:
//   - local: our addresses, and the loopback interface's 127.0.0.0/8 and
//     ::1, which every host owns (never given as a host address): packets
//     to them never leave the host;
//   - on-link: an address given with a prefix (10.8.0.1/24) puts its
//     network on the link; the network's broadcast address (IPv4, prefix
//     up to /30) is a broadcast route;
//   - default: unless turned off, everything else goes to the gateway, and
//     255.255.255.255 is broadcast through it. Without it a destination
//     outside every route has none (ENETUNREACH, ip_route_output_key).
//
// Example:
//   SourceRouter r({a_v4, a_v6}, pool);
//   net::AddrId src = r.SourceFor(net::kAnyV4Id, server);  // a_v4's id
//   net::AddrId dst = r.RemoteId(server);
//   r.SetRoutes({24, 64}, /*default_route=*/false);
//   r.SourceFor(net::kAnyV4Id, far_away);                  // kNetUnreachable
//
// Invariants:
//   - The addresses and routes change only through SetRoutes, which forgets
//     the last route, so a route depends on the destination alone:
//     SourceFor() may answer from its last route.
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
#include <optional>
#include <vector>

#include "portlab/net/address_pool.h"
#include "portlab/net/ip_address.h"

namespace portlab::stack {

// No address of the destination's family: SourceFor's and RouteSource's
// failure value.
inline constexpr net::AddrId kNoRoute = UINT32_MAX;
// No route to the destination (no default route, outside every on-link
// network): SourceFor's value for ENETUNREACH.
inline constexpr net::AddrId kNetUnreachable = UINT32_MAX - 1;
// A socket bound to a loopback address toward a destination off the host
// (__mkroute_output: EINVAL).
inline constexpr net::AddrId kLoopbackSourceOffHost = UINT32_MAX - 2;

// The kind of route a destination takes.
enum class RouteKind : uint8_t {
  kLocal,        // ours or loopback: through lo, never leaves the host
  kOnLink,       // in an on-link network: the neighbour must answer (ARP/ND)
  kGateway,      // through the default route
  kBroadcast,    // 255.255.255.255 or an on-link network's broadcast address
  kUnreachable,  // no route at all
};

class SourceRouter {
 public:
  // `pool` must outlive the router.
  SourceRouter(std::vector<net::IpAddress> addresses, net::AddressPool& pool);

  const std::vector<net::IpAddress>& addresses() const { return addresses_; }
  // The prefix length of each address, in order (32 or 128: no network).
  const std::vector<int>& prefixes() const { return prefixes_; }
  bool default_route() const { return default_route_; }
  // Gives the addresses their prefix lengths (in order; 32 or 128 puts no
  // network on the link) and keeps or drops the default route.
  // REQUIRES: prefixes.size() == addresses().size().
  void SetRoutes(std::vector<int> prefixes, bool default_route);
  // Whether `a` (or the IPv4 address it maps) is one of ours: one of the
  // addresses, or loopback (127.0.0.0/8, ::1).
  bool Owns(const net::IpAddress& a) const;
  // Whether a socket may bind to `a` (or the IPv4 address it maps) though
  // no interface has it, to receive there and send from the route's
  // source: an IPv4 multicast address (224.0.0.0/4), 255.255.255.255, the
  // broadcast address of one of our networks or of lo's 127.0.0.0/8, or an
  // IPv6 multicast address (ff00::/8). net/ipv4/af_inet.c __inet_bind:
  // inet_addr_valid_or_nonlocal accepts RTN_MULTICAST and RTN_BROADCAST as
  // it does RTN_LOCAL, then `inet_saddr = 0; /* Use device */`;
  // net/ipv6/af_inet6.c __inet6_bind checks no multicast address against
  // the interfaces and leaves np->saddr unset.
  bool IsGroupAddress(const net::IpAddress& a) const;
  // The route `remote` (or the IPv4 address it maps) takes.
  RouteKind Classify(const net::IpAddress& remote) const;
  // Whether a datagram to `dst` is a broadcast this host takes in:
  // 255.255.255.255, or the broadcast address of one of its networks.
  bool AcceptsBroadcast(const net::IpAddress& dst) const;
  // The source address of a socket bound to `local` (a pool id, the
  // wildcard when unbound) toward `remote`; kNetUnreachable when no route
  // leads there, kNoRoute when the host has no address to send from,
  // kLoopbackSourceOffHost when a loopback address would leave the host.
  // last_kind() is then the route's kind.
  net::AddrId SourceFor(net::AddrId local, const net::IpAddress& remote);
  RouteKind last_kind() const { return route_kind_; }
  // The source address the route to `remote` gives an unbound socket.
  net::AddrId RouteSource(const net::IpAddress& remote) const;
  // The pool id of a destination (IPv4-mapped ones as IPv4), remembering the
  // last one: a client mostly talks to the same few servers.
  net::AddrId RemoteId(const net::IpAddress& remote);

 private:
  // The route to `remote` (its kind in *kind) and the source address it
  // gives an unbound socket; kNetUnreachable or kNoRoute as SourceFor.
  net::AddrId Route(const net::IpAddress& remote, RouteKind* kind) const;

  // The caches first: every connect() reads them, the addresses only on a
  // new destination.
  net::AddressPool& pool_;
  net::IpAddress last_remote_;
  net::AddrId last_remote_id_ = UINT32_MAX;
  // SourceFor's last route: a destination and its source address.
  bool route_known_ = false;
  net::IpAddress route_remote_;
  net::AddrId route_source_ = 0;
  RouteKind route_kind_ = RouteKind::kGateway;
  std::vector<net::IpAddress> addresses_;
  std::vector<net::AddrId> address_ids_;
  std::vector<int> prefixes_;
  bool default_route_ = true;
  // Whether any address has a network (a prefix shorter than the address)
  // or the default route is off: otherwise every route but local is the
  // gateway, and Classify need not look further.
  bool routed_ = false;
};

// Inline: on every connect() and sendto(), and inlined there before the
// router was a unit of its own.

inline net::AddrId SourceRouter::SourceFor(net::AddrId local, const net::IpAddress& remote) {
  // The route depends on the destination alone (a host's addresses change
  // only through SetRoutes): a client mostly connects to the same few
  // servers.
  if (!route_known_ || !(remote == route_remote_)) {
    route_known_ = true;
    route_remote_ = remote;
    route_source_ = Route(remote, &route_kind_);
  }
  if (route_source_ == kNetUnreachable) return kNetUnreachable;
  // A specific bound address is the source; otherwise the route decides:
  // to ourselves the address itself, to loopback 127.0.0.1 or ::1, else
  // our first address of the destination's family.
  if (local != net::kAnyV4Id && local != net::kAnyV6Id) {
    const net::IpAddress& bound = pool_.Get(local);
    if (!bound.MappedV4().value_or(bound).IsUnspecified()) {
      return route_kind_ != RouteKind::kLocal && bound.IsLoopback() ? kLoopbackSourceOffHost : local;
    }
  }
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
