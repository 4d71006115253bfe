// `portlab exercise SCENARIO [--seed S] [--questions N] [--out DIR]
// [--key-inline]`: a student sheet (HTML and Markdown) of N questions the
// run answers, and its answer key (CSV), in DIR as NAME-seedS.html,
// NAME-seedS.md and NAME-seedS-key.csv. The seed is the run's and chooses
// the questions.
#include <filesystem>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "provenance.h"
#include "scenario_search.h"
#include "flags.h"
#include "portlab/analysis/exercise.h"
#include "portlab/report/exercise_run.h"
#include "portlab/report/exercise_writer.h"
#include "portlab/report/output_file.h"
#include "portlab/scenario/loader.h"

namespace portlab::cli {

CLI::App* AddExerciseCommand(CLI::App& app, ExerciseFlags& flags) {
  CLI::App* exercise =
      app.add_subcommand("exercise", "Write a student sheet (HTML, Markdown) of questions a run answers, and its key");
  exercise->add_option("SCENARIO", flags.scenario, "Scenario file (YAML), a scenario's name (portlab list), or '-' for stdin")->required();
  exercise->add_option("--seed", flags.seed, "Seed of the run and of the choice of questions (default 1)");
  exercise->add_option("--questions", flags.questions, "How many questions (default 8)")
      ->check(CLI::Range(1, 1000));
  exercise->add_option("--out", flags.out, "Directory for the sheet and the key (default: the current one)");
  exercise->add_flag("--key-inline", flags.key_inline,
                     "Put each answer after its question behind a click (<details>), for a teacher to project");
  exercise->add_option("--memory-limit", flags.memory_limit, "Refuse a scenario estimated above this size");
  return exercise;
}

int RunExerciseCommand(const ExerciseFlags& flags) {
  if (flags.out == "-") {
    return Fail(absl::InvalidArgumentError("--out: a directory is needed (the sheet, its Markdown and the key "
                                           "are three files), not -"));
  }
  absl::StatusOr<int64_t> limit = MemoryLimitFlag(flags.memory_limit);
  if (!limit.ok()) return Fail(limit.status());
  if (const std::string hint = ScenarioNotFoundHint(flags.scenario); !hint.empty()) {
    return Fail(absl::NotFoundError(absl::StrCat(flags.scenario, ": cannot read scenario file: ", hint)));
  }
  const std::string path = flags.scenario == "-" ? "/dev/stdin" : ResolveScenarioPath(flags.scenario);
  const std::string shown = flags.scenario == "-" ? "(stdin)" : flags.scenario;
  absl::StatusOr<std::string> text = scenario::ReadScenarioFile(path);
  if (!text.ok()) return Fail(text.status());
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(*text, shown);
  if (!s.ok()) return Fail(s.status());

  std::error_code ec;
  std::filesystem::create_directories(flags.out, ec);
  if (ec) return Fail(absl::InvalidArgumentError(absl::StrCat(flags.out, ": cannot create: ", ec.message())));
  const std::string stem = flags.scenario == "-" ? std::string("stdin")
                                                 : std::filesystem::path(flags.scenario).stem().string();
  const std::filesystem::path base = std::filesystem::path(flags.out) / absl::StrCat(stem, "-seed", flags.seed);
  absl::StatusOr<report::OutputFile> html = report::OutputFile::Open(base.string() + ".html");
  if (!html.ok()) return Fail(html.status());
  absl::StatusOr<report::OutputFile> md = report::OutputFile::Open(base.string() + ".md");
  if (!md.ok()) return Fail(md.status());
  absl::StatusOr<report::OutputFile> key = report::OutputFile::Open(base.string() + "-key.csv");
  if (!key.ok()) return Fail(key.status());

  run::RunOptions options;
  options.seed = flags.seed;
  options.memory_limit = *limit;
  absl::StatusOr<analysis::RunFacts> facts = report::RecordRunFacts(*s, options);
  if (!facts.ok()) return Fail(facts.status());
  const analysis::Exercise exercise = analysis::BuildExercise(*facts, flags.seed, flags.questions);
  if (exercise.questions.empty()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(shown, ": the run offers no question (no connect(), demux, NAT mapping or failure)")));
  }
  absl::StatusOr<std::vector<std::string>> tables = report::RenderTables(*s, flags.seed, exercise);
  if (!tables.ok()) return Fail(tables.status());

  report::ExerciseSheet sheet;
  sheet.file = flags.scenario == "-" ? "(stdin)" : std::filesystem::path(flags.scenario).filename().string();
  sheet.scenario_text = *text;
  sheet.facts = &*facts;
  sheet.exercise = &exercise;
  sheet.tables = std::move(*tables);
  sheet.key_inline = flags.key_inline;
  sheet.provenance = ProvenanceOf(Sha256Hex(*text), flags.seed);
  report::WriteExerciseHtml(sheet, html->stream());
  report::WriteExerciseMarkdown(sheet, md->stream());
  report::WriteAnswerKeyCsv(exercise, key->stream());
  for (auto [file, what] : {std::pair{&*html, "the sheet"}, {&*md, "the sheet"}, {&*key, "the answer key"}}) {
    absl::Status flushed = file->Flush(what);
    if (!flushed.ok()) return Fail(flushed);
  }
  if (absl::Status s = report::WriteProvenanceSidecar(*key, sheet.provenance, report::kExerciseFormat); !s.ok()) {
    return Fail(s);
  }
  std::cout << exercise.questions.size() << " questions: " << html->path() << ", " << md->path() << ", "
            << key->path() << "\n";
  if (static_cast<int>(exercise.questions.size()) < flags.questions) {
    std::cout << "(the run offers " << exercise.questions.size() << " questions, fewer than --questions "
              << flags.questions << ")\n";
  }
  return kExitPassed;
}

}  // namespace portlab::cli
