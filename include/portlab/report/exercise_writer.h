// The exercise sheet and its answer key (`portlab exercise`).
//
// The sheet (HTML, one self-contained file with no script, or Markdown)
// gives what a student needs: the scenario as written (its comments and
// its expect: section left out, since they give answers away), each host's
// OS profile, port range and connect() strategy, the link latency, each
// NAT's port choice, how to write each kind of answer, then the questions,
// each with the table it needs as `portlab table` prints it. With
// `key_inline` each answer and the rule behind it follow their question
// behind a click (<details>): predict, then reveal.
//
// The key is CSV (RFC 4180, a header line, one row per answer part):
//   question,kind,type,answer,tolerance,prompt,explanation
//   Q1,nat-port,integer,61234,,"At 1 s, which outside port ...","home hands out ..."
// type is integer, name or seconds (analysis/exercise.h); tolerance (seconds)
// is set for type seconds only. `portlab grade` reads it back (grading.h).
//
// Example:
//   ExerciseSheet sheet{...};
//   WriteExerciseHtml(sheet, out);
#ifndef PORTLAB_REPORT_EXERCISE_WRITER_H_
#define PORTLAB_REPORT_EXERCISE_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/analysis/exercise.h"
#include "portlab/report/provenance.h"
#include "portlab/analysis/run_facts.h"

namespace portlab::report {

struct ExerciseSheet {
  std::string file;            // the scenario's file name as shown ("nat-textbook.yaml")
  std::string scenario_text;   // the scenario file's text
  const analysis::RunFacts* facts = nullptr;    // not owned
  const analysis::Exercise* exercise = nullptr; // not owned
  std::vector<std::string> tables;              // per question, "" for none (RenderTables)
  bool key_inline = false;     // answers behind <details> after each question
  // Who made the sheet (provenance.h): the HTML's <meta> elements and
  // footer, the Markdown's first line (an HTML comment).
  Provenance provenance;
};

// The scenario text a student sees: full-line comments, trailing comments
// and the top-level `expect:` section removed, blank runs squeezed.
std::string StudentScenarioText(std::string_view yaml);

void WriteExerciseHtml(const ExerciseSheet& sheet, std::ostream& out);
void WriteExerciseMarkdown(const ExerciseSheet& sheet, std::ostream& out);
void WriteAnswerKeyCsv(const analysis::Exercise& exercise, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_EXERCISE_WRITER_H_
