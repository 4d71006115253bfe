// SocketSlots: a host's sockets, each in a slot addressed by index. A slot
// is reused once its socket is gone, so a SocketId carries the slot's
// generation and a stale id is told apart from the slot's new socket.
//
// Example:
//   SocketSlots slots;
//   uint32_t i = slots.Allocate(net::Protocol::kTcp, /*v6=*/false);
//   SocketId id{i, slots[i].generation};
//   slots.Free(i);
//   slots.Lookup(id);  // nullptr: stale
//
// Invariants:
//   - A slot holds a socket (Socket::live) from Allocate() to Free(); a
//     freed slot is reused before the slots grow, the last freed first.
//   - Every Allocate() of a slot gives it a generation above the one
//     before, so Lookup() of an id from an earlier socket returns nullptr.
//   - Free() raises the slot's timer_generation and Allocate() keeps it:
//     a timer armed for an earlier socket of the slot never matches a
//     later one.
//   - Slots never move (chunks of 2, 4, 8, ... sockets): a Socket& stays
//     valid across Allocate().
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_SOCKET_SLOTS_H_
#define PORTLAB_STACK_SOCKET_SLOTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "portlab/base/chunked_slots.h"
#include "portlab/net/port.h"
#include "portlab/stack/socket.h"

namespace portlab::stack {

class SocketSlots {
 public:
  // A new socket (user_open, unbound, on the family's wildcard address);
  // returns its slot.
  uint32_t Allocate(net::Protocol protocol, bool v6);
  // The socket in slot `index` is gone. REQUIRES: it is live.
  void Free(uint32_t index) {
    Socket& s = slots_[index];
    s.live = false;
    s.user_open = false;
    ++s.timer_generation;  // outstanding timers become stale
    free_.push_back(index);
  }
  // The socket `id` names, or nullptr when the id is stale.
  Socket* Lookup(SocketId id);
  const Socket* Lookup(SocketId id) const { return const_cast<SocketSlots*>(this)->Lookup(id); }

  // REQUIRES: i < size().
  Socket& operator[](size_t i) { return slots_[i]; }
  const Socket& operator[](size_t i) const { return slots_[i]; }
  // Slots ever used, live or free.
  size_t size() const { return slots_.size(); }
  // A hint: starts loading slot i. REQUIRES: i < size().
  void prefetch(size_t i) const { slots_.prefetch(i); }

 private:
  // Sockets in chunks of 2, 4, 8, ... (128 bytes, 256, 512, ...): a
  // subscriber host holds one or two sockets at once, and 10^6 of them
  // would keep 1 KiB each in a first chunk of 16 (bench/README.md,
  // "cgnat-day").
  ChunkedSlots<Socket, 1> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_SOCKET_SLOTS_H_
