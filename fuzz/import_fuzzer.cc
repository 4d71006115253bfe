// Fuzzes `portlab import`: the readers of pasted command output
// (import/snapshot_reader.h: ss, /proc/net, sockstat, sysctl -a, netstat,
// conntrack) and the scenario writer over what they read, whose YAML must
// load and pass `run`'s checks (the promise import_command.cc makes).
//
// Input: byte 0 picks the format (0: told from the text, as without
// --format; k: the Format numbered k-1), byte 1 the interval between
// snapshots (0: none, else that many seconds), and the rest, split at NUL
// bytes, is up to four files, read as snap0.txt, snap1.txt ...
//
// Holds: no crash, leak or undefined behaviour; a file refused is
// InvalidArgument naming it ("snapN.txt"); the scenario written from the
// snapshots read loads (scenario::LoadScenarioText) and passes
// run::CheckScenario.
// Seeds: fuzz/corpus/import (tests/import/fixtures).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fuzz_check.h"
#include "portlab/base/strings.h"
#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

using namespace portlab;

namespace {

constexpr int kFormats = static_cast<int>(import::Format::kConntrackStats) + 1;
constexpr size_t kMaxSnapshots = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::optional<import::Format> format;
  if (data[0] % (kFormats + 1) != 0) format = static_cast<import::Format>(data[0] % (kFormats + 1) - 1);
  import::ImportOptions options;
  if (data[1] != 0) options.interval = Duration::Seconds(data[1]);
  const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);

  std::vector<import::Snapshot> snapshots;
  for (absl::string_view text : absl::StrSplit(AV(rest), '\0')) {
    if (snapshots.size() == kMaxSnapshots) break;
    const std::string file = absl::StrCat("snap", snapshots.size(), ".txt");
    absl::StatusOr<import::Snapshot> s = import::ReadSnapshot(SV(text), file, format);
    if (!s.ok()) {
      fuzz::FuzzRequireBadInput(s.status(), file);
      return 0;
    }
    for (const import::Problem& p : s->problems) s->Where(p);  // every problem can be said
    snapshots.push_back(*std::move(s));
  }
  absl::StatusOr<std::string> yaml = import::WriteImportedScenario(snapshots, options);
  if (!yaml.ok()) {
    fuzz::FuzzRequire(absl::IsInvalidArgument(yaml.status()), "the writer refuses with InvalidArgument",
                      yaml.status().ToString());
    return 0;
  }
  absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioText(*yaml, "imported.yaml");
  fuzz::FuzzRequire(loaded.ok(), "the imported scenario loads", absl::StrCat(loaded.status().message(), "\n", *yaml));
  const absl::Status checked = run::CheckScenario(*loaded, run::RunOptions());
  fuzz::FuzzRequire(checked.ok(), "the imported scenario passes run's checks", absl::StrCat(checked.message(), "\n", *yaml));
  return 0;
}
