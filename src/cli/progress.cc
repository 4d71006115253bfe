#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_format.h"

namespace portlab::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kPlainEvery = std::chrono::seconds(5);
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

void Line(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

// Whether a line of this style is due: a bar 10 times a second, a plain
// line every 5 s; the first call draws nothing in plain style (a line at
// once would say only "0 done").
bool Due(ProgressStyle style, bool drawn, Clock::time_point now, Clock::time_point last) {
  if (style == ProgressStyle::kBar) return !drawn || now - last >= kRedrawEvery;
  return now - last >= kPlainEvery;
}

}  // namespace

void AddProgressOption(CLI::App& command, std::string& mode) {
  command.add_option("--progress", mode,
                     "auto (a bar on a terminal unless TERM=dumb, else nothing), bar, plain (a line every 5 s "
                     "and at the end, for batch logs) or none; on stderr")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}));
}

ProgressStyle ProgressStyleOf(const std::string& mode) {
  if (mode == "bar") return ProgressStyle::kBar;
  if (mode == "plain") return ProgressStyle::kPlain;
  if (mode == "none") return ProgressStyle::kNone;
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  return isatty(STDERR_FILENO) == 1 && !dumb ? ProgressStyle::kBar : ProgressStyle::kNone;
}

ProgressBar::ProgressBar(std::string what, ProgressStyle style)
    : what_(std::move(what)), style_(style), start_(Clock::now()), last_(start_) {}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (style_ == ProgressStyle::kNone || total <= 0) return;
  done_ = done;
  total_ = total;
  const Clock::time_point now = Clock::now();
  const bool last_one = done >= total && style_ == ProgressStyle::kBar;
  if (!last_one && !Due(style_, drawn_, now, last_)) return;
  last_ = now;
  drawn_ = true;
  const double elapsed = Seconds(now - start_);
  const double left =
      done > 0 && done < total ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0;
  if (style_ == ProgressStyle::kPlain) {
    Line(absl::StrFormat("%s: %d/%d runs (%d %%), %.1f runs/s, %.0f s elapsed, about %.0f s left", what_, done,
                         total, done * 100 / total, elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0,
                         elapsed, left));
    return;
  }
  const int filled = static_cast<int>(kBarWidth * done / total);
  const std::string eta = done > 0 && done < total ? absl::StrFormat("  ETA %.0f s", left) : "";
  Draw(absl::StrFormat("%s [%s%s] %d/%d runs  %.1f s%s", what_, std::string(filled, '#'),
                       std::string(kBarWidth - filled, '.'), done, total, elapsed, eta));
}

void ProgressBar::Finish() {
  if (style_ == ProgressStyle::kPlain && total_ > 0) {
    Line(absl::StrFormat("%s: %d/%d runs in %.1f s", what_, done_, total_, Seconds(Clock::now() - start_)));
  } else if (style_ == ProgressStyle::kBar && drawn_) {
    Erase();
  }
  drawn_ = false;
}

RunProgress::RunProgress(ProgressStyle style) : style_(style), start_(Clock::now()), last_(start_) {}

void RunProgress::Update(SimTime now, int64_t events) {
  if (style_ == ProgressStyle::kNone) return;
  now_ = now;
  events_ = events;
  const Clock::time_point wall = Clock::now();
  if (!Due(style_, drawn_, wall, last_)) return;
  last_ = wall;
  drawn_ = true;
  const double elapsed = Seconds(wall - start_);
  const double rate = elapsed > 0 ? static_cast<double>(events) / elapsed / 1e6 : 0.0;
  if (style_ == ProgressStyle::kPlain) {
    Line(absl::StrFormat("run: simulated %.3f s, %d events, %.2f M events/s", now.seconds(), events, rate));
  } else {
    Draw(absl::StrFormat("simulated %.3f s  %d events  %.2f M events/s", now.seconds(), events, rate));
  }
}

void RunProgress::Finish() {
  if (style_ == ProgressStyle::kPlain && events_ > 0) {
    Line(absl::StrFormat("run: finished in %.1f s", Seconds(Clock::now() - start_)));
  } else if (style_ == ProgressStyle::kBar && drawn_) {
    Erase();
  }
  drawn_ = false;
}

}  // namespace portlab::cli
