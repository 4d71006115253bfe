// The `portlab` subcommands. Each Add*Command registers its flags on `app`
// and returns the subcommand; the matching Run*Command does the work after
// parsing and returns the process exit status (docs/ARCHITECTURE.md, "The command line": 0 ran and every
// expectation held, 1 an expectation failed, 2 bad scenario or command line;
// flags.h's ExitStatusOf maps a failed Status to its exit status). Each
// Run*Command reads its flags, calls the library and hands the result to a
// report/ writer.
#ifndef PORTLAB_CLI_COMMANDS_H_
#define PORTLAB_CLI_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace portlab::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct RunFlags {
  std::string scenario;
  std::string progress = "auto";  // --progress: auto, bar, plain, none (progress.h)
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;  // count() > 0 when --seed was given
  std::string json;                    // "" none, "-" stdout
  bool trace = false;
  std::string until;                   // "" none, else a duration
  std::string memory_limit;            // "" the default (8 GiB), else a size
  std::string csv;                     // "" none: the time series as CSV
  std::string nat_csv;                 // "" none: the NAT time series as CSV
  std::string pcap;                    // "" none: every packet as a pcap or pcapng capture
  std::string pcap_format;             // "" by --pcap's name, "pcap" or "pcapng"
  std::string pcap_dir;                // "" none: a pcapng capture per host and NAT there
  std::string report;                  // "" none: an HTML report
  std::string mermaid;                 // "" none: a Mermaid sequenceDiagram
  std::string report_filter;           // "" every event; else only these in --report and --mermaid
  bool peak_rss = false;               // report the process's peak RSS
  // Issue 20's views of the event stream.
  std::string trace_filter;            // "" every event; else only these (implies --trace)
  int64_t explain = 0;                 // the card of event N, when explain_option->count() > 0
  CLI::Option* explain_option = nullptr;
  std::string flows;                   // "" none: a CSV row per connection or UDP flow
  std::string metrics;                 // "" none: the time series as OpenMetrics (Prometheus)
  std::string metrics_final;           // "" none: the final figures, Prometheus text format
};
CLI::App* AddRunCommand(CLI::App& app, RunFlags& flags);
int RunRunCommand(const RunFlags& flags);

struct ValidateFlags {
  std::vector<std::string> scenarios;
  std::vector<std::string> sets;  // --set KEY=VALUE, for every file
};
CLI::App* AddValidateCommand(CLI::App& app, ValidateFlags& flags);
int RunValidateCommand(const ValidateFlags& flags);

// `portlab import` (import_command.cc).
struct ImportFlags {
  std::vector<std::string> files;
  std::string output = "-";
  std::string host = "imported";
  std::string interval;  // "" none
  std::string format;    // "" detected per file
  std::string until;     // "" the default, 600 s
};
CLI::App* AddImportCommand(CLI::App& app, ImportFlags& flags);
int RunImportCommand(const ImportFlags& flags);

struct TableFlags {
  std::string scenario;
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  std::string at;
  std::string host;
  std::string format = "ss";
  std::vector<std::string> filter;  // ss's filter words (report/socket_filter.h)
  uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;
};
CLI::App* AddTableCommand(CLI::App& app, TableFlags& flags);
int RunTableCommand(const TableFlags& flags);

struct StrategiesFlags {
  std::vector<std::string> strategies;  // empty: every strategy that builds
  std::vector<std::string> axes;        // empty: the default four
  std::string range;                    // "" the default 32768-60999
  int seeds = 20;
  uint64_t seed = 1;
  std::string csv;                      // "" none
  std::string per_seed_csv;             // "" none
  int window = 5;
  int tries = 100;
  double occupancy = 0.25;              // analysis::kDefaultReuseOccupancy
  int64_t churn = 20000;
  double rate = 100;
  int64_t twait = 0;                    // 0: rate x 60 s
  int64_t budget = 50000;
  int pairs = 1;
  int64_t trials = 1000;                // poisoning: races per strategy
  int64_t spoof_rate = 100000;          // poisoning: forged answers per second
  std::string rtt = "100ms";            // poisoning: the race's window
};
CLI::App* AddStrategiesCommand(CLI::App& app, StrategiesFlags& flags);
int RunStrategiesCommand(const StrategiesFlags& flags);

struct SweepFlags {
  std::string progress = "auto";  // --progress: auto, bar, plain, none (progress.h)
  std::string scenario;
  std::vector<std::string> sets;  // each "KEY=V1,V2,..."
  int64_t seeds = 1;
  uint64_t seed = 1;
  CLI::Option* seed_option = nullptr;
  int jobs = 0;                   // 0: the number of cores
  std::string shard;              // "" all, else "K/N"
  std::string csv;                // "-" stdout
  std::string summary;            // "" none
  std::string memory_limit;       // "" the default (8 GiB), else a size
};
CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags);
int RunSweepCommand(const SweepFlags& flags);

struct SummarizeFlags {
  std::string csv;      // "-" stdin
  std::string summary;  // "" none
};
CLI::App* AddSummarizeCommand(CLI::App& app, SummarizeFlags& flags);
int RunSummarizeCommand(const SummarizeFlags& flags);

struct NatProbeFlags {
  std::string profile;
  std::vector<std::string> knobs;
  uint64_t seed = 1;
};
CLI::App* AddNatProbeCommand(CLI::App& app, NatProbeFlags& flags);
int RunNatProbeCommand(const NatProbeFlags& flags);

struct ExerciseFlags {
  std::string scenario;
  uint64_t seed = 1;
  int questions = 8;
  std::string out = ".";        // a directory
  bool key_inline = false;      // answers behind <details> in the sheet
  std::string memory_limit;     // "" the default (8 GiB), else a size
};
CLI::App* AddExerciseCommand(CLI::App& app, ExerciseFlags& flags);
int RunExerciseCommand(const ExerciseFlags& flags);

// Issue 21's headroom (src/cli/headroom_command.cc).
struct HeadroomFlags {
  std::string scenario;
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  std::string at = "0s";
  std::string json;               // "" none, "-" stdout (instead of the text)
  bool no_check = false;          // predict the fixes without running them
  std::string memory_limit;       // "" the default (8 GiB), else a size
  uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;
};
CLI::App* AddHeadroomCommand(CLI::App& app, HeadroomFlags& flags);
int RunHeadroomCommand(const HeadroomFlags& flags);

struct GradeFlags {
  std::string key;
  std::string answers;          // "-" stdin
  std::string csv;              // "" none, "-" stdout (then no text report)
};
CLI::App* AddGradeCommand(CLI::App& app, GradeFlags& flags);
int RunGradeCommand(const GradeFlags& flags);

CLI::App* AddListCommand(CLI::App& app);
int RunListCommand();

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_COMMANDS_H_
