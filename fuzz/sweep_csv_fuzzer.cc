// Fuzzes the sweep's run CSV both ways.
//
// Input byte 0 even: the rest is a run CSV as `portlab summarize` reads it
// (sweep::SummarizeSweepCsv as "runs.csv"); what it reads is written as
// the report and the summary CSV (report/sweep_writer.h).
// Holds: no crash, leak or undefined behaviour; a refusal is
// InvalidArgument naming "runs.csv:".
//
// Input byte 0 odd: the rest is `--set` axes separated by NUL bytes
// (`KEY=V1,V2`, as sweep::ParseSweepAxis takes them; a value may hold a
// line break, as a shell argument may), and the seeds' count is byte 0 /
// 2 % 4 + 1. The plan's run CSV (SweepCsvHeader, SweepCsvRow with a default
// run's figures) is read back with sweep::ReadSweepCsv.
// Holds: it reads back, every row's run, point, seed and axis values as
// written (summarize reads what sweep writes).
// Seeds: fuzz/corpus/sweep_csv (CSVs `portlab sweep --csv` wrote).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "fuzz_check.h"
#include "portlab/base/strings.h"
#include "portlab/report/sweep_writer.h"
#include "portlab/sim/result.h"
#include "portlab/sweep/sweep_csv_reader.h"
#include "portlab/sweep/sweep_figures.h"

using namespace portlab;

namespace {

// At most this many runs are written (a small plan is enough to mix
// points and seeds).
constexpr int64_t kMaxFuzzRuns = 64;

void ReadCsv(std::string_view text) {
  std::istringstream in{std::string(text)};
  absl::StatusOr<sweep::CsvSweepSummary> summary = sweep::SummarizeSweepCsv(in, "runs.csv");
  if (!summary.ok()) {
    fuzz::FuzzRequireBadInput(summary.status(), "runs.csv:");
    return;
  }
  std::ostringstream out;
  report::WriteCsvSweepReport("runs.csv", *summary, out);
  report::WriteSweepSummaryCsv(summary->plan, summary->points, out);
}

void WriteAndReadBack(uint8_t mode, std::string_view text) {
  sweep::SweepPlan plan;
  plan.seeds = mode / 2 % 4 + 1;
  for (absl::string_view arg : absl::StrSplit(AV(text), '\0')) {
    absl::StatusOr<sweep::SweepAxis> axis = sweep::ParseSweepAxis(SV(arg));
    if (!axis.ok()) return;
    plan.axes.push_back(*std::move(axis));
  }
  if (!sweep::CheckPlan(plan).ok() || plan.runs() > kMaxFuzzRuns) return;
  const sweep::RunFigures figures = sweep::FiguresOf(sim::Result());
  std::string csv = report::SweepCsvHeader(plan, figures);
  for (int64_t run = 0; run < plan.runs(); ++run) csv += report::SweepCsvRow(plan, run, figures);

  std::istringstream in(csv);
  std::vector<std::string> keys;
  int64_t rows = 0;
  absl::Status read = sweep::ReadSweepCsv(in, "runs.csv", &keys, [&](const sweep::SweepCsvRow& r) {
    fuzz::FuzzRequire(r.run == rows, "rows come back in run order", csv);
    fuzz::FuzzRequire(r.point == plan.PointOf(r.run) && r.seed == plan.SeedOf(r.run),
                      "a row's point and seed come back", csv);
    fuzz::FuzzRequire(r.values == plan.PointValues(r.point), "a row's --set values come back", csv);
    ++rows;
  });
  fuzz::FuzzRequire(read.ok(), "summarize reads the CSV sweep wrote", std::string(read.message()) + "\n" + csv);
  fuzz::FuzzRequire(rows == plan.runs(), "every row comes back", csv);
  fuzz::FuzzRequire(keys.size() == plan.axes.size(), "every axis comes back", csv);
  for (size_t i = 0; i < keys.size(); ++i) fuzz::FuzzRequire(keys[i] == plan.axes[i].key, "an axis' key comes back", csv);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    ReadCsv(rest);
  } else {
    WriteAndReadBack(data[0], rest);
  }
  return 0;
}
