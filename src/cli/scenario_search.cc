#include "scenario_search.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace portlab::cli {
namespace {

namespace fs = std::filesystem;

bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// share/portlab/scenarios beside the running program's bin/; empty when
// /proc/self/exe cannot be read.
fs::path InstalledScenarios() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / "share" / "portlab" / "scenarios";
}

std::string FileName(const std::string& name) {
  return absl::EndsWith(name, ".yaml") ? name : absl::StrCat(name, ".yaml");
}

}  // namespace

std::vector<std::string> ScenarioDirectories() {
  std::vector<fs::path> candidates = {"scenarios"};
  if (const char* extra = std::getenv("PORTLAB_SCENARIOS"); extra != nullptr) {
    for (absl::string_view d : absl::StrSplit(extra, ':', absl::SkipEmpty())) candidates.emplace_back(std::string(d));
  }
  if (fs::path installed = InstalledScenarios(); !installed.empty()) candidates.push_back(installed);
  std::vector<std::string> out;
  for (const fs::path& d : candidates) {
    if (!IsDirectory(d)) continue;
    std::string text = d.lexically_normal().string();
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
  }
  return out;
}

std::string ResolveScenarioPath(const std::string& arg) {
  if (arg == "-" || arg.empty() || absl::StrContains(arg, '/') || IsFile(arg)) return arg;
  for (const std::string& dir : ScenarioDirectories()) {
    fs::path p = fs::path(dir) / FileName(arg);
    if (IsFile(p)) return p.string();
  }
  return arg;
}

std::string ScenarioNotFoundHint(const std::string& arg) {
  if (arg == "-" || arg.empty() || absl::StrContains(arg, '/') || IsFile(arg)) return "";
  if (ResolveScenarioPath(arg) != arg) return "";
  const std::vector<std::string> dirs = ScenarioDirectories();
  if (dirs.empty()) return "no such file, and no scenario directory to look in (portlab list)";
  return absl::StrCat("no such file, nor a scenario of that name in ", absl::StrJoin(dirs, ", "),
                      " (portlab list shows them)");
}

std::vector<std::string> ScenarioNames() {
  std::set<std::string> names;
  for (const std::string& dir : ScenarioDirectories()) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& path = it->path();
      if (path.extension() == ".yaml") names.insert(path.stem().string());
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace portlab::cli
