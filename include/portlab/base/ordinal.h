// Ordinal: an English ordinal number, "1st", "2nd", "3rd", "4th", "11th",
// "435th": the exercise sheets' questions and the prediction line's "the
// 435th to connect" say which one of a count.
#ifndef PORTLAB_BASE_ORDINAL_H_
#define PORTLAB_BASE_ORDINAL_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace portlab {

// REQUIRES: n >= 0.
inline std::string Ordinal(int64_t n) {
  const int64_t tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return absl::StrCat(n, suffix);
}

}  // namespace portlab

#endif  // PORTLAB_BASE_ORDINAL_H_
