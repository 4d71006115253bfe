#include "portlab/stack/source_router.h"

#include <algorithm>
#include <cstring>

namespace portlab::stack {
namespace {

int FullLength(const net::IpAddress& a) { return a.is_v4() ? 32 : 128; }

// Whether `a` lies in the network of `net`/`prefix` (same family).
bool InPrefix(const net::IpAddress& a, const net::IpAddress& net, int prefix) {
  if (a.family() != net.family()) return false;
  if (a.is_v4()) {
    const uint32_t mask = net::IpAddress::V4Netmask(prefix);
    return (a.v4() & mask) == (net.v4() & mask);
  }
  const int whole = prefix / 8;
  if (std::memcmp(a.bytes().data(), net.bytes().data(), static_cast<size_t>(whole)) != 0) return false;
  if (prefix % 8 == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - prefix % 8));
  return (a.bytes()[whole] & mask) == (net.bytes()[whole] & mask);
}

// The IPv4 broadcast address of `net`/`prefix`; none for /31 and /32
// (RFC 3021: a /31 has no broadcast address).
std::optional<uint32_t> BroadcastOf(const net::IpAddress& net, int prefix) {
  if (!net.is_v4() || prefix > 30) return std::nullopt;
  return net.v4() | ~net::IpAddress::V4Netmask(prefix);
}

constexpr uint32_t kLimitedBroadcast = 0xffffffffu;  // RFC 919 §7, 255.255.255.255
// The broadcast route fib_add_ifaddr gives lo's 127.0.0.1/8.
constexpr uint32_t kLoopbackBroadcast = 0x7fffffffu;  // 127.255.255.255

}  // namespace

SourceRouter::SourceRouter(std::vector<net::IpAddress> addresses, net::AddressPool& pool)
    : pool_(pool), addresses_(std::move(addresses)) {
  for (const net::IpAddress& a : addresses_) {
    address_ids_.push_back(pool_.Intern(a));
    prefixes_.push_back(FullLength(a));
  }
}

void SourceRouter::SetRoutes(std::vector<int> prefixes, bool default_route) {
  prefixes_ = std::move(prefixes);
  prefixes_.resize(addresses_.size(), 128);
  default_route_ = default_route;
  routed_ = !default_route_;
  for (size_t i = 0; i < addresses_.size(); ++i) {
    prefixes_[i] = std::clamp(prefixes_[i], 0, FullLength(addresses_[i]));
    if (prefixes_[i] < FullLength(addresses_[i])) routed_ = true;
  }
  route_known_ = false;
}

bool SourceRouter::Owns(const net::IpAddress& a) const {
  net::IpAddress v = a.MappedV4().value_or(a);
  // Every host's loopback interface holds 127.0.0.0/8 and ::1
  // (inet_insert_ifa of 127.0.0.1/8 on lo; the local route covers the
  // whole /8).
  if (v.IsLoopback()) return true;
  return std::find(addresses_.begin(), addresses_.end(), v) != addresses_.end();
}

bool SourceRouter::IsGroupAddress(const net::IpAddress& a) const {
  const net::IpAddress v = a.MappedV4().value_or(a);
  if (v.is_v6()) return v.bytes()[0] == 0xff;                // RFC 4291 §2.7
  if ((v.v4() >> 28) == 0xe) return true;                    // RFC 5771: 224.0.0.0/4
  if (v.v4() == kLoopbackBroadcast) return true;             // lo's 127.0.0.1/8
  return AcceptsBroadcast(v);
}

RouteKind SourceRouter::Classify(const net::IpAddress& remote) const {
  RouteKind kind;
  Route(remote, &kind);
  return kind;
}

bool SourceRouter::AcceptsBroadcast(const net::IpAddress& dst) const {
  const net::IpAddress d = dst.MappedV4().value_or(dst);
  if (!d.is_v4()) return false;
  if (d.v4() == kLimitedBroadcast) return true;
  for (size_t i = 0; i < addresses_.size(); ++i) {
    if (BroadcastOf(addresses_[i], prefixes_[i]) == d.v4()) return true;
  }
  return false;
}

net::AddrId SourceRouter::RouteSource(const net::IpAddress& remote) const {
  RouteKind kind;
  return Route(remote, &kind);
}

net::AddrId SourceRouter::Route(const net::IpAddress& remote, RouteKind* kind) const {
  const net::IpAddress r = remote.MappedV4().value_or(remote);
  *kind = RouteKind::kLocal;
  // The local table: lo's 127.0.0.0/8 route has source 127.0.0.1 (its
  // prefsrc), ::1 is its own; our own address is its own source
  // (ip_route_output_key_hash_rcu, RTN_LOCAL: saddr = daddr).
  if (r.IsLoopback()) {
    return pool_.Intern(r.is_v4() ? net::IpAddress::V4(0x7f000001) : r);
  }
  for (size_t i = 0; i < addresses_.size(); ++i) {
    if (addresses_[i] == r) return address_ids_[i];
  }
  // The source of an on-link or broadcast route is the address whose
  // network holds the destination (the prefix route's prefsrc).
  *kind = default_route_ ? RouteKind::kGateway : RouteKind::kUnreachable;
  size_t source = addresses_.size();
  if (r.is_v4() && r.v4() == kLimitedBroadcast) {
    // No route holds 255.255.255.255 but the default one (measured:
    // ENETUNREACH without it, tests/differential/routing_test.cc).
    if (default_route_) *kind = RouteKind::kBroadcast;
  } else if (routed_) {
    for (size_t i = 0; i < addresses_.size(); ++i) {
      if (prefixes_[i] >= FullLength(addresses_[i]) || !InPrefix(r, addresses_[i], prefixes_[i])) continue;
      *kind = r.is_v4() && BroadcastOf(addresses_[i], prefixes_[i]) == r.v4() ? RouteKind::kBroadcast
                                                                               : RouteKind::kOnLink;
      source = i;
      break;
    }
  }
  if (*kind == RouteKind::kUnreachable) return kNetUnreachable;
  if (source < addresses_.size()) return address_ids_[source];
  for (size_t i = 0; i < addresses_.size(); ++i)
    if (addresses_[i].family() == r.family()) return address_ids_[i];
  return kNoRoute;
}

}  // namespace portlab::stack
