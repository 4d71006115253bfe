// Suggest: the "did you mean" of an error about an unknown name (a key,
// a host, an op, a profile, a knob, a subcommand).
//
// Example:
//   std::string hint = DidYouMean("adress", {"address", "addresses", "os"});
//   // hint == " (did you mean \"address\"?)"
//
// Thread safety: plain functions over values.
#ifndef PORTLAB_BASE_SUGGEST_H_
#define PORTLAB_BASE_SUGGEST_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace portlab {

// The edit distance of two names: insertions, deletions, substitutions and
// swaps of neighbouring bytes (the optimal string alignment distance), ASCII
// case ignored.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest `name` when it is near enough to be a slip: at
// most one edit for names of up to four characters, else at most a third
// of the longer name's length, and fewer edits than the shorter name has
// characters ("b" is no slip of "a"); "" when none is. Ties go to the first
// candidate, so the answer is the same on every run.
std::string_view Nearest(std::string_view name, absl::Span<const std::string_view> candidates);

// " (did you mean \"NEAREST\"?)" to follow the unknown name in a message,
// or "".
std::string DidYouMean(std::string_view name, absl::Span<const std::string_view> candidates);

}  // namespace portlab

#endif  // PORTLAB_BASE_SUGGEST_H_
