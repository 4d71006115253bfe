// `portlab import FILE... [-o OUT.yaml] [--host NAME] [--interval DURATION]
// [--format NAME] [--until DURATION]`: what an operator can paste (ss,
// /proc/net, sockstat, sysctl -a, netstat, conntrack) turned into a
// scenario (import/scenario_writer.h), checked as `validate` checks one.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "provenance.h"
#include "flags.h"
#include "portlab/base/strings.h"
#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/report/output_file.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::cli {
namespace {

// A pasted file is a few MB at most (30,000 sockets of ss: ~3 MB).
constexpr std::streamsize kMaxImportBytes = 256 << 20;

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read: it is a directory"));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read"));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read"));
  }
  if (static_cast<std::streamsize>(text.size()) > kMaxImportBytes) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": larger than 256 MiB; portlab import refuses it"));
  }
  return text;
}

}  // namespace

CLI::App* AddImportCommand(CLI::App& app, ImportFlags& flags) {
  CLI::App* c = app.add_subcommand(
      "import", "Turn ss, /proc/net, sockstat, sysctl -a, netstat or conntrack output into a scenario");
  c->add_option("FILE", flags.files, "What the machine printed, one file per command ('-': stdin)")->required();
  c->add_option("-o,--output", flags.output, "Where the scenario goes ('-': stdout, the default)");
  c->add_option("--host", flags.host, "The machine's host name in the scenario (default imported)");
  c->add_option("--interval", flags.interval,
                "Time between snapshots of one format given in order (e.g. 5s): their new connections become a rate");
  c->add_option("--format", flags.format, "The format of every FILE, when it cannot be told from the text");
  c->add_option("--until", flags.until, "How long a scenario with a rate runs (default 600s)");
  return c;
}

int RunImportCommand(const ImportFlags& flags) {
  import::ImportOptions options;
  options.host = flags.host;
  bool simple = !flags.host.empty() && flags.host != "peers";
  for (char c : flags.host) simple = simple && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  if (!simple) {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
        "--host: \"", flags.host, "\" must be made of letters, digits, '_', '.' and '-' (and not \"peers\", "
        "the name of the destinations' host)")));
  }
  if (!flags.interval.empty()) {
    absl::StatusOr<Duration> d = ParseDuration(flags.interval);
    if (!d.ok()) return Fail(FlagError("--interval", d.status()));
    options.interval = *d;
  }
  if (!flags.until.empty()) {
    absl::StatusOr<Duration> d = ParseDuration(flags.until);
    if (!d.ok()) return Fail(FlagError("--until", d.status()));
    if (d->nanos() <= 0) return Fail(absl::InvalidArgumentError("--until: must be more than 0"));
    options.until = *d;
  }
  std::optional<import::Format> format;
  if (!flags.format.empty()) {
    format = import::ParseFormatName(flags.format);
    if (!format) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("--format: \"", flags.format, "\" is not a format; one of: ", import::FormatNames())));
    }
  }
  int stdin_inputs = 0;
  for (const std::string& f : flags.files) stdin_inputs += f == "-";
  if (stdin_inputs > 1) return Fail(absl::InvalidArgumentError("only one FILE may be '-' (stdin)"));
  absl::StatusOr<report::OutputFile> out = report::OutputFile::Open(flags.output, &std::cout);
  if (!out.ok()) return Fail(out.status());

  std::vector<import::Snapshot> snapshots;
  for (const std::string& file : flags.files) {
    absl::StatusOr<std::string> text = ReadInput(file);
    if (!text.ok()) return Fail(text.status());
    absl::StatusOr<import::Snapshot> s = import::ReadSnapshot(*text, file == "-" ? "stdin" : file, format);
    if (!s.ok()) return Fail(s.status());
    // Every line not read is said, never dropped silently.
    for (const import::Problem& p : s->problems) std::cerr << s->Where(p) << "\n";
    snapshots.push_back(*std::move(s));
  }
  absl::StatusOr<std::string> yaml = import::WriteImportedScenario(snapshots, options);
  if (!yaml.ok()) return Fail(yaml.status());
  // What import writes must load and pass run's checks: a failure here is
  // portlab's bug, reported as such rather than written.
  absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioText(*yaml, "imported.yaml");
  absl::Status checked = loaded.ok() ? run::CheckScenario(*loaded, run::RunOptions()) : loaded.status();
  if (!checked.ok()) {
    std::cerr << "portlab import: the scenario made does not load (a bug of portlab import; please report it): "
              << checked.message() << "\n";
    return kExitUsage;
  }
  // Provenance as a YAML comment (report/provenance.h): no scenario was
  // read, no seed chosen.
  out->stream() << "# " << report::ProvenanceLine(ProvenanceOf("", std::nullopt), report::kImportYamlFormat)
                << "\n"
                << *yaml;
  if (absl::Status s = out->Flush("the scenario"); !s.ok()) return Fail(s);
  return kExitPassed;
}

}  // namespace portlab::cli
