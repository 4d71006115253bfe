// ConnTrack: the connection states a host's firewall reads (`ct state`),
// as netfilter's conntrack gives them (net/netfilter/nf_conntrack_core.c
// resolve_normal_ct, nf_conntrack_proto_icmp.c for RELATED).
//
// A flow is keyed by protocol and its 4-tuple in the direction of its first
// packet (the original direction). A packet of a flow not yet seen is NEW;
// one of a flow that has seen a packet in each direction, or one in the
// reply direction, is ESTABLISHED; an ICMP error quoting a tracked flow is
// RELATED; an ICMP error about nothing tracked has no state (INVALID: no
// `ct state` selector matches it).
//
// Example:
//   ConnTrack ct;
//   uint8_t s = ct.StateOf(syn);   // kCtNew
//   ct.Confirm(syn);               // the SYN was accepted: the flow is known
//   ct.StateOf(syn_ack);           // kCtEstablished (reply direction)
//
// Invariants:
//   - A flow enters the table only through Confirm(), which the firewall
//     calls for a packet it let through (nf_conntrack_confirm: a dropped
//     packet leaves no entry).
//   - Entries stay until the run ends: conntrack's timeouts (TCP's 5 days
//     established, UDP's 30 s / 120 s) and TCP's window tracking are not
//     modelled.
//   - Only hosts whose rules read `ct state` keep one (stack/firewall.h).
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_CONNTRACK_H_
#define PORTLAB_STACK_CONNTRACK_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "portlab/net/segment.h"

namespace portlab::stack {

class ConnTrack {
 public:
  // kCtNew, kCtEstablished, kCtRelated (stack/firewall_rule.h), or 0.
  uint8_t StateOf(const net::Segment& seg) const;
  // `seg` passed the firewall: its flow is tracked from now on, and a
  // packet in the reply direction marks it as answered.
  void Confirm(const net::Segment& seg);
  size_t size() const { return flows_.size(); }

 private:
  struct Key {
    uint8_t protocol;
    net::AddrId src, dst;
    uint16_t sport, dport;
    friend bool operator==(const Key&, const Key&) = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.protocol, k.src, k.dst, k.sport, k.dport);
    }
  };
  static Key Forward(const net::Segment& seg);
  static Key Reverse(const Key& k) { return {k.protocol, k.dst, k.src, k.dport, k.sport}; }
  // Keyed in the original direction; the value: a reply has been seen.
  absl::flat_hash_map<Key, bool> flows_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_CONNTRACK_H_
