// Fuzzes `--set KEY=VALUE` (scenario/overrides.h) on the shipped
// scenarios: the input's first byte picks a file of scenarios/ (sorted by
// name), each following line is one `--set` argument. The arguments are
// parsed as the command line parses them (ParseOverride), then applied
// while the file loads, and a scenario that loads is checked as `portlab
// validate` checks it.
//
// Holds: no crash, leak or undefined behaviour; a bad argument is refused
// by ParseOverride (InvalidArgument) or by the loader naming the file
// ("NAME.yaml:"); the model's refusals name the file too.
// Seeds: fuzz/corpus/set_override (keys of the sweeps and tests' --set).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "fuzz_check.h"
#include "portlab/base/strings.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/scenario/loader.h"
#include "portlab/scenario/overrides.h"

using namespace portlab;

namespace {

struct ShippedScenario {
  std::string name;  // "web-browsing.yaml"
  std::string text;
};

// scenarios/*.yaml, read once.
const std::vector<ShippedScenario>& Shipped() {
  static const std::vector<ShippedScenario> files = [] {
    std::vector<ShippedScenario> out;
    for (const auto& e : std::filesystem::directory_iterator(PORTLAB_SOURCE_DIR "/scenarios")) {
      if (e.path().extension() != ".yaml") continue;
      std::ifstream in(e.path(), std::ios::binary);
      out.push_back({e.path().filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    fuzz::FuzzRequire(!out.empty(), "scenarios/ holds scenarios", PORTLAB_SOURCE_DIR "/scenarios");
    return out;
  }();
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ShippedScenario& file = Shipped()[data[0] % Shipped().size()];
  const std::string_view args(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<scenario::Override> overrides;
  for (absl::string_view arg : absl::StrSplit(AV(args), '\n')) {
    absl::StatusOr<scenario::Override> o = scenario::ParseOverride(SV(arg));
    if (!o.ok()) {
      fuzz::FuzzRequire(absl::IsInvalidArgument(o.status()), "a bad --set is InvalidArgument", o.status().ToString());
      return 0;
    }
    overrides.push_back(*std::move(o));
  }
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(file.text, file.name, overrides);
  if (!s.ok()) {
    fuzz::FuzzRequireBadInput(s.status(), file.name + ":");
    return 0;
  }
  if (absl::Status checked = analysis::CheckScenarioWithAnalysis(*s, run::RunOptions()); !checked.ok()) {
    fuzz::FuzzRequireBadInput(checked, file.name + ":");
  }
  return 0;
}
