// EventFifo: one lane of the event queue (sim/event_queue.h), events in
// the order they were pushed.
//
// Example:
//   EventFifo lane;
//   lane.push_back(e);
//   Event first = lane.pop_front();
//
// Thread safety: none.
#ifndef PORTLAB_SIM_EVENT_FIFO_H_
#define PORTLAB_SIM_EVENT_FIFO_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include "portlab/sim/event.h"

namespace portlab::sim {

// A FIFO of events, oldest first, in blocks of kBlock events (56 KiB):
// it grows without copying, and emptied blocks are kept for reuse, so a
// lane's memory is touched once however long the run. The ends are raw
// pointers into the first and last blocks, so a push or pop on the fast
// path is a copy and an increment.
class EventFifo {
 public:
  EventFifo() = default;
  EventFifo(const EventFifo&) = delete;
  EventFifo& operator=(const EventFifo&) = delete;
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  const Event& front() const { return *head_; }
  // The k-th event from the front. REQUIRES: k < size().
  const Event& at(size_t k) const {
    const size_t in_head = static_cast<size_t>(head_end_ - head_);
    if (k < in_head) return head_[k];
    k -= in_head;
    return blocks_[1 + k / kBlock][k % kBlock];
  }
  const Event& back() const { return tail_[-1]; }
  Event& push_back(const Event& e) {
    Event& slot = push_back_slot();
    slot = e;
    return slot;
  }
  Event& push_back_slot() {
    if (tail_ == tail_end_) AddTailBlock();
    ++count_;
    return *tail_++;
  }
  Event pop_front() {
    Event e = *head_++;
    if (--count_ == 0) {
      Restart();
    } else if (head_ == head_end_) {
      DropHeadBlock();
    }
    return e;
  }

 private:
  static constexpr size_t kBlock = 1024;
  // A block for the tail (a spare one when there is one).
  void AddTailBlock() {
    if (spare_.empty()) {
      blocks_.push_back(std::make_unique<Event[]>(kBlock));
    } else {
      blocks_.push_back(std::move(spare_.back()));
      spare_.pop_back();
    }
    tail_ = blocks_.back().get();
    tail_end_ = tail_ + kBlock;
    if (blocks_.size() == 1) {
      head_ = tail_;
      head_end_ = tail_end_;
    }
  }
  // The head block is used up and events remain: on to the next block.
  void DropHeadBlock() {
    spare_.push_back(std::move(blocks_.front()));
    blocks_.pop_front();
    head_ = blocks_.front().get();
    head_end_ = head_ + kBlock;
  }
  // Empty: keep one block and start it over.
  void Restart() {
    while (blocks_.size() > 1) {
      spare_.push_back(std::move(blocks_.back()));
      blocks_.pop_back();
    }
    head_ = tail_ = blocks_.front().get();
    head_end_ = tail_end_ = head_ + kBlock;
  }
  std::deque<std::unique_ptr<Event[]>> blocks_;
  std::vector<std::unique_ptr<Event[]>> spare_;
  Event* head_ = nullptr;      // next to pop, in blocks_.front()
  Event* head_end_ = nullptr;  // the end of blocks_.front()
  Event* tail_ = nullptr;      // next free, in blocks_.back()
  Event* tail_end_ = nullptr;  // the end of blocks_.back()
  size_t count_ = 0;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_EVENT_FIFO_H_
