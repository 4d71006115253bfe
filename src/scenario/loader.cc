#include "portlab/base/limits.h"
#include "portlab/scenario/loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "scenario/internal/analysis_parser.h"
#include "scenario/internal/diagnostics.h"
#include "scenario/internal/expect_parser.h"
#include "scenario/internal/host_parser.h"
#include "scenario/internal/model_checks.h"
#include "scenario/internal/nat_parser.h"
#include "scenario/internal/node_reader.h"
#include "scenario/internal/override_applier.h"
#include "scenario/internal/step_parser.h"
#include "scenario/internal/time_bounds.h"
#include "scenario/internal/workload_parser.h"
#include "scenario/internal/yaml_expansion.h"
#include "scenario/internal/yaml_hints.h"

namespace portlab::scenario {
namespace {

using internal::MapFields;
using internal::NodeReader;

constexpr uint64_t kMaxFileBytes = limits::kMaxScenarioFileBytes;

constexpr absl::string_view kTopKeys[] = {"name",   "seed",      "latency", "until",
                                          "sample", "hosts",     "workloads",
                                          "steps",  "expect",    "analysis", "nats",
                                          "loopback_latency", "defaults"};

// Walks the YAML events of a file without building nodes, to learn how many
// documents it holds before yaml-cpp builds them. yaml-cpp 0.7's LoadAll
// never ends on some inputs (a stray ',' at the top level yields an endless
// run of empty documents, each a new node), so documents are taken one at a
// time here, and a parser that emits far more events than the text could
// hold is stopped.
class DocumentProbe : public YAML::EventHandler {
 public:
  explicit DocumentProbe(size_t text_size) : max_events_(4 * text_size + 64) {}

  // Where the document last started.
  const YAML::Mark& start() const { return start_; }

  void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Count(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Count(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t, YAML::EmitterStyle::value) override {
    Count(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Count(mark);
  }
  void OnMapEnd() override {}

 private:
  void Count(const YAML::Mark& mark) {
    if (++events_ > max_events_) {
      throw YAML::ParserException(
          mark, "the YAML parser does not make progress here");
    }
  }

  size_t max_events_;
  size_t events_ = 0;
  YAML::Mark start_ = YAML::Mark::null_mark();
};

// A workload named by a `start` step waits for it; one that would never
// stop (no stop:, count:, stop step or until:) is reported.
void LinkWorkloadSteps(const NodeReader& r, Scenario& s) {
  for (WorkloadSpec& w : s.workloads) {
    bool stopped = false;
    for (const StepSpec& step : s.steps) {
      if (step.workload != w.name) continue;
      if (step.op == StepOp::kStart) w.waits_for_step = true;
      if (step.op == StepOp::kStop) stopped = true;
    }
    if (!w.stop && w.limit == 0 && !stopped && !s.until) {
      r.Report(r.ErrorAt(w.location,
                         absl::StrCat("workload ", w.name,
                                      " never stops: give it stop: or count:, a "
                                      "stop step, or the scenario until:")));
    }
  }
}

// Reads one top-level key into `field` with `read`, reporting its error.
// True when it was read.
template <typename T, typename Read>
bool ReadTop(const NodeReader& r, const MapFields& f, absl::string_view key, T& field, Read read) {
  const MapFields::Entry* e = f.Find(key);
  if (e == nullptr) return false;
  auto value = read(e->value);
  if (!value.ok()) {
    r.Report(value.status());
    return false;
  }
  field = *std::move(value);
  return true;
}

// The scalar settings: name:, seed:, latency:, loopback_latency:, until:,
// sample:. `unknown` counts the unknown top-level keys (one may have meant
// name:).
void ReadSettings(const NodeReader& r, const YAML::Node& root, const MapFields& f, size_t unknown,
                  Scenario& s) {
  if (const MapFields::Entry* name = f.Find("name")) {
    if (ReadTop(r, f, "name", s.name, [&](const YAML::Node& n) { return r.ReadString(n, "name"); }) &&
        s.name.empty()) {
      r.ReportAt(name->value, "name: must not be empty");
    }
  } else if (unknown == 0) {
    r.ReportAt(root, "scenario needs name: (a short title)");
  }
  ReadTop(r, f, "seed", s.seed, [&](const YAML::Node& n) { return r.ReadUint64(n, "seed"); });
  for (const auto& entry : {std::pair<absl::string_view, Duration*>{"latency", &s.latency},
                             {"loopback_latency", &s.loopback_latency}}) {
    // Named copies, not a structured binding: clang 14 (the fuzz build)
    // refuses a lambda that captures a structured binding.
    const absl::string_view key = entry.first;
    Duration* const field = entry.second;
    if (ReadTop(r, f, key, *field, [&](const YAML::Node& n) { return r.ReadDuration(n, key); })) {
      if (absl::Status st = internal::CheckLatency(r, f.Find(key)->value, key, *field); !st.ok()) r.Report(st);
    }
  }
  Duration until;
  if (ReadTop(r, f, "until", until, [&](const YAML::Node& n) { return r.ReadDuration(n, "until"); })) {
    s.until = SimTime() + until;
  }
  if (const MapFields::Entry* e = f.Find("sample")) {
    Duration sample;
    if (ReadTop(r, f, "sample", sample, [&](const YAML::Node& n) { return r.ReadDuration(n, "sample"); })) {
      if (sample.nanos() <= 0) {
        r.ReportAt(e->value, "sample: must be longer than 0s");
      } else {
        s.sample = sample;
        s.sample_location = r.Locate(e->value);
      }
    }
  }
}

// Parses the document, reporting every error it finds to the reader's
// Diagnostics and going on where it can: each section is read whatever the
// others hold, each entry of a section whatever its neighbours hold. What
// a failed part would have defined is excused where others refer to it
// (scenario/internal/diagnostics.h), so no error is a mere consequence.
Scenario ParseDocument(const NodeReader& r, const YAML::Node& root) {
  Scenario s;
  s.file = r.file();
  if (!root.IsMap()) {
    r.ReportAt(root, absl::StrCat("a scenario is a map with name:, hosts:, steps: and "
                                  "expect:, found ",
                                  internal::Describe(root)));
    return s;
  }
  // Unknown top-level keys are reported and the rest read; a key the file
  // lacks is then not reported, being perhaps the one misspelt.
  size_t unknown = 0;
  absl::StatusOr<MapFields> fields = MapFields::ReadKnown(r, root, "scenario", kTopKeys, &unknown);
  if (!fields.ok()) {
    r.Report(fields.status());
    return s;
  }
  const MapFields& f = *fields;

  ReadSettings(r, root, f, unknown, s);

  // Hosts come first whatever the key order: steps and expectations refer
  // to them.
  const MapFields::Entry* hosts = f.Find("hosts");
  const MapFields::Entry* analysis = f.Find("analysis");
  internal::Diagnostics& d = r.diagnostics();
  if (hosts == nullptr && analysis == nullptr) {
    if (unknown == 0) r.ReportAt(root, "scenario needs hosts: (a map of host name -> {address: ...})");
    d.ExcuseAll(internal::Defined::kHost);
  }
  if (hosts != nullptr &&
      !ReadTop(r, f, "hosts", s.hosts,
               [&](const YAML::Node& n) { return internal::ParseHosts(r, n, &s.host_groups); })) {
    d.ExcuseAll(internal::Defined::kHost);
  }
  if (!ReadTop(r, f, "nats", s.nats, [&](const YAML::Node& n) { return internal::ParseNats(r, n); }) &&
      f.Find("nats") != nullptr) {
    d.ExcuseAll(internal::Defined::kNat);
  }
  if (analysis != nullptr) {
    AnalysisSpec a;
    if (ReadTop(r, f, "analysis", a, [&](const YAML::Node& n) { return internal::ParseAnalysis(r, n); })) {
      s.analysis = std::move(a);
    } else {
      d.ExcuseAll(internal::Defined::kStrategy);
    }
  }
  absl::flat_hash_set<std::string> host_names;
  host_names.reserve(s.hosts.size());
  for (const HostSpec& h : s.hosts) {
    if (!host_names.insert(h.name).second) {
      r.Report(r.ErrorAt(h.location, absl::StrCat("host name ", h.name,
                                                   " is used twice (a quantity: host "
                                                   "names its members NAME.0, NAME.1, ...)")));
    }
  }

  absl::flat_hash_set<std::string> workload_names;
  if (f.Find("workloads") != nullptr) {
    if (ReadTop(r, f, "workloads", s.workloads, [&](const YAML::Node& n) {
          return internal::ParseWorkloads(r, n, host_names, s.host_groups);
        })) {
      for (const WorkloadSpec& w : s.workloads) workload_names.insert(w.name);
    } else {
      d.ExcuseAll(internal::Defined::kWorkload);
    }
  }
  const size_t before_steps = d.count();
  if (const MapFields::Entry* e = f.Find("steps")) {
    if (hosts == nullptr) {
      r.ReportAt(e->key_node, "steps: need hosts: to make the calls");
      d.ExcuseAll(internal::Defined::kStep);
    } else {
      absl::flat_hash_set<std::string> nat_names;
      for (const NatSpec& n : s.nats) nat_names.insert(n.name);
      if (!ReadTop(r, f, "steps", s.steps, [&](const YAML::Node& n) {
            return internal::ParseSteps(r, n, internal::StepNames{host_names, workload_names, nat_names});
          })) {
        d.ExcuseAll(internal::Defined::kStep);
        d.ExcuseAll(internal::Defined::kLabel);
      }
    }
  }
  // A workload's stop step may be one that failed.
  if (d.count() == before_steps) LinkWorkloadSteps(r, s);
  // A `host:` entry may name a quantity: group as a whole (its members'
  // figures summed, sim::HostResult).
  absl::flat_hash_set<std::string> expect_hosts = std::move(host_names);  // not read after this
  for (const auto& [group, members] : s.host_groups) expect_hosts.insert(group);
  ReadTop(r, f, "expect", s.expect, [&](const YAML::Node& n) {
    return internal::ParseExpects(r, n, s.steps, expect_hosts, s.analysis ? &*s.analysis : nullptr,
                                  workload_names);
  });
  // Bounds on the whole run's time, over the steps and workloads read.
  if (absl::Status st = internal::CheckEndOfTime(r, s); !st.ok()) r.Report(st);
  if (const MapFields::Entry* e = f.Find("sample"); e != nullptr && s.sample) {
    if (absl::Status st = internal::CheckSamplePoints(r, e->value, s); !st.ok()) r.Report(st);
  }
  // What the engine would refuse as it builds (scenario/model_checks.h),
  // listed with the file's other errors.
  if (!d.full()) internal::ReportModelErrors(s, d);
  return s;
}

// yaml-cpp's message with its control characters escaped: it quotes the
// character it stumbled on ("unknown escape character: X"), which may be
// a line break, and a message is one line.
std::string OneLine(const std::string& message) {
  std::string out;
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(u, absl::kZeroPad2));
    } else {
      out += c;
    }
  }
  return out;
}

absl::Status TooLarge(const std::string& file, uint64_t size) {
  return absl::InvalidArgumentError(absl::StrCat(
      file, ":1:1: the file is ", size, " bytes; scenarios are limited to ",
      kMaxFileBytes, " bytes (16 MiB)"));
}


// What a message about an overridden scenario ends with.
std::string OverrideNote(const std::vector<Override>& overrides) {
  std::string note = " [with";
  for (const Override& o : overrides) absl::StrAppend(&note, " --set ", o.path, "=", o.value);
  return absl::StrCat(note, "]");
}

absl::StatusOr<Scenario> LoadText(std::string_view text, const std::string& file,
                                  const std::vector<Override>& overrides) {
  if (text.size() > kMaxFileBytes) return TooLarge(file, text.size());
  internal::Diagnostics diagnostics(file);
  NodeReader reader(file, diagnostics);
  // Every error, whether returned or reported, ends in the Diagnostics: the
  // status returned holds them all.
  auto fail = [&](const absl::Status& st) -> absl::Status {
    diagnostics.Add(st);
    if (diagnostics.ok()) return absl::InvalidArgumentError(absl::StrCat(file, ":1:1: cannot read the scenario"));
    return diagnostics.ToStatus();
  };
  // yaml-cpp reports malformed YAML by throwing; nothing may leave this
  // function as an exception, so every path ends in a Status.
  try {
    std::string owned(text);
    {
      std::istringstream in(owned);
      YAML::Parser parser(in);
      DocumentProbe probe(owned.size());
      if (!parser.HandleNextDocument(probe)) {
        return fail(reader.ErrorAt(
            YAML::Mark::null_mark(),
            "the file is empty; a scenario is a map with name:, hosts:, "
            "steps: and expect:"));
      }
      if (parser.HandleNextDocument(probe)) {
        return fail(reader.ErrorAt(
            probe.start(),
            "a second YAML document starts here, or a stray character "
            "ends the first; a file holds one scenario"));
      }
    }
    YAML::Node root = YAML::Load(owned);
    if (root.IsNull()) {
      return fail(reader.ErrorAt(
          root,
          "the file is empty; a scenario is a map with name:, hosts:, "
          "steps: and expect:"));
    }
    for (const Override& o : overrides) {
      if (absl::Status st = internal::ApplyOverride(reader, root, o); !st.ok()) return fail(st);
    }
    // Overrides address the file as written; merge keys and defaults then
    // fill in what it leaves to them (scenario/internal/yaml_expansion.h).
    // (A file without "<<" has no merge key: its tree is not walked.)
    if (owned.find("<<") != std::string::npos) {
      if (absl::Status st = internal::ExpandMergeKeys(reader, root); !st.ok()) return fail(st);
    }
    if (absl::Status st = internal::ApplyHostDefaults(reader, root); !st.ok()) return fail(st);
    Scenario s = ParseDocument(reader, root);
    if (!diagnostics.ok()) return diagnostics.ToStatus();
    return s;
  } catch (const YAML::Exception& e) {
    // yaml-cpp names a symptom, often a line late: name the likelier cause
    // where it is (scenario/internal/yaml_hints.h).
    if (std::optional<internal::YamlHint> hint = internal::FindYamlHint(text, e.mark.line)) {
      YAML::Mark at = e.mark;
      at.line = hint->line;
      at.column = hint->column;
      return fail(reader.ErrorAt(at, absl::StrCat("invalid YAML: ", hint->message, " (the parser says: ", OneLine(e.msg), ")")));
    }
    return fail(reader.ErrorAt(e.mark, absl::StrCat("invalid YAML: ", OneLine(e.msg))));
  } catch (const std::bad_alloc&) {
    return fail(reader.ErrorAt(YAML::Mark::null_mark(),
                          "out of memory while reading the file"));
  } catch (const std::exception& e) {
    return fail(reader.ErrorAt(YAML::Mark::null_mark(),
                          absl::StrCat("cannot parse: ", e.what())));
  } catch (...) {
    return fail(reader.ErrorAt(YAML::Mark::null_mark(), "cannot parse the file"));
  }
}

}  // namespace

absl::StatusOr<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                          const std::vector<Override>& overrides) {
  absl::StatusOr<Scenario> s = LoadText(text, file, overrides);
  // An override's own error already names its --set; any other error on an
  // overridden scenario may come from an overridden value.
  if (!s.ok() && !overrides.empty() &&
      s.status().message().find("--set ") == absl::string_view::npos) {
    return absl::Status(s.status().code(), absl::StrCat(s.status().message(), OverrideNote(overrides)));
  }
  return s;
}

absl::StatusOr<Scenario> LoadScenarioFile(const std::string& path,
                                          const std::vector<Override>& overrides) {
  absl::StatusOr<std::string> text = ReadScenarioFile(path);
  if (!text.ok()) return text.status();
  return LoadScenarioText(*text, path, overrides);
}

absl::StatusOr<std::string> ReadScenarioFile(const std::string& path) {
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) {
    return absl::NotFoundError(absl::StrCat(
        path,
        ": cannot read scenario file: ", ec ? ec.message() : "no such file"));
  }
  if (std::filesystem::is_directory(st)) {
    return absl::NotFoundError(absl::StrCat(path,
                                            ": cannot read scenario file: "
                                            "it is a directory"));
  }
  // Checked before reading so a huge file (or /dev/zero) is never loaded.
  if (std::filesystem::is_regular_file(st)) {
    uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) return TooLarge(path, size);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot read scenario file"));
  }
  // Read in blocks, at most one byte past the limit: enough to know it is
  // too large for files whose size the filesystem does not tell (pipes,
  // devices). The string grows with what arrives, so a page of YAML costs
  // a page, not a zeroed 16 MiB buffer (~4,000 page faults a run).
  std::string text;
  char block[64 << 10];
  while (text.size() <= kMaxFileBytes) {
    const size_t want = std::min(sizeof block, static_cast<size_t>(kMaxFileBytes + 1 - text.size()));
    in.read(block, static_cast<std::streamsize>(want));
    text.append(block, static_cast<size_t>(in.gcount()));
    if (!in) break;
  }
  if (in.bad()) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot read scenario file"));
  }
  if (text.size() > kMaxFileBytes) return TooLarge(path, text.size());
  return text;
}

}  // namespace portlab::scenario
