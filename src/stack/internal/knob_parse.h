// Parsing knob values, shared by the OS knob tables (knobs.cc, os_knobs.cc).
#ifndef PORTLAB_STACK_INTERNAL_KNOB_PARSE_H_
#define PORTLAB_STACK_INTERNAL_KNOB_PARSE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/stack/knobs.h"

namespace portlab::stack::internal {

// InvalidArgument "knob NAME = "VALUE": WHY".
absl::Status BadKnob(std::string_view name, std::string_view value, std::string_view why);
// An integer in [lo, hi] (surrounding blanks allowed).
absl::StatusOr<int> ParseKnobInt(std::string_view name, std::string_view value, int lo, int hi);
// InvalidArgument "unknown knob NAME; this profile knows: A, B, ...".
absl::Status UnknownKnob(std::string_view name, const std::vector<KnobInfo>& known);

}  // namespace portlab::stack::internal

#endif  // PORTLAB_STACK_INTERNAL_KNOB_PARSE_H_
