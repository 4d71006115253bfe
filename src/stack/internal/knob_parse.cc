#include "stack/internal/knob_parse.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"

namespace portlab::stack::internal {

absl::Status BadKnob(std::string_view name, std::string_view value, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("sysctl ", AV(name), " = \"", AV(value), "\": ", AV(why)));
}

absl::StatusOr<int> ParseKnobInt(std::string_view name, std::string_view value, int lo, int hi) {
  int v = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(AV(value)), &v) || v < lo || v > hi) {
    return BadKnob(name, value, absl::StrCat("must be an integer from ", lo, " to ", hi));
  }
  return v;
}

absl::Status UnknownKnob(std::string_view name, const std::vector<KnobInfo>& known) {
  std::vector<absl::string_view> names;
  std::vector<std::string_view> candidates;
  for (const KnobInfo& i : known) {
    names.push_back(AV(i.name));
    candidates.push_back(i.name);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown sysctl \"", AV(name), "\"",
                                                 DidYouMean(name, candidates),
                                                 "; this profile knows: ", absl::StrJoin(names, ", ")));
}

}  // namespace portlab::stack::internal
