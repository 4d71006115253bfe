#include "portlab/base/time.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/limits.h"
#include "portlab/base/strings.h"

namespace portlab {
namespace {

constexpr int64_t kMaxNanos = limits::kMaxDurationNanos;

}  // namespace

absl::StatusOr<Duration> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", AV(text), "\" is not a duration (write e.g. 60s, 10ms, 1.5s)"));
  };
  if (!text.empty() && text.front() == '-') {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", AV(text), "\" is negative: a duration is 0 or more (e.g. 0s, 10ms)"));
  }
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  std::string_view number = text.substr(0, i), unit = text.substr(i);
  if (number.empty()) return bad();
  // Integer and fraction parts kept apart so "1.5s" is exact.
  size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : number.substr(dot + 1);
  if (frac.find('.') != std::string_view::npos || (whole.empty() && frac.empty())) return bad();
  int64_t scale;
  if (unit == "ns") scale = 1;
  else if (unit == "us") scale = 1000;
  else if (unit == "ms") scale = 1000'000;
  else if (unit == "s" || unit.empty()) scale = 1000'000'000;
  else if (unit == "m" || unit == "min") scale = int64_t{60} * 1000'000'000;
  else if (unit == "h") scale = int64_t{3600} * 1000'000'000;
  else return bad();
  uint64_t w = 0;
  if (!whole.empty() && (whole.size() > 12 || !absl::SimpleAtoi(AV(whole), &w))) return bad();
  if (static_cast<int64_t>(w) > kMaxNanos / scale) return bad();
  int64_t ns = static_cast<int64_t>(w) * scale;
  int64_t place = scale;
  for (char c : frac) {
    place /= 10;
    if (place == 0) {
      if (c != '0') return absl::InvalidArgumentError(absl::StrCat(
          "\"", AV(text), "\" is finer than a nanosecond"));
      continue;
    }
    ns += (c - '0') * place;
  }
  return Duration::Nanos(ns);
}

std::string FormatDuration(Duration d) {
  int64_t ns = d.nanos();
  if (ns == 0) return "0s";
  if (ns % 1000'000'000 == 0) return absl::StrCat(ns / 1000'000'000, "s");
  if (ns % 1000'000 == 0) return absl::StrCat(ns / 1000'000, "ms");
  if (ns % 1000 == 0) return absl::StrCat(ns / 1000, "us");
  return absl::StrCat(ns, "ns");
}

std::string FormatSeconds(SimTime t) {
  int64_t ns = t.nanos();
  std::string s = absl::StrFormat("%d.%09d", ns / 1000'000'000, ns % 1000'000'000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace portlab
