#include "portlab/stack/initial_sequence.h"

#include "portlab/stack/ephemeral_strategy.h"

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
    : rule_(rule), key0_(DeriveSeed(seed, "isn-key-0")), key1_(DeriveSeed(seed, "isn-key-1")) {
  if (rule_ == IsnRule::kLwip) isn_offset_ = kLwipFirstIss;
}

uint32_t InitialSequence::HashOther(const net::IpAddress& local, uint16_t local_port, const net::IpAddress& remote,
                                    uint16_t remote_port) const {
  return static_cast<uint32_t>(TupleHash(key0_ ^ key1_, local, remote, net::Port(remote_port), local_port));
}

uint32_t InitialSequence::Random() { return static_cast<uint32_t>(Mix64(key1_ ^ Mix64(draws_++))); }

uint32_t InitialSequence::OtherForConnect(const net::IpAddress& local, uint16_t local_port,
                                          const net::IpAddress& remote, uint16_t remote_port, SimTime now) {
  const int64_t ns = now.nanos();
  switch (rule_) {
    case IsnRule::kLinux:
      return LinuxIsn(local, local_port, remote, remote_port, now);
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

uint32_t InitialSequence::OtherForAccept(const net::IpAddress& local, uint16_t local_port,
                                         const net::IpAddress& remote, uint16_t remote_port, SimTime now) {
  switch (rule_) {
    case IsnRule::kFreeBsd:
    case IsnRule::kXnu:
      return Random();
    default:
      return OtherForConnect(local, local_port, remote, remote_port, now);
  }
}

}  // namespace portlab::stack
