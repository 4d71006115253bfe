// Writers for `portlab sweep`: the per-run CSV (RFC 4180) and the summary
// over seeds, as text and as long-format CSV.
//
// Run CSV: a header, then one row per run:
//   run,point,seed,<each --set KEY>,<the figures of sweep_figures.h>
// `run` is the run's number in the whole sweep (sweep_plan.h), so shards'
// rows concatenate into the unsharded file. Integers print as integers,
// other figures in the shortest text that reads back as the same double
// (std::to_chars), a figure the run does not have as an empty cell: a run
// CSV read back (sweep_csv_reader.h) gives the sweep's own values.
//
// Summary CSV (one row per grid point and numeric figure):
//   point,<each --set KEY>,figure,n,mean,min,max,ci95_low,ci95_high
// with ci95_low and ci95_high empty for a figure of one run.
//
// Example:
//   out << SweepCsvHeader(plan, figures);
//   out << SweepCsvRow(plan, run, figures);
// or, for a whole planned sweep (sweep/sweep.h):
//   absl::StatusOr<std::vector<sweep::PointSummary>> points = RunSweepToCsv(sweep, out, nullptr);
//   WriteSweepReport(sweep, *points, std::cout);
//
// Thread safety: plain functions.
#ifndef PORTLAB_REPORT_SWEEP_WRITER_H_
#define PORTLAB_REPORT_SWEEP_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/sweep/sweep.h"
#include "portlab/sweep/sweep_csv_reader.h"
#include "portlab/sweep/sweep_figures.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_summary.h"

namespace portlab::report {

// `text` as one CSV field: quoted (with "" for ") when it holds a comma, a
// quote, a line break or leading/trailing blanks.
std::string CsvField(std::string_view text);

// Both end with "\n".
std::string SweepCsvHeader(const sweep::SweepPlan& plan, const sweep::RunFigures& figures);
std::string SweepCsvRow(const sweep::SweepPlan& plan, int64_t run,
                        const sweep::RunFigures& figures);

// Per grid point: its values, then a table of `passed` and the figures that
// are not zero in every run (n, mean, min, max, 95 % interval of the mean).
void WriteSweepSummary(const sweep::SweepPlan& plan,
                       const std::vector<sweep::PointSummary>& points, std::ostream& out);
void WriteSweepSummaryCsv(const sweep::SweepPlan& plan,
                          const std::vector<sweep::PointSummary>& points, std::ostream& out);

// Runs `sweep` (sweep::RunSweep), writing to `csv` the header first when
// the shard writes it, then each run's row as it finishes. Returns the
// statistics over seeds, or the first error of a run (its rows so far stay
// written). `csv` is not flushed.
absl::StatusOr<std::vector<sweep::PointSummary>> RunSweepToCsv(
    const sweep::Sweep& sweep, std::ostream& csv, const sweep::SweepRunner::ProgressFn& progress);

// What a sweep did, for a person: the line
//   portlab sweep: FILE: 2 grid points x 3 seeds (from 1) = 6 runs[; shard 2/3: runs 2 to 3]
// then WriteSweepSummary.
void WriteSweepReport(const sweep::Sweep& sweep, const std::vector<sweep::PointSummary>& points,
                      std::ostream& out);

// The same for a run CSV read back (`portlab summarize`): the line
//   portlab summarize: FILE: 6 runs, 2 grid points
// then WriteSweepSummary.
void WriteCsvSweepReport(std::string_view file, const sweep::CsvSweepSummary& summary,
                         std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SWEEP_WRITER_H_
