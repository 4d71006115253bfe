// Progress lines on a terminal: the CLI's, never the core's (the core has
// no clock). Everything here writes to stderr and only when stderr is a
// terminal; otherwise each call does nothing, so piped or redirected output
// carries nothing extra.
//
// Example:
//   ProgressBar bar("sweep");
//   bar.Update(done, total);   // redrawn at most 10 times a second
//   bar.Finish();              // erases the line
#ifndef PORTLAB_CLI_PROGRESS_H_
#define PORTLAB_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "portlab/base/time.h"

namespace portlab::cli {

// True when stderr is a terminal.
bool StderrIsTerminal();

// A bar for a known number of items: "[#####.....] 12/40 runs  3 s  ETA 7 s".
class ProgressBar {
 public:
  explicit ProgressBar(std::string what);
  void Update(int64_t done, int64_t total);
  void Finish();

 private:
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// The progress of one long run: "simulated 12.5 s  3.1 M events/s". Fed by
// the Simulation's progress hook (simulated time, events run so far).
class RunProgress {
 public:
  RunProgress();
  bool enabled() const { return enabled_; }
  void Update(SimTime now, int64_t events);
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_PROGRESS_H_
