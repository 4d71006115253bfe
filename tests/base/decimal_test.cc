#include "portlab/base/decimal.h"

#include <catch2/catch.hpp>

namespace portlab {
namespace {

TEST_CASE("decimal integers: digits only, within int64, never wrapped", "[base]") {
  struct Case {
    const char* text;
    std::optional<int64_t> want;
  } cases[] = {
      {"0", 0},
      {"42", 42},
      {"-12", -12},
      {"+7", 7},
      {"010", 10},  // decimal, not octal
      {"9223372036854775807", INT64_MAX},
      {"-9223372036854775808", INT64_MIN},
      {"9223372036854775808", std::nullopt},
      {"0x10", std::nullopt},
      {"1e3", std::nullopt},
      {"1.0", std::nullopt},
      {" 5", std::nullopt},
      {"5 ", std::nullopt},
      {"", std::nullopt},
      {"-", std::nullopt},
      {"+-1", std::nullopt},
      {"++1", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(ParseDecimalInteger(c.text) == c.want);
  }
}

TEST_CASE("decimal unsigned: no sign wraps, 2^64 does not saturate", "[base]") {
  struct Case {
    const char* text;
    std::optional<uint64_t> want;
  } cases[] = {
      {"0", 0},
      {"18446744073709551615", UINT64_MAX},
      {"18446744073709551616", std::nullopt},
      {"-1", std::nullopt},
      {"-0", std::nullopt},
      {"+3", 3},
      {"0x10", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(ParseDecimalUnsigned(c.text) == c.want);
  }
}

TEST_CASE("decimal numbers: finite, no hex, no inf or nan", "[base]") {
  struct Case {
    const char* text;
    std::optional<double> want;
  } cases[] = {
      {"16", 16.0},
      {"2.5", 2.5},
      {"-2.5", -2.5},
      {"+.5", 0.5},
      {"5.", 5.0},
      {"2.5e3", 2500.0},
      {"1E-3", 0.001},
      {"0x10", std::nullopt},
      {"0x1p4", std::nullopt},
      {"inf", std::nullopt},
      {"nan", std::nullopt},
      {"1e999", std::nullopt},
      {"1e-999", std::nullopt},
      {".", std::nullopt},
      {"e5", std::nullopt},
      {"1e", std::nullopt},
      {"1.2.3", std::nullopt},
      {" 1", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(ParseDecimalNumber(c.text) == c.want);
  }
}

}  // namespace
}  // namespace portlab
