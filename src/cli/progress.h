// Progress on stderr: the CLI's, never the core's (the core has no clock).
// Its style is --progress's (run and sweep):
//   auto   a bar redrawn in place when stderr is a terminal and TERM is not
//          "dumb"; nothing otherwise (the default)
//   bar    the bar, wherever stderr goes
//   plain  a line every 5 s of wall time and one at the end, with no
//          carriage return or escape sequence: for Slurm and CI logs
//   none   nothing
//
// Example:
//   ProgressBar bar("sweep", style);
//   bar.Update(done, total);   // redrawn at most 10 times a second
//   bar.Finish();              // erases the bar; plain: "sweep: 40/40 runs in 20.3 s"
#ifndef PORTLAB_CLI_PROGRESS_H_
#define PORTLAB_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "portlab/base/time.h"

namespace portlab::cli {

enum class ProgressStyle { kBar, kPlain, kNone };

// Adds --progress MODE (auto, bar, plain, none; default auto) to `command`.
void AddProgressOption(CLI::App& command, std::string& mode);

// The style --progress `mode` gives here: auto looks at stderr and TERM.
ProgressStyle ProgressStyleOf(const std::string& mode);

// Runs done of a known number: "sweep [#####.....] 12/40 runs  3.0 s  ETA 7 s"
// (bar), "sweep: 12/40 runs (30 %), 4.0 runs/s, 3 s elapsed, about 7 s left"
// (plain).
class ProgressBar {
 public:
  ProgressBar(std::string what, ProgressStyle style);
  void Update(int64_t done, int64_t total);
  void Finish();

 private:
  std::string what_;
  ProgressStyle style_;
  bool drawn_ = false;
  int64_t done_ = 0, total_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// How far one long run got: "simulated 12.500 s  123 events  3.10 M
// events/s" (plain: "run: simulated ..., then "run: finished in 5.1 s" when
// it printed anything). Fed by the Simulation's progress hook (simulated time, events
// run so far), which run_command.cc sets only when enabled().
class RunProgress {
 public:
  explicit RunProgress(ProgressStyle style);
  bool enabled() const { return style_ != ProgressStyle::kNone; }
  void Update(SimTime now, int64_t events);
  void Finish();

 private:
  ProgressStyle style_;
  bool drawn_ = false;
  SimTime now_;
  int64_t events_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_PROGRESS_H_
