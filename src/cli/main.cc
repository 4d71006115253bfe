// portlab: the command-line program, a thin shell over the library.
// docs/ARCHITECTURE.md ("The command line") gives the exit statuses; the
// README lists the commands.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "commands.h"
#include "completion.h"
#include "flags.h"
#include "man_pages.h"
#include "provenance.h"
#include "portlab/base/suggest.h"
#include "portlab_version.h"
#include "value_names.h"

namespace {

constexpr char kVersion[] = "portlab " PORTLAB_VERSION " (commit " PORTLAB_COMMIT ")";

// CLI11 answers a word that is no command with "A subcommand is required";
// this names the word, the nearest command and the list. False when the
// first argument is a command or an option.
bool RejectUnknownCommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string_view word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == word) return false;
    if (!command->get_group().empty()) names.push_back(command->get_name());
  }
  const std::vector<std::string_view> views(names.begin(), names.end());
  std::cerr << "unknown command \"" << word << "\"" << portlab::DidYouMean(word, views) << "; commands: "
            << absl::StrJoin(names, ", ") << " (portlab --help)\n";
  return true;
}

int Main(int argc, char** argv) {
  using namespace portlab::cli;
  RecordCommandLine(argc, argv);  // for every output's provenance (provenance.h)
  CLI::App app("portlab: a simulator of transport-layer port multiplexing",
               "portlab");
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  RunFlags run_flags;
  ValidateFlags validate_flags;
  CLI::App* run = AddRunCommand(app, run_flags);
  CLI::App* validate = AddValidateCommand(app, validate_flags);
  TableFlags table_flags;
  CLI::App* table = AddTableCommand(app, table_flags);
  CLI::App* list = AddListCommand(app);
  NatProbeFlags nat_probe_flags;
  CLI::App* nat_probe = AddNatProbeCommand(app, nat_probe_flags);
  StrategiesFlags strategies_flags;
  CLI::App* strategies = AddStrategiesCommand(app, strategies_flags);
  SweepFlags sweep_flags;
  CLI::App* sweep = AddSweepCommand(app, sweep_flags);
  SummarizeFlags summarize_flags;
  CLI::App* summarize = AddSummarizeCommand(app, summarize_flags);
  ExerciseFlags exercise_flags;
  CLI::App* exercise = AddExerciseCommand(app, exercise_flags);
  GradeFlags grade_flags;
  CLI::App* grade = AddGradeCommand(app, grade_flags);
  HeadroomFlags headroom_flags;
  CLI::App* headroom = AddHeadroomCommand(app, headroom_flags);
  ImportFlags import_flags;
  CLI::App* import_command = AddImportCommand(app, import_flags);
  std::string shell;
  CLI::App* completion = app.add_subcommand("completion", "Print the shell completion script for bash or zsh");
  completion->add_option("SHELL", shell, "bash or zsh (e.g. source <(portlab completion bash))")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  // Left out of --help (the empty group): the build writes the man pages
  // with it (CMakeLists.txt).
  std::string man_dir;
  CLI::App* man_pages = app.add_subcommand("man-pages", "Write the man pages into DIR")->group("");
  man_pages->add_option("DIR", man_dir, "Where to write portlab.1 and portlab-COMMAND.1")->required();
  MakeNumbersStrict(app);
  NameOptionValues(app);

  if (RejectUnknownCommand(app, argc, argv)) return kExitUsage;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version are "errors" with status 0; anything else is a bad
    // command line.
    const int status = app.exit(e);
    return status == 0 ? kExitPassed : kExitUsage;
  }
  if (run->parsed()) return RunRunCommand(run_flags);
  if (validate->parsed()) return RunValidateCommand(validate_flags);
  if (table->parsed()) return RunTableCommand(table_flags);
  if (list->parsed()) return RunListCommand();
  if (nat_probe->parsed()) return RunNatProbeCommand(nat_probe_flags);
  if (strategies->parsed()) return RunStrategiesCommand(strategies_flags);
  if (sweep->parsed()) return RunSweepCommand(sweep_flags);
  if (summarize->parsed()) return RunSummarizeCommand(summarize_flags);
  if (exercise->parsed()) return RunExerciseCommand(exercise_flags);
  if (grade->parsed()) return RunGradeCommand(grade_flags);
  if (import_command->parsed()) return RunImportCommand(import_flags);
  if (completion->parsed()) {
    if (shell == "bash") {
      WriteBashCompletion(app, std::cout);
    } else {
      WriteZshCompletion(app, std::cout);
    }
    return kExitPassed;
  }
  if (man_pages->parsed()) {
    const absl::Status written = WriteManPages(app, kVersion, man_dir);
    return written.ok() ? kExitPassed : Fail(written);
  }
  if (headroom->parsed()) return RunHeadroomCommand(headroom_flags);
  return kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int status = Main(argc, argv);
    // Whatever went to stdout must have arrived: a full disk or /dev/full
    // is an error, not a success with the output lost.
    errno = 0;
    if (!std::cout.flush() || std::fflush(stdout) != 0) {
      const int e = errno;
      std::cerr << "portlab: stdout: cannot write" << (e != 0 ? ": " : "") << (e != 0 ? std::strerror(e) : "")
                << "\n";
      return portlab::cli::kExitUsage;
    }
    return status;
  } catch (const std::exception& e) {
    std::cerr << "portlab: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "portlab: internal error: unknown exception\n";
  }
  return portlab::cli::kExitUsage;
}
