// Where `portlab` finds a scenario given by name: `portlab run web-browsing`
// runs web-browsing.yaml from the first of these directories that has it,
// and `portlab list` lists the scenarios of all of them.
//   1. ./scenarios (a source tree, or a user's own folder of scenarios);
//   2. $PORTLAB_SCENARIOS, a ':'-separated list of directories;
//   3. the installed scenarios: share/portlab/scenarios beside the
//      program's own bin/ (cmake --install, the .deb), found from
//      /proc/self/exe so an installed tree may be moved.
// A path that names a file (or "-" for stdin) is always taken as it is; a
// name is looked up only when no such file exists and the name has no '/'.
#ifndef PORTLAB_CLI_SCENARIO_SEARCH_H_
#define PORTLAB_CLI_SCENARIO_SEARCH_H_

#include <string>
#include <vector>

namespace portlab::cli {

// The directories above, in order, those that exist.
std::vector<std::string> ScenarioDirectories();

// `arg` itself when it is "-", names an existing file or contains a '/';
// otherwise DIR/ARG.yaml (or DIR/ARG when ARG ends in .yaml) from the first
// directory that has it; otherwise `arg` (so the loader's "cannot read"
// error names what the user typed).
std::string ResolveScenarioPath(const std::string& arg);

// A scenario the user named: "" when `arg` was found or is a path, else a
// sentence naming the directories searched, for the loader's error.
std::string ScenarioNotFoundHint(const std::string& arg);

// Scenario names (file stems of *.yaml) in every directory, sorted, each
// once (the first directory's file wins, as for ResolveScenarioPath).
std::vector<std::string> ScenarioNames();

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_SCENARIO_SEARCH_H_
