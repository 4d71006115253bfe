#include "portlab/sweep/sweep_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "portlab/run/run.h"

namespace portlab::sweep {

absl::Status SweepRunner::Run(int64_t begin, int64_t end, int jobs, const EmitFn& emit,
                              const ProgressFn& progress) const {
  std::mutex mu;
  std::condition_variable finished_cv;
  std::map<int64_t, absl::StatusOr<RunFigures>> finished;  // run -> figures, not yet emitted
  int64_t done = 0;
  std::atomic<int64_t> next{begin};
  std::atomic<bool> stop{false};

  auto work = [&] {
    while (!stop.load(std::memory_order_relaxed)) {
      const int64_t run = next.fetch_add(1);
      if (run >= end) return;
      run::RunOptions options;
      options.seed = plan_.SeedOf(run);
      options.memory_limit = memory_limit_;
      absl::StatusOr<sim::Result> r = run::RunScenario(*points_[plan_.PointOf(run)], options);
      absl::StatusOr<RunFigures> f = r.ok() ? absl::StatusOr<RunFigures>(FiguresOf(*r))
                                            : absl::StatusOr<RunFigures>(r.status());
      std::lock_guard<std::mutex> lock(mu);
      finished.emplace(run, std::move(f));
      ++done;
      finished_cv.notify_one();
    }
  };
  const int threads = static_cast<int>(std::clamp<int64_t>(jobs, 1, std::max<int64_t>(end - begin, 1)));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) workers.emplace_back(work);

  absl::Status status;
  std::unique_lock<std::mutex> lock(mu);
  for (int64_t run = begin; run < end;) {
    finished_cv.wait_for(lock, std::chrono::milliseconds(250),
                         [&] { return !finished.empty() && finished.begin()->first == run; });
    if (progress) {
      const int64_t d = done;
      lock.unlock();
      progress(d, end - begin);
      lock.lock();
    }
    // Emit every run that is next in order.
    while (!finished.empty() && finished.begin()->first == run) {
      absl::StatusOr<RunFigures> f = std::move(finished.begin()->second);
      finished.erase(finished.begin());
      lock.unlock();
      if (f.ok()) emit(run, *f);
      lock.lock();
      if (!f.ok()) {
        status = f.status();
        stop = true;
        run = end;
        break;
      }
      ++run;
    }
  }
  lock.unlock();
  for (std::thread& t : workers) t.join();
  return status;
}

}  // namespace portlab::sweep
