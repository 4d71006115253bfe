#include "portlab/nat/drop_reason.h"

#include <algorithm>

namespace portlab::nat {
namespace {

// Indexed by DropReason.
constexpr std::array<std::string_view, kDropReasonCount> kDropReasonNames = {
    "no-mapping",    "filtered",    "exhausted",  "subscriber-limit", "destination-limit",
    "session-limit", "hairpin-off", "no-session", "time-wait"};

constexpr std::array<DropReason, kDropReasonCount> kAll = {
    DropReason::kNoMapping,     DropReason::kFiltered,     DropReason::kExhausted,
    DropReason::kSubscriberLimit, DropReason::kDestinationLimit, DropReason::kSessionLimit,
    DropReason::kHairpinOff,    DropReason::kNoSession,    DropReason::kTimeWait};
static_assert(static_cast<size_t>(DropReason::kTimeWait) + 1 == kDropReasonCount);

constexpr std::array<DropReason, kDropReasonCount> SortedByName() {
  std::array<DropReason, kDropReasonCount> r = kAll;
  std::sort(r.begin(), r.end(), [](DropReason a, DropReason b) {
    return kDropReasonNames[static_cast<size_t>(a)] < kDropReasonNames[static_cast<size_t>(b)];
  });
  return r;
}
constexpr std::array<DropReason, kDropReasonCount> kByName = SortedByName();

}  // namespace

std::string_view DropReasonName(DropReason reason) { return kDropReasonNames[static_cast<size_t>(reason)]; }

std::string DropFigureName(DropReason reason) {
  std::string name = "drops_" + std::string(DropReasonName(reason));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

absl::Span<const DropReason> AllDropReasons() { return kAll; }

absl::Span<const DropReason> DropReasonsByName() { return kByName; }

}  // namespace portlab::nat
