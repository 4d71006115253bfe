// DropReason: why a NAT box dropped a packet, and DropCounts, the drops of
// one box by reason.
//
// A reason is a value; its name ("no-mapping", ...) is made only where it
// is printed: the summary, the JSON `drops` object, the NAT CSV columns
// (`drops_no_mapping`, ...), the trace and the `expect:` figure names.
//
// Example:
//   DropCounts drops;
//   ++drops[DropReason::kFiltered];
//   for (DropReason r : DropReasonsByName()) {
//     if (drops[r] > 0) std::cout << DropReasonName(r) << " " << drops[r] << "\n";
//   }
//
// Thread safety: the functions are stateless; DropCounts is plain data.
#ifndef PORTLAB_NAT_DROP_REASON_H_
#define PORTLAB_NAT_DROP_REASON_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace portlab::nat {

// In documentation order, which is also the order of the NAT CSV's columns.
enum class DropReason : uint8_t {
  kNoMapping,         // inbound to an outside port no mapping holds
  kFiltered,          // inbound, refused by the mapping's filtering (RFC 4787 §5)
  kExhausted,         // no free outside port for a new mapping
  kSubscriberLimit,   // the inside address holds its quota of ports or blocks
  kDestinationLimit,  // the outside address's sessions to that remote are at the limit
  kSessionLimit,      // the box holds max_sessions sessions
  kHairpinOff,        // to an outside address of the box, hairpinning off
  kNoSession,         // a TCP segment (not a bare SYN) or ICMP error of no session
  kTimeWait,          // a SYN on the 4-tuple of a finished session, no eviction
};
inline constexpr size_t kDropReasonCount = 9;

// "no-mapping", "filtered", "exhausted", "subscriber-limit",
// "destination-limit", "session-limit", "hairpin-off", "no-session",
// "time-wait". The view is of static storage.
std::string_view DropReasonName(DropReason reason);
// The reason's `expect:` figure and NAT CSV column: "drops_" and the name
// with '-' as '_' ("drops_destination_limit").
std::string DropFigureName(DropReason reason);
// Every reason, in declaration order.
absl::Span<const DropReason> AllDropReasons();
// Every reason, sorted by name: the order the summary and the JSON list
// drops in.
absl::Span<const DropReason> DropReasonsByName();

// Drops by reason, each counter from 0.
class DropCounts {
 public:
  int64_t& operator[](DropReason r) { return counts_[static_cast<size_t>(r)]; }
  int64_t operator[](DropReason r) const { return counts_[static_cast<size_t>(r)]; }
  // All reasons together.
  int64_t total() const {
    int64_t n = 0;
    for (int64_t c : counts_) n += c;
    return n;
  }
  friend bool operator==(const DropCounts&, const DropCounts&) = default;

 private:
  std::array<int64_t, kDropReasonCount> counts_{};
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_DROP_REASON_H_
