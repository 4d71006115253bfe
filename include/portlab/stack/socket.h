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

// 64 bytes: a host at 10^6 connections holds 10^6 of these. What only a
// few sockets need lives beside the slots in the Host: a listener's
// close_after, a socket's IP_LOCAL_PORT_RANGE. Not aligned to cache lines:
// alignas(64) measured slower on the CGNAT scenario, through where glibc
// put the aligned chunks.
struct Socket {
  uint32_t generation = 0;
  net::Protocol protocol = net::Protocol::kTcp;
  TcpState state = TcpState::kClosed;
  uint8_t syn_transmissions = 0;
  bool live : 1 = false;       // the slot holds a socket
  bool user_open : 1 = false;  // the application still holds it (not close()d)
  bool v6 : 1 = false;         // AF_INET6
  // Socket options.
  bool reuseaddr : 1 = false;
  bool reuseport : 1 = false;
  bool bind_address_no_port : 1 = false;
  bool v6only : 1 = false;
  bool randomport : 1 = false;
  bool exclusiveaddruse : 1 = false;
  bool has_port_range : 1 = false;  // IP_LOCAL_PORT_RANGE set (Host keeps the range)
  bool broadcast : 1 = false;       // SO_BROADCAST: may send to a broadcast address
  // Binding. `bound` means the socket owns (local_addr, local_port) in the
  // bind table; `explicit_bind` that bind()/listen() put it there (Linux:
  // a bucket with fastreuse >= 0), not connect()'s automatic selection.
  bool bound : 1 = false;
  bool explicit_bind : 1 = false;
  bool address_only : 1 = false;  // IP_BIND_ADDRESS_NO_PORT: address set, port deferred
  // Bound to a broadcast or multicast address (SourceRouter::IsGroupAddress):
  // it receives there and sends from the route's source (__inet_bind:
  // inet_saddr = 0).
  bool group_address : 1 = false;
  bool connected : 1 = false;     // in the connection table (TCP) / UDP connect()
  bool listed : 1 = false;        // in the listener table (TCP LISTEN, UDP bound)
  // TCP: counted in its bind bucket's one_v4_owners (bound to one IPv4
  // address, the bucket's port marked in PortTable::one_v4_ports()).
  bool counted_one_v4 : 1 = false;
  // A request went out on it (Host::Request): the Host keeps its
  // conversation (the requests awaited, who answered last) until the slot
  // is freed.
  bool requested : 1 = false;
  // TCP: both SYNs carried the timestamps option (RFC 7323 §3.2), as a
  // TIME-WAIT's tw_ts_recent_stamp remembers.
  bool timestamps : 1 = false;
  // The app it runs (stack/app.h), as 1 + its index in the Host's apps;
  // 0: none. In padding that was there: the struct stays 64 bytes.
  uint16_t app = 0;
  uint16_t local_port = 0;
  uint16_t remote_port = 0;
  net::AddrId local_addr = net::kAnyV4Id;
  net::AddrId remote_addr = net::kAnyV4Id;
  uint32_t uid = 0;
  uint32_t parent = kNoSocket;  // the listener an accepted socket came from
  uint32_t parent_generation = 0;
  uint32_t bucket = 0;          // while bound: its bind bucket (stack/port_table.h)
  uint32_t bucket_slot = 0;     // position among its bind bucket's owners
  uint32_t timer_generation = 0;
  int64_t time_wait_since = 0;  // ns; when TIME-WAIT was entered
  // TCP (RFC 9293 §3.3.1): SND.NXT, the next sequence number to send
  // (before the SYN: 0, or the ISN a TIME-WAIT handed over, as Linux's
  // write_seq), and RCV.NXT, the next expected. Received data advances
  // rcv_nxt (UDP too, from 0): it counts the bytes received, modulo 2^32.
  uint32_t snd_nxt = 0;
  uint32_t rcv_nxt = 0;
};
// A host at 10^6 connections holds 10^6 of these: the memory figures
// (bench/README.md, "Memory") count on 64 bytes.
static_assert(sizeof(Socket) == 64);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_SOCKET_H_
