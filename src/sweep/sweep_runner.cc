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

SweepRunner::SweepRunner(const SweepPlan& plan, const std::vector<const scenario::Scenario*>& points,
                         int64_t memory_limit)
    : plan_(plan),
      point_([pts = &points](int64_t p) -> absl::StatusOr<std::shared_ptr<const scenario::Scenario>> {
        // Not owned: the caller's vector outlives the runner.
        return std::shared_ptr<const scenario::Scenario>((*pts)[static_cast<size_t>(p)],
                                                         [](const scenario::Scenario*) {});
      }),
      memory_limit_(memory_limit) {}

absl::Status SweepRunner::Run(int64_t begin, int64_t end, int jobs, const EmitFn& emit,
                              const ProgressFn& progress) const {
  std::mutex mu;
  std::condition_variable finished_cv;
  std::map<int64_t, absl::StatusOr<RunFigures>> finished;  // run -> figures, not yet emitted
  int64_t done = 0;
  std::atomic<int64_t> next{begin};
  std::atomic<bool> stop{false};

  auto work = [&] {
    // This worker's last point: runs are handed out in order, so a point's
    // seeds mostly fall to the worker that has it.
    int64_t held_point = -1;
    absl::StatusOr<std::shared_ptr<const scenario::Scenario>> held = nullptr;
    while (!stop.load(std::memory_order_relaxed)) {
      const int64_t run = next.fetch_add(1);
      if (run >= end) return;
      if (plan_.PointOf(run) != held_point) {
        held_point = plan_.PointOf(run);
        held = point_(held_point);
      }
      run::RunOptions options;
      options.seed = plan_.SeedOf(run);
      options.memory_limit = memory_limit_;
      absl::StatusOr<sim::Result> r =
          held.ok() ? run::RunScenario(**held, options) : absl::StatusOr<sim::Result>(held.status());
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
  // The last pass may have emitted runs that ended after its report (the
  // last two, ending while the one before them was emitted): the report
  // after them, every run done.
  const int64_t d = done;
  lock.unlock();
  if (progress && status.ok()) progress(d, end - begin);
  for (std::thread& t : workers) t.join();
  return status;
}

}  // namespace portlab::sweep
