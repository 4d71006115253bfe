// KnownNames: "a, b, c" from a list of profiles (anything with a `name`),
// for the "unknown X; profiles: ..." messages of the model's checks, and
// NearestName, their "did you mean" (suggest.h).
//
// Example:
//   NearestName("freebds", stack::Profiles())  // " (did you mean \"freebsd\"?)"
#ifndef PORTLAB_BASE_KNOWN_NAMES_H_
#define PORTLAB_BASE_KNOWN_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"

namespace portlab {

template <typename Named>
std::string KnownNames(const std::vector<Named>& items) {
  std::string known;
  for (const Named& item : items) absl::StrAppend(&known, known.empty() ? "" : ", ", AV(item.name));
  return known;
}

// " (did you mean \"NAME\"?)" when `name` looks like a slip of an item's
// name (base/suggest.h), else "".
template <typename Named>
std::string NearestName(std::string_view name, const std::vector<Named>& items) {
  std::vector<std::string_view> names;
  names.reserve(items.size());
  for (const Named& item : items) names.push_back(item.name);
  return DidYouMean(name, names);
}

}  // namespace portlab

#endif  // PORTLAB_BASE_KNOWN_NAMES_H_
