// Bridges std::string_view and absl::string_view.
//
// Debian's Abseil (20220623) is built with ABSL_OPTION_USE_STD_STRING_VIEW
// 0, so absl::string_view is its own type and absl::StrCat, StrSplit and
// SimpleAtoi do not take a std::string_view. portlab's interfaces use
// std::string_view; these two functions convert at the Abseil boundary.
#ifndef PORTLAB_BASE_STRINGS_H_
#define PORTLAB_BASE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace portlab {

inline absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view SV(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace portlab

#endif  // PORTLAB_BASE_STRINGS_H_
