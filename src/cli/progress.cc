#include "progress.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"

namespace portlab::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void Draw(const std::string& line) {
  // \r and erase-to-end-of-line: the line is redrawn in place.
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
}

void Erase() {
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string what)
    : what_(std::move(what)), enabled_(StderrIsTerminal()), start_(Clock::now()), last_(start_) {}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_ || total <= 0) return;
  const Clock::time_point now = Clock::now();
  if (drawn_ && done < total && now - last_ < kRedrawEvery) return;
  last_ = now;
  drawn_ = true;
  const int filled = static_cast<int>(kBarWidth * done / total);
  const double elapsed = Seconds(now - start_);
  std::string eta = "";
  if (done > 0 && done < total) {
    eta = absl::StrFormat("  ETA %.0f s", elapsed * static_cast<double>(total - done) / static_cast<double>(done));
  }
  Draw(absl::StrFormat("%s [%s%s] %d/%d runs  %.1f s%s", what_, std::string(filled, '#'),
                       std::string(kBarWidth - filled, '.'), done, total, elapsed, eta));
}

void ProgressBar::Finish() {
  if (drawn_) Erase();
  drawn_ = false;
}

RunProgress::RunProgress() : enabled_(StderrIsTerminal()), start_(Clock::now()), last_(start_) {}

void RunProgress::Update(SimTime now, int64_t events) {
  if (!enabled_) return;
  const Clock::time_point wall = Clock::now();
  if (drawn_ && wall - last_ < kRedrawEvery) return;
  last_ = wall;
  drawn_ = true;
  const double elapsed = Seconds(wall - start_);
  Draw(absl::StrFormat("simulated %.3f s  %d events  %.2f M events/s", now.seconds(), events,
                       elapsed > 0 ? static_cast<double>(events) / elapsed / 1e6 : 0.0));
}

void RunProgress::Finish() {
  if (drawn_) Erase();
  drawn_ = false;
}

}  // namespace portlab::cli
