// Provenance: who wrote an output and from what, so a file found later can
// be traced to the program, the scenario and the command that made it
// (README.md, "Outputs"; docs/ARCHITECTURE.md, "Provenance").
//
// One record per command, built by the program (src/cli/provenance.h: it
// alone knows the command line and the bytes of the scenario it read) and
// handed to every writer; each output adds its own format version:
//   JSON        a top-level "portlab" object (ProvenanceJson), first key
//   CSV, pcap   a sidecar FILE.provenance.json beside the file (pandas'
//               read_csv with its defaults would take a "#" line for the
//               header); none when the file is "-" (stdout) or not a
//               regular file (/dev/null, a pipe)
//   pcapng      shb_userappl and an opt_comment with the compact JSON
//   HTML        <meta name="portlab:..."> elements and a footer line
//   OpenMetrics portlab_build_info{version=...,commit=...,...} 1
//   Mermaid, YAML, Markdown   a comment line (ProvenanceLine)
//
// Example:
//   report::Provenance p = cli::ProvenanceOf(scenario_sha256, seed);
//   nlohmann::ordered_json j = {{"portlab", ProvenanceJson(p, kRunJsonFormat)}};
//   absl::Status s = WriteProvenanceSidecar(csv_file, p, kSeriesCsvFormat);
//
// The record holds no clock and no host name: the same binary, scenario,
// seed and command give the same bytes.
#ifndef PORTLAB_REPORT_PROVENANCE_H_
#define PORTLAB_REPORT_PROVENANCE_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "portlab/report/output_file.h"

namespace portlab::report {

struct Provenance {
  std::string version = "unknown";   // portlab's version (CMake's project version)
  std::string commit = "unknown";    // the git commit built ("-dirty" with local changes)
  std::string scenario_sha256;       // lowercase hex of the scenario's bytes as read; "" none
  std::optional<uint64_t> seed;      // the run's seed (a sweep's first); none without a run
  std::vector<std::string> command;  // the program's name, then its arguments as given
};

// Each output's format version: bump one when that output's shape changes
// in a way a reader would notice (a key or column removed or renamed).
inline constexpr int kRunJsonFormat = 2;        // run --json (docs/schema/run.schema.json)
inline constexpr int kHeadroomJsonFormat = 1;   // headroom --json (docs/schema/headroom.schema.json)
inline constexpr int kSeriesCsvFormat = 1;      // run --csv
inline constexpr int kNatSeriesCsvFormat = 1;   // run --nat-csv
inline constexpr int kFlowsCsvFormat = 1;       // run --flows
inline constexpr int kPcapFormat = 1;           // run --pcap (classic)
inline constexpr int kPcapngFormat = 1;         // run --pcap FILE.pcapng, --pcap-dir
inline constexpr int kHtmlReportFormat = 1;     // run --report
inline constexpr int kMermaidFormat = 1;        // run --mermaid
inline constexpr int kMetricsFormat = 1;        // run --metrics, --metrics-final
inline constexpr int kSweepCsvFormat = 1;       // sweep --csv
inline constexpr int kSweepSummaryFormat = 1;   // sweep --summary, summarize --summary
inline constexpr int kStrategiesCsvFormat = 1;  // strategies --csv, --per-seed-csv
inline constexpr int kExerciseFormat = 1;       // exercise: sheet (HTML, Markdown) and key CSV
inline constexpr int kGradeCsvFormat = 1;       // grade --csv
inline constexpr int kImportYamlFormat = 1;     // import's scenario

// The value of the "portlab" key: {"version", "commit", "format",
// "scenario_sha256" (null when ""), "seed" (null when none), "command"}.
nlohmann::ordered_json ProvenanceJson(const Provenance& p, int format);

// One line of text, for comments:
//   portlab 0.1.0 (commit 1a2b3c4d5e6f), format 1, scenario sha256 9f86...,
//   seed 7, command: portlab run 'my scenario.yaml' --seed 7
// (the scenario and seed parts left out when absent; arguments quoted as a
// shell reads them back, CommandText). Never holds a line break.
std::string ProvenanceLine(const Provenance& p, int format);

// "portlab VERSION (commit COMMIT)": pcapng's shb_userappl, the HTML's
// generator, and the start of ProvenanceLine.
std::string ProgramStamp(const Provenance& p);

// The command line as one string, each argument quoted where a POSIX shell
// would need it: '...' , or $'...' with \n, \t, \xHH escapes for an argument
// holding a control character (so the text is one line).
std::string CommandText(const std::vector<std::string>& command);

// In an HTML page's <head>: <meta name="generator" content="portlab VERSION
// (commit COMMIT)"> and <meta name="portlab:FIELD" content="..."> for
// version, commit, format, scenario_sha256, seed and command (each field
// present, "" when absent).
void WriteProvenanceHtmlMeta(const Provenance& p, int format, std::ostream& out);
// Before </body>: <footer class="provenance"><p>ProvenanceLine</p></footer>.
void WriteProvenanceHtmlFooter(const Provenance& p, int format, std::ostream& out);

// `path` + ".provenance.json".
std::string SidecarPath(std::string_view path);

// Writes {"portlab": ProvenanceJson(p, format)} to SidecarPath(file.path())
// when `file` is a requested regular file (not "-", /dev/null, a pipe); OK
// and nothing written otherwise. InvalidArgument "PATH: cannot write the
// provenance" on failure.
absl::Status WriteProvenanceSidecar(const OutputFile& file, const Provenance& p, int format);
// The same for a file written by other means (a classic pcap, a sweep's CSV).
absl::Status WriteProvenanceSidecar(const std::string& path, const Provenance& p, int format);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PROVENANCE_H_
