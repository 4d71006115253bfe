// Numbers as people type them in a scenario or on the command line, read
// strictly: decimal digits only, so "0x10", "010" read as octal, " 5",
// "5 ", "1e5" where an integer is meant, "inf", "nan" and a number too big
// for its type are all refused, never wrapped, saturated or reinterpreted.
// The scenario loader and the CLI's flags read numbers through these alone.
//
//   ParseDecimalInteger("-12")  -> -12       ParseDecimalInteger("0x10") -> nullopt
//   ParseDecimalUnsigned("-1")  -> nullopt   ParseDecimalUnsigned("18446744073709551616") -> nullopt
//   ParseDecimalNumber("2.5e3") -> 2500      ParseDecimalNumber("1e999") -> nullopt (not finite)
#ifndef PORTLAB_BASE_DECIMAL_H_
#define PORTLAB_BASE_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace portlab {

// [+-]?[0-9]+ within int64_t.
std::optional<int64_t> ParseDecimalInteger(std::string_view text);

// [+]?[0-9]+ within uint64_t.
std::optional<uint64_t> ParseDecimalUnsigned(std::string_view text);

// [+-]?([0-9]+(.[0-9]*)?|.[0-9]+)([eE][+-]?[0-9]+)?, finite as a double.
std::optional<double> ParseDecimalNumber(std::string_view text);

}  // namespace portlab

#endif  // PORTLAB_BASE_DECIMAL_H_
