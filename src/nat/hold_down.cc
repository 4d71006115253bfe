#include "portlab/nat/hold_down.h"

namespace portlab::nat {

void HoldDown::Hold(const TupleKey& key, sim::SimTime now) {
  if (length_ <= sim::Duration()) return;
  sim::SimTime until = now + length_;
  held_[key] = until;
  fifo_.emplace_back(until, key);
}

void HoldDown::Release(sim::SimTime now) {
  while (!fifo_.empty() && fifo_.front().first <= now) {
    auto it = held_.find(fifo_.front().second);
    // A later hold of the same port keeps it.
    if (it != held_.end() && it->second <= now) held_.erase(it);
    fifo_.pop_front();
  }
}

}  // namespace portlab::nat
