// Socket: one socket's state inside a Host, addressed by SocketId.
//
// Sockets live in a vector owned by the Host and are addressed by index
// (never by pointer); a slot is reused after the socket is gone, so a
// SocketId carries the slot's generation and stale ids are detected.
// TIME-WAIT is the same slot in state kTimeWait after the user closed it.
#ifndef PORTLAB_STACK_SOCKET_H_
#define PORTLAB_STACK_SOCKET_H_

#include <cstdint>
#include <string_view>

#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"

namespace portlab::stack {

struct SocketId {
  uint32_t index = UINT32_MAX;
  uint32_t generation = 0;
  bool valid() const { return index != UINT32_MAX; }
  friend bool operator==(SocketId, SocketId) = default;
};

// RFC 9293 §3.3.2 states.
enum class TcpState : uint8_t {
  kClosed,
  kListen,
  kSynSent,
  kSynReceived,
  kEstablished,
  kFinWait1,
  kFinWait2,
  kCloseWait,
  kClosing,
  kLastAck,
  kTimeWait,
};
// "ESTABLISHED", "TIME-WAIT", ... as RFC 9293 writes them.
std::string_view TcpStateName(TcpState s);

inline constexpr uint32_t kNoSocket = UINT32_MAX;

struct Socket {
  uint32_t generation = 0;
  net::Protocol protocol = net::Protocol::kTcp;
  TcpState state = TcpState::kClosed;
  bool live = false;        // the slot holds a socket
  bool user_open = false;   // the application still holds it (not close()d)
  bool v6 = false;          // AF_INET6
  // Socket options.
  bool reuseaddr = false;
  bool reuseport = false;
  bool bind_address_no_port = false;
  bool v6only = false;
  bool randomport = false;
  bool exclusiveaddruse = false;
  uint16_t range_lo = 0;  // IP_LOCAL_PORT_RANGE
  uint16_t range_hi = 0;
  uint32_t uid = 0;
  // Binding. `bound` means the socket owns (local_addr, local_port) in the
  // bind table; `explicit_bind` that bind()/listen() put it there (Linux:
  // a bucket with fastreuse >= 0), not connect()'s automatic selection.
  bool bound = false;
  bool explicit_bind = false;
  bool address_only = false;  // IP_BIND_ADDRESS_NO_PORT: address set, port deferred
  bool connected = false;     // in the connection table (TCP) / UDP connect()
  bool listed = false;        // in the listener table (TCP LISTEN, UDP bound)
  // TCP: counted in its bind bucket's one_v4_owners (bound to one IPv4
  // address, the bucket's port marked in Table::one_v4_ports).
  bool counted_one_v4 = false;
  uint8_t syn_transmissions = 0;  // (beside the flags: the Socket stays 96 bytes)
  net::AddrId local_addr = net::kAnyV4Id;
  net::AddrId remote_addr = net::kAnyV4Id;
  uint16_t local_port = 0;
  uint16_t remote_port = 0;
  uint32_t parent = kNoSocket;  // the listener an accepted socket came from
  uint32_t parent_generation = 0;
  uint32_t bucket = 0;          // while bound: its bind bucket (Host's Table::bucket_pool)
  uint32_t bucket_slot = 0;     // position among its bind bucket's owners
  uint32_t timer_generation = 0;
  int64_t time_wait_since = 0;  // ns; when TIME-WAIT was entered
  int64_t close_after = -1;     // listener: ns after ESTABLISHED to close children
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
};
// A host at 10^6 connections holds 10^6 of these: the memory figures
// (bench/README.md, "Memory") count on 96 bytes.
static_assert(sizeof(Socket) == 96);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_SOCKET_H_
