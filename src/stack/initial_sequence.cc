#include "portlab/stack/initial_sequence.h"

#include <array>
#include <cstring>

#include "portlab/base/rng.h"

namespace portlab::stack {
namespace {

// FreeBSD sys/netinet/tcp_subr.c; XNU bsd/netinet/tcp_subr.c.
constexpr uint32_t kIsnBytesPerSecond = 1048576;
constexpr uint32_t kIsnStaticIncrement = 4096;
constexpr uint32_t kIsnRandomIncrement = 4096 - 1;
constexpr int64_t kFreeBsdHz = 1000;
constexpr int64_t kXnuHz = 100;
// lwIP src/core/tcp.c: `static u32_t iss = 6510`; TCP_SLOW_INTERVAL 500 ms.
constexpr uint32_t kLwipFirstIss = 6510;
constexpr int64_t kLwipSlowIntervalMs = 500;

// Appends `a` in network byte order; returns the next position.
size_t PutAddress(std::array<uint8_t, 36>& b, size_t at, const net::IpAddress& a) {
  if (a.is_v4()) {
    const uint32_t v = a.v4();
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
    return at + 4;
  }
  for (int i = 0; i < 16; ++i) b[at + i] = a.bytes()[i];
  return at + 16;
}

size_t PutPort(std::array<uint8_t, 36>& b, size_t at, uint16_t port) {
  b[at] = static_cast<uint8_t>(port >> 8);
  b[at + 1] = static_cast<uint8_t>(port);
  return at + 2;
}

}  // namespace

std::string_view IsnRuleName(IsnRule rule) {
  switch (rule) {
    case IsnRule::kLinux: return "linux";
    case IsnRule::kFreeBsd: return "freebsd";
    case IsnRule::kXnu: return "xnu";
    case IsnRule::kWindows: return "windows";
    case IsnRule::kZero: return "zero";
    case IsnRule::kLwip: return "lwip";
  }
  return "?";
}

InitialSequence::InitialSequence(IsnRule rule, uint64_t seed)
    : rule_(rule), key_{DeriveSeed(seed, "isn-key-0"), DeriveSeed(seed, "isn-key-1")} {
  if (rule_ == IsnRule::kLwip) isn_offset_ = kLwipFirstIss;
}

uint32_t InitialSequence::Hash(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                               uint16_t remote_port) {
  // Linux's layout (secure_tcp_seq: saddr, daddr, then dport and sport as
  // siphash_3u32 lays out `sport << 16 | dport` on a little-endian machine;
  // secure_tcpv6_seq: saddr, daddr, sport, dport). The BSDs hash the
  // same fields in another order; under a secret key the order is not
  // observable.
  if (local.is_v4() && remote.is_v4()) {
    // The bytes below, as siphash_3u32 takes them: the first word the
    // little-endian load of both addresses in network order, the second
    // the ports' 4 bytes with the length (12) in its top byte.
    uint32_t saddr, daddr;
    std::memcpy(&saddr, &local.bytes()[12], 4);
    std::memcpy(&daddr, &remote.bytes()[12], 4);
    const uint64_t addresses = uint64_t{daddr} << 32 | saddr;
    if (addresses != cached_addresses_ || !cached_) {
      after_addresses_ = SipState::Init(key_);
      after_addresses_.Absorb(addresses);
      cached_addresses_ = addresses;
      cached_ = true;
    }
    SipState s = after_addresses_;
    const uint32_t ports = uint32_t{__builtin_bswap16(remote_port)} | uint32_t{__builtin_bswap16(local_port)} << 16;
    s.Absorb(uint64_t{12} << 56 | ports);
    return static_cast<uint32_t>(s.Finish());
  }
  std::array<uint8_t, 36> b{};
  size_t at = PutAddress(b, 0, local);
  at = PutAddress(b, at, remote);
  if (local.is_v4()) {
    at = PutPort(b, at, remote_port);
    at = PutPort(b, at, local_port);
  } else {
    at = PutPort(b, at, local_port);
    at = PutPort(b, at, remote_port);
  }
  return static_cast<uint32_t>(SipHash24(key_, b.data(), at));
}

uint32_t InitialSequence::Random() {
  std::array<uint8_t, 8> b{};
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(draws_ >> (8 * i));
  ++draws_;
  return static_cast<uint32_t>(SipHash24(SipKey{key_.k1, key_.k0}, b.data(), b.size()));
}

uint32_t InitialSequence::ForConnect(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                                     uint16_t remote_port, SimTime now) {
  const int64_t ns = now.nanos();
  switch (rule_) {
    case IsnRule::kLinux:
      // seq_scale: hash + (ktime_get_real_ns() >> 6); the simulated clock
      // stands for the real-time clock.
      return Hash(local, local_port, remote, remote_port) + static_cast<uint32_t>(ns >> 6);
    case IsnRule::kFreeBsd: {
      isn_offset_ += kIsnStaticIncrement + (Random() & kIsnRandomIncrement);
      const int64_t ticks = ns / (1'000'000'000 / kFreeBsdHz);
      if (ticks != isn_last_) {
        const uint32_t projected =
            isn_offset_old_ + kIsnBytesPerSecond / kFreeBsdHz * static_cast<uint32_t>(ticks - isn_last_);
        if (static_cast<int32_t>(projected - isn_offset_) > 0) isn_offset_ = projected;  // SEQ_GT
        isn_offset_old_ = isn_offset_;
        isn_last_ = ticks;
      }
      return Hash(local, local_port, remote, remote_port) + isn_offset_;
    }
    case IsnRule::kXnu: {
      const uint32_t seconds = static_cast<uint32_t>(ns / 1'000'000'000);
      return Hash(local, local_port, remote, remote_port) + seconds * (kIsnBytesPerSecond / kXnuHz);
    }
    case IsnRule::kWindows:
      return Hash(local, local_port, remote, remote_port) + static_cast<uint32_t>(ns / 4000);
    case IsnRule::kZero:
      return 0;
    case IsnRule::kLwip:
      isn_offset_ += static_cast<uint32_t>(ns / 1'000'000 / kLwipSlowIntervalMs);  // iss += tcp_ticks
      return isn_offset_;
  }
  return 0;
}

uint32_t InitialSequence::ForAccept(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                                    uint16_t remote_port, SimTime now) {
  switch (rule_) {
    case IsnRule::kFreeBsd:
    case IsnRule::kXnu:
      return Random();
    default:
      return ForConnect(local, local_port, remote, remote_port, now);
  }
}

}  // namespace portlab::stack
