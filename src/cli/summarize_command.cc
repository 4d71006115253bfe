// `portlab summarize RUNS.csv [--summary FILE]`: the statistics over seeds
// of a sweep's run CSV, e.g. the shards of one sweep concatenated.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "portlab/report/sweep_writer.h"
#include "portlab/sweep/sweep_csv_reader.h"
#include "portlab/sweep/sweep_summary.h"

namespace portlab::cli {

CLI::App* AddSummarizeCommand(CLI::App& app, SummarizeFlags& flags) {
  CLI::App* summarize = app.add_subcommand(
      "summarize", "Statistics over seeds of a sweep's CSV (e.g. its shards concatenated)");
  summarize->add_option("CSV", flags.csv, "Run CSV written by portlab sweep ('-': stdin)")->required();
  summarize->add_option("--summary", flags.summary, "Also write the statistics as CSV to FILE");
  return summarize;
}

int RunSummarizeCommand(const SummarizeFlags& flags) {
  std::ifstream file;
  if (flags.csv != "-") {
    file.open(flags.csv, std::ios::binary);
    if (!file) {
      std::cerr << flags.csv << ": cannot read\n";
      return kExitUsage;
    }
  }
  std::istream& in = flags.csv == "-" ? std::cin : file;
  const std::string name = flags.csv == "-" ? "(stdin)" : flags.csv;
  sweep::SweepSummary summary;
  std::vector<std::string> keys;
  int64_t runs = 0;
  absl::Status st = sweep::ReadSweepCsv(in, name, &keys, [&](const sweep::SweepCsvRow& r) {
    summary.Add(r.point, r.values, r.figures);
    ++runs;
  });
  if (!st.ok()) {
    std::cerr << st.message() << "\n";
    return kExitUsage;
  }
  sweep::SweepPlan plan;  // only its axis names are printed
  for (const std::string& k : keys) plan.axes.push_back({k, {}});
  const std::vector<sweep::PointSummary> points = summary.Finish();
  if (!flags.summary.empty()) {
    std::ofstream out(flags.summary, std::ios::binary | std::ios::trunc);
    report::WriteSweepSummaryCsv(plan, points, out);
    if (!out.flush()) {
      std::cerr << flags.summary << ": cannot write the summary\n";
      return kExitUsage;
    }
  }
  std::cout << "portlab summarize: " << name << ": " << runs << " runs, " << points.size()
            << " grid point" << (points.size() == 1 ? "" : "s") << "\n";
  report::WriteSweepSummary(plan, points, std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
