// Writers for `portlab sweep`: the per-run CSV (RFC 4180) and the summary
// over seeds, as text and as long-format CSV.
//
// Run CSV: a header, then one row per run:
//   run,point,seed,<each --set KEY>,<the figures of sweep_figures.h>
// `run` is the run's number in the whole sweep (sweep_plan.h), so shards'
// rows concatenate into the unsharded file.
//
// Summary CSV (one row per grid point and numeric figure):
//   point,<each --set KEY>,figure,n,mean,min,max,ci95_low,ci95_high
//
// Example:
//   out << SweepCsvHeader(plan, figures);
//   out << SweepCsvRow(plan, run, figures);
//
// Thread safety: plain functions.
#ifndef PORTLAB_REPORT_SWEEP_WRITER_H_
#define PORTLAB_REPORT_SWEEP_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SWEEP_WRITER_H_
