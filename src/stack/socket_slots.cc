#include "portlab/stack/socket_slots.h"

namespace portlab::stack {

Socket* SocketSlots::Lookup(SocketId s) {
  if (s.index >= slots_.size()) return nullptr;
  Socket& sk = slots_[s.index];
  if (!sk.live || sk.generation != s.generation) return nullptr;
  return &sk;
}

uint32_t SocketSlots::Allocate(net::Protocol protocol, bool v6) {
  uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Socket& s = slots_[index];
  uint32_t generation = s.generation + 1;
  // Timers armed for the slot's previous socket may still be queued: the
  // new socket keeps counting timer generations from where Free() left
  // them, or such a timer (generation 0) would act on it.
  const uint32_t timer_generation = s.timer_generation;
  s = Socket();
  s.generation = generation;
  s.timer_generation = timer_generation;
  s.live = true;
  s.user_open = true;
  s.protocol = protocol;
  s.v6 = v6;
  s.local_addr = v6 ? net::kAnyV6Id : net::kAnyV4Id;
  return index;
}

}  // namespace portlab::stack
