// `portlab summarize RUNS.csv [--summary FILE]`: the statistics over seeds
// of a sweep's run CSV, e.g. the shards of one sweep concatenated.
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "provenance.h"
#include "flags.h"
#include "portlab/report/output_file.h"
#include "portlab/report/sweep_writer.h"
#include "portlab/sweep/sweep_csv_reader.h"

namespace portlab::cli {

CLI::App* AddSummarizeCommand(CLI::App& app, SummarizeFlags& flags) {
  CLI::App* summarize = app.add_subcommand(
      "summarize", "Statistics over seeds of a sweep's CSV (e.g. its shards concatenated)");
  summarize->add_option("CSV", flags.csv, "Run CSV written by portlab sweep ('-': stdin)")->required();
  summarize->add_option("--summary", flags.summary, "Also write the statistics as CSV to FILE, its provenance in "
                        "FILE.provenance.json ('-': stdout, in place of the report)");
  return summarize;
}

int RunSummarizeCommand(const SummarizeFlags& flags) {
  std::ifstream file;
  if (flags.csv != "-") {
    file.open(flags.csv, std::ios::binary);
    if (!file) return Fail(absl::InvalidArgumentError(absl::StrCat(flags.csv, ": cannot read")));
  }
  const std::string name = flags.csv == "-" ? "(stdin)" : flags.csv;
  absl::StatusOr<sweep::CsvSweepSummary> summary =
      sweep::SummarizeSweepCsv(flags.csv == "-" ? std::cin : file, name);
  if (!summary.ok()) return Fail(summary.status());
  if (!flags.summary.empty()) {
    // Opened only now, and named in the error only if a write fails.
    absl::StatusOr<report::OutputFile> out = report::OutputFile::Open(flags.summary, &std::cout);
    if (!out.ok()) return Fail(out.status());
    report::WriteSweepSummaryCsv(summary->plan, summary->points, out->stream());
    if (absl::Status s = out->Flush("the summary"); !s.ok()) return Fail(s);
    // No scenario read here: its hash and seed are the sweep CSV's sidecar's.
    if (absl::Status s = report::WriteProvenanceSidecar(*out, ProvenanceOf("", std::nullopt),
                                                        report::kSweepSummaryFormat);
        !s.ok()) {
      return Fail(s);
    }
    if (out->to_dash()) return kExitPassed;  // the CSV in place of the report
  }
  report::WriteCsvSweepReport(name, *summary, std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
