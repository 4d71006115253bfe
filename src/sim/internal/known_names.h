// KnownNames: "a, b, c" from a list of profiles (anything with a `name`),
// for the "unknown X; profiles: ..." messages of the simulation's builders.
#ifndef PORTLAB_SIM_INTERNAL_KNOWN_NAMES_H_
#define PORTLAB_SIM_INTERNAL_KNOWN_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::sim {

template <typename Named>
std::string KnownNames(const std::vector<Named>& items) {
  std::string known;
  for (const Named& item : items) absl::StrAppend(&known, known.empty() ? "" : ", ", AV(item.name));
  return known;
}

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_KNOWN_NAMES_H_
