// InitialSequence: the initial sequence numbers a host's TCP picks, as its
// OS picks them (RFC 9293 §3.4.1, RFC 6528).
//
// RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport,
// secretkey), M a clock. Linux does exactly that; the BSDs add their own
// offsets and draw a SYN|ACK's number at random; lwIP and ns-3 are
// predictable, as their sources are. F is a keyed hash keyed from the
// run's seed, standing in for the kernels' SipHash (Linux since 4.11), MD5
// (FreeBSD, XNU) and MD4 (older Linux), as the port strategies' TupleHash
// does for secure_port_ephemeral (stack/ephemeral_strategy.h): under a
// secret key one pseudo-random function looks like another, and what a
// capture shows (how numbers move with time, with the 4-tuple, from one
// connection to the next) is the clock's and the offsets' part. (SipHash
// itself measured 5.5 % more instructions on the lifecycle bench, where
// every connection asks twice; this hash is two SplitMix64 finalisers.)
//
// Example:
//   InitialSequence isn(IsnRule::kLinux, DeriveSeed(seed, "isn"));
//   uint32_t iss = isn.ForConnect(local, 40000, remote, 443, now);
//
// Deterministic: the same seed, 4-tuple, time and order of calls give the
// same numbers. Thread safety: none; one per host.
#ifndef PORTLAB_STACK_INITIAL_SEQUENCE_H_
#define PORTLAB_STACK_INITIAL_SEQUENCE_H_

#include <cstdint>
#include <cstring>
#include <string_view>

#include "portlab/base/rng.h"
#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"

namespace portlab::stack {

enum class IsnRule : uint8_t {
  // net/core/secure_seq.c secure_tcp_seq / secure_tcpv6_seq: a keyed hash
  // (SipHash) of the 4-tuple under a boot secret, plus seq_scale's ktime_get_real_ns() >> 6
  // (a 64 ns clock, "period of 274 s"). For connect() (tcp_v4_connect) and
  // for the SYN|ACK (tcp_v4_init_seq, from tcp_conn_request) alike.
  kLinux,
  // sys/netinet/tcp_subr.c tcp_new_isn (connect()): MD5 of the 4-tuple and
  // a secret, plus V_isn_offset, which grows by ISN_STATIC_INCREMENT (4096)
  // plus arc4random() & ISN_RANDOM_INCREMENT (4095) per ISN and at least
  // ISN_BYTES_PER_SECOND (1 MiB/s) of ticks (hz = 1000) between them. The
  // SYN|ACK: tcp_syncache.c syncache_add, sc_iss = arc4random().
  kFreeBsd,
  // XNU bsd/netinet/tcp_subr.c tcp_new_isn: MD5 of the 4-tuple and a
  // secret plus tv_sec * (ISN_BYTES_PER_SECOND / hz), hz = 100; a SYN|ACK
  // (a listener, tcp_strict_rfc1948 = 0, the default) takes RandomULong().
  kXnu,
  // Windows: undocumented; RFC 6528 as written (F plus a 4 µs clock, the
  // RFC 9293 §3.4.1 "4 microsecond timer"). Unverified.
  kWindows,
  // ns-3 tcp-socket-state.cc: m_nextTxSequence starts at 0 ("Change
  // m_nextTxSequence for non-zero initial sequence number"): every ISN is 0.
  kZero,
  // lwIP src/core/tcp.c tcp_next_iss: one counter per stack, from 6510,
  // advanced by tcp_ticks (500 ms slow-timer ticks since start) per ISN,
  // connect() and SYN|ACK alike.
  kLwip,
};

// "linux", "freebsd", "xnu", "windows", "zero", "lwip".
std::string_view IsnRuleName(IsnRule rule);

class InitialSequence {
 public:
  InitialSequence(IsnRule rule, uint64_t seed);

  // The ISN of a connection this host opens with connect(). (Linux's, the
  // common case, inline: every connection asks, twice with both ends.)
  uint32_t ForConnect(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                      uint16_t remote_port, SimTime now) {
    if (rule_ == IsnRule::kLinux) [[likely]] return LinuxIsn(local, local_port, remote, remote_port, now);
    return OtherForConnect(local, local_port, remote, remote_port, now);
  }
  // The ISN of the SYN|ACK this host answers a SYN with.
  uint32_t ForAccept(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                     uint16_t remote_port, SimTime now) {
    if (rule_ == IsnRule::kLinux) [[likely]] return LinuxIsn(local, local_port, remote, remote_port, now);
    return OtherForAccept(local, local_port, remote, remote_port, now);
  }

  // Linux tcp_twsk_unique and tcp_timewait_state_process (TCP_TW_SYN): a
  // connection that takes a TIME-WAIT's 4-tuple starts at the TIME-WAIT's
  // snd_nxt + 65535 + 2 (never 0), so its segments are newer than any of
  // the old connection's.
  static uint32_t AfterTimeWait(uint32_t time_wait_snd_nxt) {
    const uint32_t isn = time_wait_snd_nxt + 65535 + 2;
    return isn == 0 ? 1 : isn;
  }

 private:
  // seq_scale(secure_tcp_seq(...)): the hash plus ktime_get_real_ns() >> 6,
  // the simulated clock standing for the real-time clock.
  uint32_t LinuxIsn(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                    uint16_t remote_port, SimTime now) const {
    return Hash(local, local_port, remote, remote_port) + static_cast<uint32_t>(now.nanos() >> 6);
  }
  uint32_t OtherForConnect(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                           uint16_t remote_port, SimTime now);
  uint32_t OtherForAccept(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                          uint16_t remote_port, SimTime now);
  // F(): the keyed hash of the 4-tuple. An IPv4 pair inline, two
  // SplitMix64 finalisers over (saddr, daddr) and the ports; anything else
  // through TupleHash, out of line.
  uint32_t Hash(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                uint16_t remote_port) const {
    if (!local.is_v4() || !remote.is_v4()) [[unlikely]] return HashOther(local, local_port, remote, remote_port);
    uint32_t saddr, daddr;
    std::memcpy(&saddr, &local.bytes()[12], 4);
    std::memcpy(&daddr, &remote.bytes()[12], 4);
    const uint64_t h = Mix64(key0_ ^ (uint64_t{daddr} << 32 | saddr));
    return static_cast<uint32_t>(Mix64(h ^ key1_ ^ (uint64_t{local_port} << 16 | remote_port)));
  }
  [[gnu::noinline]] uint32_t HashOther(const net::IpAddress& local, uint16_t local_port,
                                       const net::IpAddress& remote, uint16_t remote_port) const;
  // arc4random() / RandomULong(): a keyed hash of a draw counter.
  uint32_t Random();

  IsnRule rule_;
  uint64_t key0_, key1_;
  uint64_t draws_ = 0;
  // FreeBSD: V_isn_offset, V_isn_offset_old, V_isn_last (ticks, ms).
  // lwIP: `iss` in isn_offset_.
  uint32_t isn_offset_ = 0;
  uint32_t isn_offset_old_ = 0;
  int64_t isn_last_ = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_INITIAL_SEQUENCE_H_
