// Reading a sweep's run CSV back (the format report/sweep_writer.h
// writes), so the concatenated CSVs of a sharded sweep can be summarised as
// one sweep (`portlab summarize`).
//
// Example:
//   std::vector<std::string> keys;
//   absl::Status s = ReadSweepCsv(in, "runs.csv", &keys, [&](const SweepCsvRow& r) {
//     summary.Add(r.point, r.values, r.figures);
//   });
// or, for the statistics over seeds at once:
//   absl::StatusOr<CsvSweepSummary> summary = SummarizeSweepCsv(in, "runs.csv");
//
// Thread safety: plain functions.
#ifndef PORTLAB_SWEEP_SWEEP_CSV_READER_H_
#define PORTLAB_SWEEP_SWEEP_CSV_READER_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/sweep/sweep_figures.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_summary.h"

namespace portlab::sweep {

struct SweepCsvRow {
  int64_t run = 0;
  int64_t point = 0;
  uint64_t seed = 0;
  std::vector<std::string> values;  // each --set key's value
  RunFigures figures;               // the columns after them
};

// Reads the header (run,point,seed,<keys>,passed,...) into `keys`, then
// calls `row` for each row. A record may span lines (a quoted field holding
// a line break, RFC 4180 §2.6). A repeated header line is skipped (shards
// concatenated with their headers). InvalidArgument "FILE:LINE: ..." for a
// header of another shape, a row of another width, a number that does not
// parse, a negative run or point, rows out of run order (shards
// concatenated out of order), points going back (a point's runs are
// consecutive), a line longer than limits::kMaxCsvLineBytes or a file
// longer than limits::kMaxSweepCsvBytes. Reads record by record: memory
// is one record and what `row` keeps.
absl::Status ReadSweepCsv(std::istream& in, const std::string& file, std::vector<std::string>* keys,
                          const std::function<void(const SweepCsvRow&)>& row);

// The statistics over seeds of a run CSV's rows.
struct CsvSweepSummary {
  SweepPlan plan;  // only its axes' names are known: the CSV's keys
  int64_t runs = 0;
  std::vector<PointSummary> points;
};

// ReadSweepCsv's rows summarised (sweep_summary.h); ReadSweepCsv's errors.
absl::StatusOr<CsvSweepSummary> SummarizeSweepCsv(std::istream& in, const std::string& file);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_CSV_READER_H_
