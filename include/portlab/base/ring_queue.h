// RingQueue: a FIFO of small, trivially copyable values in one ring buffer
// whose size is a power of two, doubled when full.
//
// It replaces std::deque where a queue is kept per host: a deque allocates
// a 512-byte block and its 64-byte map when it is constructed and is 80
// bytes itself, which 10^6 subscriber hosts pay whether or not they ever
// queue anything (bench/README.md, "cgnat-day"). This one is 24 bytes and
// allocates nothing until the first push_back(), then 4 entries.
//
// Example:
//   RingQueue<Entry> q;
//   q.push_back({1, 2});
//   while (!q.empty()) { Use(q.front()); q.pop_front(); }
//
// Invariants:
//   - capacity() is 0 or a power of two >= 4, and size() <= capacity().
//   - (*this)[i] is the i-th value pushed after the last one popped.
//
// Thread safety: none.
#ifndef PORTLAB_BASE_RING_QUEUE_H_
#define PORTLAB_BASE_RING_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace portlab {

template <typename T>
class RingQueue {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // REQUIRES: !empty().
  const T& front() const { return data_[head_]; }
  // The i-th value from the front. REQUIRES: i < size().
  const T& operator[](size_t i) const { return data_[(head_ + i) & (capacity_ - 1)]; }
  // REQUIRES: size() < 2^31.
  void push_back(const T& v) {
    if (size_ == capacity_) Grow();
    data_[(head_ + size_) & (capacity_ - 1)] = v;
    ++size_;
  }
  // REQUIRES: !empty().
  void pop_front() {
    head_ = (head_ + 1) & (capacity_ - 1);
    --size_;
  }

 private:
  static constexpr uint32_t kFirstCapacity = 4;
  // Doubles the buffer (or makes the first), the values moved to its start.
  void Grow() {
    const uint32_t capacity = capacity_ == 0 ? kFirstCapacity : capacity_ * 2;
    std::unique_ptr<T[]> data(new T[capacity]);
    for (uint32_t i = 0; i < size_; ++i) data[i] = (*this)[i];
    data_ = std::move(data);
    capacity_ = capacity;
    head_ = 0;
  }

  std::unique_ptr<T[]> data_;
  uint32_t capacity_ = 0;
  uint32_t head_ = 0;
  uint32_t size_ = 0;
};

}  // namespace portlab

#endif  // PORTLAB_BASE_RING_QUEUE_H_
