#include "portlab/base/decimal.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace portlab {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Skips a run of digits from `i`; returns how many.
size_t Digits(std::string_view s, size_t& i) {
  const size_t from = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i - from;
}

// The whole of `s` is the decimal number grammar above.
bool IsDecimalNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t mantissa = Digits(s, i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += Digits(s, i);
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (Digits(s, i) == 0) return false;
  }
  return i == s.size();
}

template <typename T>
std::optional<T> ParseWhole(std::string_view text) {
  T v{};
  const char* end = text.data() + text.size();
  const std::from_chars_result r = std::from_chars(text.data(), end, v, 10);
  if (r.ec != std::errc() || r.ptr != end) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int64_t> ParseDecimalInteger(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || !IsDigit(text.front())) return std::nullopt;  // "+-1", "++1"
  }
  return ParseWhole<int64_t>(text);  // from_chars: digits after an optional '-' only
}

std::optional<uint64_t> ParseDecimalUnsigned(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || !IsDigit(text.front())) return std::nullopt;
  return ParseWhole<uint64_t>(text);
}

std::optional<double> ParseDecimalNumber(std::string_view text) {
  if (!IsDecimalNumber(text)) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const char* end = text.data() + text.size();
  const std::from_chars_result r = std::from_chars(text.data(), end, v, std::chars_format::general);
  // Out of range (1e999) is an error; a value too small to represent
  // (1e-999) is refused too, since it would read as 0 or a denormal.
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace portlab
