// SimTime and Duration: simulated time in integer nanoseconds.
//
// Nothing in portlab reads a wall clock; time is what the event queue says.
// Durations parse from the scenario forms "60s", "10ms", "1.5s", "250us",
// "100ns", "2m", "1h".
//
// Example:
//   Duration d = ParseDuration("1.5s").value();   // 1'500'000'000 ns
//   SimTime t = SimTime() + d;
#ifndef PORTLAB_BASE_TIME_H_
#define PORTLAB_BASE_TIME_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace portlab {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Nanos(int64_t n) { return Duration(n); }
  static constexpr Duration Micros(int64_t n) { return Duration(n * 1000); }
  static constexpr Duration Millis(int64_t n) { return Duration(n * 1000'000); }
  static constexpr Duration Seconds(int64_t n) { return Duration(n * 1000'000'000); }

  constexpr int64_t nanos() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr bool operator==(Duration, Duration) = default;

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

class SimTime {
 public:
  constexpr SimTime() = default;  // the start of the simulation
  static constexpr SimTime FromNanos(int64_t n) { return SimTime(n); }
  static constexpr SimTime Max() { return SimTime(INT64_MAX); }

  constexpr int64_t nanos() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }
  constexpr Duration since_start() const { return Duration::Nanos(ns_); }

  constexpr SimTime operator+(Duration d) const { return SimTime(ns_ + d.nanos()); }
  constexpr Duration operator-(SimTime o) const { return Duration::Nanos(ns_ - o.ns_); }
  friend constexpr auto operator<=>(SimTime, SimTime) = default;
  friend constexpr bool operator==(SimTime, SimTime) = default;

 private:
  constexpr explicit SimTime(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// Parses "<number><unit>" with unit ns, us, ms, s, m or h; a bare number is
// seconds. Negative values and more than 10^6 hours are InvalidArgument.
absl::StatusOr<Duration> ParseDuration(std::string_view text);

// "1.5s", "250ms", "0s": the shortest exact form.
std::string FormatDuration(Duration d);
// Seconds with up to 9 decimals and no trailing zeros: "1.5", "62.048".
std::string FormatSeconds(SimTime t);

}  // namespace portlab

#endif  // PORTLAB_BASE_TIME_H_
