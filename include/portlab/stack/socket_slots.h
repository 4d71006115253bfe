// SocketSlots: a host's sockets by slot index, grown a chunk of 1,024 at a
// time. A slot never moves, so growing copies nothing and never touches
// twice the memory the way a doubling vector does (that and the page
// faults of its fresh copies were ~12 % of a 10^4-connection run), and
// chunks of 96 KiB come from malloc's pools, reused run after run.
//
// Example:
//   SocketSlots slots;
//   slots.emplace_back();       // slot 0, a default Socket
//   slots[0].state = TcpState::kListen;
//
// Thread safety: none; one per Host.
#ifndef PORTLAB_STACK_SOCKET_SLOTS_H_
#define PORTLAB_STACK_SOCKET_SLOTS_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "portlab/stack/socket.h"

namespace portlab::stack {

class SocketSlots {
 public:
  size_t size() const { return size_; }
  // REQUIRES: i < size().
  Socket& operator[](size_t i) { return chunks_[i >> kShift][i & kMask]; }
  const Socket& operator[](size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  // Starts loading slot i into the cache (a hint; changes nothing).
  // REQUIRES: i < size().
  void prefetch(size_t i) const { __builtin_prefetch(&(*this)[i]); }
  // Adds slot size() holding a default Socket.
  void emplace_back() {
    if ((size_ >> kShift) == chunks_.size()) chunks_.push_back(std::make_unique<Socket[]>(kChunk));
    ++size_;
  }

 private:
  static constexpr size_t kShift = 10;
  static constexpr size_t kChunk = size_t{1} << kShift;
  static constexpr size_t kMask = kChunk - 1;
  std::vector<std::unique_ptr<Socket[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_SOCKET_SLOTS_H_
