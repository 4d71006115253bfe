// TupleKey: a protocol and two (address id, port) pairs packed into 16
// bytes, the key of every NAT table (inside endpoint + remote, outside
// endpoint + remote, a mapping's key with the remote masked per RFC 4787).
//
// Example:
//   TupleKey k = TupleKey::Of(net::Protocol::kTcp, inside_addr, 52341, server_addr, 443);
//   table.find(k);
#ifndef PORTLAB_NAT_TUPLE_KEY_H_
#define PORTLAB_NAT_TUPLE_KEY_H_

#include <cstdint>

#include "portlab/base/rng.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"

namespace portlab::nat {

struct TupleKey {
  uint64_t addrs = 0;  // a << 32 | b
  uint64_t ports = 0;  // proto << 32 | pa << 16 | pb

  static TupleKey Of(net::Protocol p, net::AddrId a, uint16_t pa, net::AddrId b, uint16_t pb) {
    return {uint64_t{a} << 32 | b, uint64_t{static_cast<uint8_t>(p)} << 32 | uint64_t{pa} << 16 | pb};
  }
  friend bool operator==(const TupleKey&, const TupleKey&) = default;
  // One multiply-xorshift round per word: the keys are already dense ids.
  template <typename H>
  friend H AbslHashValue(H h, const TupleKey& k) {
    return H::combine(std::move(h), Mix64(k.addrs ^ (k.ports * 0x9e3779b97f4a7c15ULL)));
  }
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_TUPLE_KEY_H_
