// ChunkedSlots: objects by slot index, grown a chunk of 2^kShift slots at a
// time. A slot never moves, so growing copies nothing and never touches
// twice the memory the way a doubling vector does (that and the page
// faults of its fresh copies were ~12 % of a 10^4-connection run when a
// host's sockets lived in a vector), and chunks come from malloc's pools,
// reused run after run. A chunk's slots are constructed one by one as they
// are added, so the pages of a chunk nobody reaches are never touched: a
// CGNAT scenario's 10^4 subscriber hosts, 100 sockets each, no longer
// write 96 KiB of sockets apiece.
//
// Example:
//   ChunkedSlots<Socket, 10> slots;   // chunks of 1,024 sockets
//   slots.emplace_back();             // slot 0, a default Socket
//   slots[0].state = TcpState::kListen;
//
// Thread safety: none.
#ifndef PORTLAB_BASE_CHUNKED_SLOTS_H_
#define PORTLAB_BASE_CHUNKED_SLOTS_H_

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace portlab {

template <typename T, size_t kShift>
class ChunkedSlots {
 public:
  ChunkedSlots() = default;
  ChunkedSlots(const ChunkedSlots&) = delete;
  ChunkedSlots& operator=(const ChunkedSlots&) = delete;
  ~ChunkedSlots() {
    for (size_t i = 0; i < size_; ++i) (*this)[i].~T();
    for (T* chunk : chunks_) std::allocator<T>().deallocate(chunk, kChunk);
  }

  size_t size() const { return size_; }
  // REQUIRES: i < size().
  T& operator[](size_t i) { return chunks_[i >> kShift][i & kMask]; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  // Starts loading slot i into the cache (a hint; changes nothing).
  // REQUIRES: i < size().
  void prefetch(size_t i) const { __builtin_prefetch(&(*this)[i]); }
  // Adds slot size() holding a default T.
  void emplace_back() {
    if ((size_ >> kShift) == chunks_.size()) chunks_.push_back(std::allocator<T>().allocate(kChunk));
    ::new (static_cast<void*>(&chunks_[size_ >> kShift][size_ & kMask])) T();
    ++size_;
  }

 private:
  static constexpr size_t kChunk = size_t{1} << kShift;
  static constexpr size_t kMask = kChunk - 1;
  std::vector<T*> chunks_;  // each kChunk slots, the first size_ constructed
  size_t size_ = 0;
};

}  // namespace portlab

#endif  // PORTLAB_BASE_CHUNKED_SLOTS_H_
