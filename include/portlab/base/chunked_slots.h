// ChunkedSlots: objects by slot index, grown a chunk at a time, each chunk
// twice the one before: 2^kShift slots, then 2^(kShift+1), and so on. A
// slot never moves, so growing copies nothing and never touches twice the
// memory the way a doubling vector does (that and the page faults of its
// fresh copies are what a vector of sockets costs a 10^4-connection run).
// A chunk's slots are constructed one by one as they
// are added, so pages of a chunk nobody reaches are never touched.
//
// Doubling keeps a small container dense. A host's sockets come in chunks
// of 2, 4, 8, ...: a CGNAT subscriber with one or two sockets at a time
// keeps 128 bytes of them, and one with 100 holds them in six chunks
// (8 KiB in all), not in one 96-KiB chunk of which it uses a tenth: 10^4
// such hosts no longer spread their sockets over a gigabyte of address
// space, a page or three each. Chunks are on ordinary pages, even a server's chunks of megabytes:
// slots are taken in order and read mostly near the newest (a connection's
// segments come close together in time), so they cost few TLB misses, while
// a huge page is dearer to fault in (bench/README.md, "Machine").
//
// kMaxLog2 bounds the slots at 2^kMaxLog2 (every 32-bit index by default).
// The chunk directory keeps its first kInlineChunks entries inline and the
// rest in an array allocated with the fifth chunk: 10^6 CGNAT subscribers,
// each with a socket container and a bind-bucket one that never pass their
// fourth chunk, keep 40 bytes of directory each instead of 256 and 128.
//
// Example:
//   ChunkedSlots<Socket, 4> slots;    // chunks of 16, 32, 64, ... sockets
//   slots.emplace_back();             // slot 0, a default Socket
//   slots[0].state = TcpState::kListen;
//
// Thread safety: none.
#ifndef PORTLAB_BASE_CHUNKED_SLOTS_H_
#define PORTLAB_BASE_CHUNKED_SLOTS_H_

#include <algorithm>
#include <bit>
#include <cstddef>
#include <memory>
#include <new>

#include "portlab/base/prefetch.h"

namespace portlab {

template <typename T, size_t kShift, size_t kMaxLog2 = 32>
class ChunkedSlots {
 public:
  ChunkedSlots() = default;
  ChunkedSlots(const ChunkedSlots&) = delete;  // dir_ may point into the object
  ChunkedSlots& operator=(const ChunkedSlots&) = delete;
  ~ChunkedSlots() {
    for (size_t i = 0; i < size_; ++i) (*this)[i].~T();
    for (size_t c = 0; c < kMaxChunks && (c < kInlineChunks || dir_ != inline_) && dir_[c] != nullptr; ++c)
      std::allocator<T>().deallocate(dir_[c], ChunkSize(c));
    if (dir_ != inline_) delete[] dir_;
  }

  size_t size() const { return size_; }
  // REQUIRES: i < size().
  T& operator[](size_t i) { return *Slot(i); }
  const T& operator[](size_t i) const { return *Slot(i); }
  // Starts loading slot i into the cache (a hint; changes nothing).
  // REQUIRES: i < size().
  void prefetch(size_t i) const { PrefetchForRead(Slot(i)); }
  // Adds slot size() holding a default T. REQUIRES: size() < 2^kMaxLog2.
  void emplace_back() {
    const size_t c = ChunkOf(size_);
    if (size_ + kFirst == ChunkSize(c)) {
      if (c == kInlineChunks) {  // the directory moves out, whole
        T** dir = new T*[kMaxChunks]();
        std::copy(inline_, inline_ + kInlineChunks, dir);
        dir_ = dir;
      }
      dir_[c] = std::allocator<T>().allocate(ChunkSize(c));
    }
    ::new (static_cast<void*>(Slot(size_))) T();
    ++size_;
  }

 private:
  static constexpr size_t kFirst = size_t{1} << kShift;
  // Enough chunks for 2^kMaxLog2 slots: slot 2^kMaxLog2 - 1 is number
  // 2^kMaxLog2 - 1 + kFirst < 2^(kMaxLog2 + 1), in chunk kMaxLog2 - kShift.
  static_assert(kShift < kMaxLog2 && kMaxLog2 <= 32);
  static constexpr size_t kMaxChunks = kMaxLog2 + 1 - kShift;
  static constexpr size_t kInlineChunks = kMaxChunks < 4 ? kMaxChunks : 4;
  static constexpr size_t ChunkSize(size_t c) { return kFirst << c; }
  // Slot i is number (i + kFirst) counting from chunk 0's first slot as
  // kFirst: chunk c holds the numbers [kFirst << c, kFirst << (c + 1)).
  static size_t ChunkOf(size_t i) { return std::bit_width(i + kFirst) - 1 - kShift; }
  T* Slot(size_t i) const {
    const size_t c = ChunkOf(i);
    return dir_[c] + (i + kFirst - ChunkSize(c));
  }
  // The chunk directory: chunk c has ChunkSize(c) slots, the first size_
  // constructed. dir_ is inline_ until the chunk past them, then an array
  // of kMaxChunks of its own.
  T* inline_[kInlineChunks] = {};
  T** dir_ = inline_;
  size_t size_ = 0;
};

}  // namespace portlab

#endif  // PORTLAB_BASE_CHUNKED_SLOTS_H_
