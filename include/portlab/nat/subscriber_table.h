// SubscriberTable: a NAT's figures per subscriber (inside address): the
// mappings it holds now and at its peak, and its port blocks.
//
// The records are a vector indexed by the address's id (ids are dense:
// net::AddressPool interns every address of a run), so the update every
// new and every ended mapping makes is one direct access. At 10^4
// subscribers a hash map's lookup missed the cache twice (control byte,
// then slot).
//
// A subscriber is listed from its first update on, even when all its
// figures are back to zero.
//
// Example:
//   SubscriberTable subs;
//   ++subs[x].ports;
//   if (subs.Ports(x) >= limit) ...;
//   subs.ForEach([](net::AddrId a, const SubscriberFigures& f) { ... });
//
// Not thread-safe.
#ifndef PORTLAB_NAT_SUBSCRIBER_TABLE_H_
#define PORTLAB_NAT_SUBSCRIBER_TABLE_H_

#include <cstdint>
#include <vector>

#include "portlab/nat/nat_figures.h"
#include "portlab/net/address_pool.h"

namespace portlab::nat {

class SubscriberTable {
 public:
  // The subscriber's figures, listed (zeroed) when it is new.
  SubscriberFigures& operator[](net::AddrId subscriber) {
    if (subscriber >= records_.size()) records_.resize(subscriber + 1);
    Record& r = records_[subscriber];
    if (!r.listed) {
      r.listed = true;
      order_.push_back(subscriber);
    }
    return r.figures;
  }
  // The mappings it holds now (0 for one never listed).
  int64_t Ports(net::AddrId subscriber) const {
    return subscriber < records_.size() ? records_[subscriber].figures.ports : 0;
  }
  size_t size() const { return order_.size(); }
  // Every listed subscriber, in the order they were first listed.
  template <typename F>
  void ForEach(F&& f) const {
    for (net::AddrId a : order_) f(a, records_[a].figures);
  }

 private:
  struct Record {
    SubscriberFigures figures;
    bool listed = false;
  };
  std::vector<Record> records_;   // by address id
  std::vector<net::AddrId> order_;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_SUBSCRIBER_TABLE_H_
