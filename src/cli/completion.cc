#include "completion.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "value_names.h"

namespace portlab::cli {
namespace {

std::vector<std::string> LongNames(const CLI::Option& o) {
  std::vector<std::string> names;
  for (const std::string& s : o.get_snames()) names.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) names.push_back("--" + l);
  return names;
}

bool TakesValue(const CLI::Option& o) { return o.get_items_expected_max() > 0; }

// Text inside a single-quoted zsh completion spec: colons and backslashes
// escaped (and, in an _arguments description, brackets), single quotes
// closed and reopened.
std::string ZshQuote(const std::string& text, bool brackets = true) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == '\\' || (brackets && (c == '[' || c == ']'))) out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

// The names `portlab list` prints under "scenarios", for a SCENARIO (both
// shells run it).
constexpr char kScenarioNames[] =
    "portlab list 2>/dev/null | sed -n '/^scenarios/,$p' | sed -n 's/^  \\([^ ]*\\)$/\\1/p'";

}  // namespace

void WriteBashCompletion(const CLI::App& app, std::ostream& out) {
  std::vector<std::string> names;
  for (const CLI::App* c : ShownCommands(app)) names.push_back(c->get_name());
  out << "# bash completion for portlab (portlab completion bash)\n"
         "_portlab() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=($(compgen -W '"
      << absl::StrJoin(names, " ") << " --help --version' -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  local options='' files='' dirs='' values='' scenario=''\n"
         "  case ${COMP_WORDS[1]} in\n";
  for (const CLI::App* c : ShownCommands(app)) {
    std::vector<std::string> options, files, dirs, values;
    bool scenario = false;
    for (const CLI::Option* o : c->get_options()) {
      const std::string type = o->get_type_name();
      if (!o->nonpositional()) {
        scenario = scenario || type == "SCENARIO";
        continue;
      }
      for (const std::string& n : LongNames(*o)) {
        options.push_back(n);
        if (!TakesValue(*o)) continue;
        if (IsFileValue(type)) {
          files.push_back(n);
        } else if (IsDirValue(type)) {
          dirs.push_back(n);
        } else {
          values.push_back(n);
        }
      }
    }
    out << "    " << c->get_name() << ") options='" << absl::StrJoin(options, " ") << "' files='"
        << absl::StrJoin(files, " ") << "' dirs='" << absl::StrJoin(dirs, " ") << "' values='"
        << absl::StrJoin(values, " ") << "' scenario=" << (scenario ? "1" : "''") << " ;;\n";
  }
  out << "  esac\n"
         "  case \" $files \" in *\" $prev \"*) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac\n"
         "  case \" $dirs \" in *\" $prev \"*) COMPREPLY=($(compgen -d -- \"$cur\")); return ;; esac\n"
         "  case \" $values \" in *\" $prev \"*) COMPREPLY=(); return ;; esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
         "  elif [ -n \"$scenario\" ]; then\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\") $(compgen -W \"$("
      << kScenarioNames
      << ")\" -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _portlab portlab\n";
}

void WriteZshCompletion(const CLI::App& app, std::ostream& out) {
  out << "#compdef portlab\n"
         "# zsh completion for portlab (portlab completion zsh)\n"
         "_portlab_scenarios() {\n"
         "  local -a names\n"
         "  names=(${(f)\"$("
      << kScenarioNames
      << ")\"})\n"
         "  _alternative 'files:scenario file:_files' \"names:scenario:(${names[*]})\"\n"
         "}\n"
         "_portlab() {\n"
         "  local -a commands\n"
         "  commands=(\n";
  for (const CLI::App* c : ShownCommands(app)) {
    out << "    '" << c->get_name() << ":" << ZshQuote(c->get_description(), false) << "'\n";
  }
  out << "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    _describe -t commands 'portlab command' commands\n"
         "    return\n"
         "  fi\n"
         "  words=(${words[2,-1]})\n"
         "  (( CURRENT-- ))\n"
         "  case ${words[1]} in\n";
  for (const CLI::App* c : ShownCommands(app)) {
    out << "    " << c->get_name() << ")\n      _arguments -s";
    for (const CLI::Option* o : c->get_options()) {
      const std::string type = o->get_type_name();
      std::string action;
      if (IsFileValue(type)) action = type == "SCENARIO" ? "_portlab_scenarios" : "_files";
      if (IsDirValue(type)) action = "_files -/";
      if (!o->nonpositional()) {
        out << " \\\n        '" << (o->get_items_expected_max() > 1 ? "*" : "") << ":"
            << ZshQuote(o->get_name(true, false)) << ":" << action << "'";
        continue;
      }
      const std::string repeat = o->get_items_expected_max() > 1 ? "*" : "";
      for (const std::string& n : LongNames(*o)) {
        out << " \\\n        '" << repeat << n << "[" << ZshQuote(o->get_description()) << "]";
        if (TakesValue(*o)) out << ":" << ZshQuote(type) << ":" << action;
        out << "'";
      }
    }
    out << "\n      ;;\n";
  }
  out << "  esac\n"
         "}\n"
         "_portlab \"$@\"\n";
}

}  // namespace portlab::cli
