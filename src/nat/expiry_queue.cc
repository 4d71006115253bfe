#include "portlab/nat/expiry_queue.h"

#include <algorithm>

namespace portlab::nat {

void ExpiryQueue::Push(const ExpiryEntry& e) {
  // e becomes the first entry only where it goes before the current one.
  const bool first = size_ == 0 || Before(e, *top_);
  ++size_;
  // The lane whose last entry is the latest one not after e: the runs of
  // different timeouts keep to their own lanes.
  Lane* fit = nullptr;
  Lane* vacant = nullptr;
  for (Lane& lane : lanes_) {
    if (lane.empty()) {
      if (vacant == nullptr) vacant = &lane;
    } else if (!Before(e, lane.items.back()) && (fit == nullptr || Before(fit->items.back(), lane.items.back()))) {
      fit = &lane;
    }
  }
  if (fit == nullptr) fit = vacant;
  if (fit != nullptr) {
    fit->items.push_back(e);
    // Before the current first entry, e went to an empty lane: a lane's
    // last entry is never before the first entry of the queue.
    if (first) source_ = static_cast<int>(fit - lanes_);
  } else {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    if (first) source_ = kHeap;
  }
  PointAtTop();  // the entry, or its lane's storage, may have moved
}

int ExpiryQueue::Source() const {
  int best = kHeap;
  const ExpiryEntry* least = heap_.empty() ? nullptr : &heap_.front();
  for (int l = 0; l < kLanes; ++l) {
    const Lane& lane = lanes_[l];
    if (lane.empty()) continue;
    const ExpiryEntry& first = lane.items[lane.head];
    if (least == nullptr || Before(first, *least)) {
      least = &first;
      best = l;
    }
  }
  return best;
}

ExpiryEntry ExpiryQueue::Pop() {
  --size_;
  const ExpiryEntry e = *top_;
  if (source_ == kHeap) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
  } else {
    Lane& lane = lanes_[source_];
    ++lane.head;
    if (lane.empty()) {
      lane.items.clear();
      lane.head = 0;
    } else if (lane.head >= 4096 && lane.head * 2 >= lane.items.size()) {
      // Half taken: drop them, so a lane that never empties stays bounded.
      lane.items.erase(lane.items.begin(), lane.items.begin() + static_cast<std::ptrdiff_t>(lane.head));
      lane.head = 0;
    }
  }
  if (size_ == 0) {
    top_ = nullptr;
  } else {
    source_ = Source();
    PointAtTop();
  }
  return e;
}

}  // namespace portlab::nat
