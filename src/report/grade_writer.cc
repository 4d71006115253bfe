#include "portlab/report/grade_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/report/sweep_writer.h"
#include "report/internal/text_table.h"

namespace portlab::report {

namespace {

std::string Percent(const analysis::StudentGrade& g) {
  return g.total == 0 ? "-" : absl::StrFormat("%d%%", (g.score * 100 + g.total / 2) / g.total);
}

}  // namespace

void WriteGrades(const analysis::Grades& grades, std::string_view answers_file, std::ostream& out) {
  using internal::Align;
  internal::TextTable table({{"student", Align::kLeft},
                             {"score", Align::kRight},
                             {"of", Align::kRight},
                             {"percent", Align::kRight}});
  for (const analysis::StudentGrade& g : grades.students) {
    table.AddRow({g.student, absl::StrCat(g.score), absl::StrCat(g.total), Percent(g)});
  }
  table.Print(out, "");
  bool any = false;
  for (const analysis::StudentGrade& g : grades.students) {
    for (const analysis::WrongAnswer& w : g.wrong) {
      if (!any) out << "\nWrong or missing answers\n";
      any = true;
      const std::string given = w.line == 0 ? "no answer"
                                            : absl::StrFormat("gave \"%s\" (%s:%d)", w.given, answers_file, w.line);
      out << absl::StrFormat("\n%s  %s  %s, expected %s\n    %s\n", g.student, w.question, given, w.expected, w.why);
    }
  }
  if (!any && !grades.students.empty()) out << "\nEvery answer is right.\n";
}

void WriteScoresCsv(const analysis::Grades& grades, std::ostream& out) {
  out << "student,score,total,percent\n";
  for (const analysis::StudentGrade& g : grades.students) {
    const double percent = g.total == 0 ? 0 : 100.0 * g.score / g.total;
    out << CsvField(g.student) << ',' << g.score << ',' << g.total << ',' << absl::StrFormat("%.1f", percent)
        << '\n';
  }
}

}  // namespace portlab::report
