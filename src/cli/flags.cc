#include "flags.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "portlab/base/strings.h"
#include "portlab/scenario/loader.h"
#include "portlab/run/memory_estimate.h"
#include "provenance.h"
#include "scenario_search.h"

namespace portlab::cli {

int ExitStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitPassed;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kResourceExhausted:
      return kExitUsage;
    default:
      return kExitUsage;
  }
}

int Fail(const absl::Status& status) {
  std::cerr << status.message() << "\n";
  return ExitStatusOf(status);
}

absl::Status FlagError(std::string_view flag, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(AV(flag), ": ", status.message()));
}

std::optional<uint64_t> SeedFlag(const CLI::Option* option, uint64_t value) {
  if (option != nullptr && option->count() > 0) return value;
  return std::nullopt;
}

absl::StatusOr<scenario::Scenario> LoadScenarioArg(const std::string& arg,
                                                   const std::vector<std::string>& sets,
                                                   std::string* sha256) {
  std::vector<scenario::Override> overrides;
  for (const std::string& set : sets) {
    absl::StatusOr<scenario::Override> o = scenario::ParseOverride(set);
    if (!o.ok()) return FlagError("--set", o.status());
    overrides.push_back(*std::move(o));
  }
  if (arg != "-") {
    const std::string hint = ScenarioNotFoundHint(arg);
    if (!hint.empty()) return absl::NotFoundError(absl::StrCat(arg, ": cannot read scenario file: ", hint));
    const std::string path = ResolveScenarioPath(arg);
    absl::StatusOr<std::string> text = scenario::ReadScenarioFile(path);
    if (!text.ok()) return text.status();
    if (sha256 != nullptr) *sha256 = Sha256Hex(*text);
    return scenario::LoadScenarioText(*text, path, overrides);
  }
  absl::StatusOr<std::string> text = scenario::ReadScenarioFile("/dev/stdin");
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        absl::StrCat("(stdin): cannot read the scenario: ", text.status().message()));
  }
  if (sha256 != nullptr) *sha256 = Sha256Hex(*text);
  return scenario::LoadScenarioText(*text, "(stdin)", overrides);
}

void AddSetOption(CLI::App& command, std::vector<std::string>& sets) {
  command.add_option("--set", sets,
                     "KEY=VALUE: change one value of the scenario before it is read: a path of map "
                     "keys and list indexes (hosts.client.os, steps.1.count); repeatable");
}

absl::StatusOr<int64_t> MemoryLimitFlag(const std::string& text) {
  if (text.empty()) return run::kDefaultMemoryLimit;
  absl::StatusOr<int64_t> limit = run::ParseByteSize(text);
  if (!limit.ok()) return FlagError("--memory-limit", limit.status());
  return limit;
}

}  // namespace portlab::cli
