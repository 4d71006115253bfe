#include "portlab/report/exercise_writer.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "portlab/base/strings.h"
#include "portlab/report/html_escape.h"
#include "portlab/report/sweep_writer.h"

namespace portlab::report {

namespace {

using analysis::AnswerPart;

std::string_view StripTrailing(std::string_view t) { return SV(absl::StripTrailingAsciiWhitespace(AV(t))); }
std::string_view StripLeading(std::string_view t) { return SV(absl::StripLeadingAsciiWhitespace(AV(t))); }
// The text's pieces between separators.
std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  for (absl::string_view piece : absl::StrSplit(AV(text), sep)) out.push_back(SV(piece));
  return out;
}
using analysis::AnswerType;
using analysis::Question;

// The line without a trailing "# comment" (a '#' after a blank, outside quotes).
std::string_view WithoutComment(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

std::string Title(const ExerciseSheet& sheet) {
  return absl::StrCat("Exercise: ", sheet.facts->scenario_name);
}

std::string Intro(const ExerciseSheet& sheet) {
  return absl::StrFormat("Scenario %s, run with seed %d; %d question%s.", sheet.file, sheet.exercise->seed,
                         sheet.exercise->questions.size(), sheet.exercise->questions.size() == 1 ? "" : "s");
}

// The answer forms, one line each.
std::vector<std::string> AnswerForms() {
  return {
      "integer: a whole number, e.g. 61234.",
      "name: a word or an address as the sheet prints them (a demux rule such as exact, an errno such as "
      "ECONNREFUSED, even or odd, an Address:Port such as 10.0.0.2:80, or none); case and extra spaces do "
      "not matter and a \"(service)\" after a port is ignored.",
      "seconds: seconds since the start of the run, e.g. 1.002; each question says how close is right.",
      "Hand in one line per answer: student,question,answer (e.g. alice,Q2a,exact).",
  };
}

std::string HostRow(const analysis::HostFacts& h) {
  return absl::StrFormat("%s|%s|%s|%s|%s", h.name, h.os, h.range.ToString(), h.tcp_strategy,
                         h.has_firewall ? "yes (rules in the scenario)" : "none");
}

std::string NatLine(const analysis::NatFacts& n) {
  std::string choice = n.sequential ? absl::StrFormat("counts up from %d", n.port_lo)
                                    : absl::StrFormat("chosen at random in %d-%d", n.port_lo, n.port_hi);
  return absl::StrFormat("NAT %s (profile %s): outside ports %s; port preservation %s.", n.name, n.profile,
                         choice, n.port_preservation ? "on (the inside port is kept when free)" : "off");
}

std::vector<std::string> ProfileLines(const analysis::RunFacts& facts) {
  std::vector<std::string> lines;
  std::set<std::string> seen;
  for (const analysis::HostFacts& h : facts.hosts) {
    if (!seen.insert(h.os).second) continue;
    lines.push_back(absl::StrCat(h.os, ": ", h.os_description));
  }
  return lines;
}

std::string LatencyLine(const analysis::RunFacts& facts) {
  return absl::StrFormat("Every pair of hosts is joined by a link of one-way latency %s (a round trip: %s).",
                         FormatDuration(facts.latency), FormatDuration(facts.latency * 2));
}

std::string AnswerText(const AnswerPart& p) {
  if (p.type == AnswerType::kSeconds) return absl::StrFormat("%s (within %g s)", p.answer, p.tolerance_s);
  return p.answer;
}

void HtmlQuestion(const Question& q, const std::string& table, bool key_inline, std::ostream& out) {
  const std::string& first = q.parts.front().id;
  const std::string number = q.parts.size() == 1 ? first : first.substr(0, first.size() - 1);
  out << "<section class=\"question\" id=\"" << number << "\">\n<h3>" << number << " <span class=\"kind\">"
      << analysis::QuestionKindName(q.kind) << "</span></h3>\n";
  out << "<p>" << HtmlEscape(q.situation) << "</p>\n";
  if (!table.empty()) out << "<pre class=\"table\">" << HtmlEscape(table) << "</pre>\n";
  out << "<ul class=\"parts\">\n";
  for (const AnswerPart& p : q.parts) {
    out << "<li><b>" << p.id << "</b> " << HtmlEscape(p.prompt);
    if (key_inline) {
      out << "\n<details><summary>Answer</summary><p class=\"answer\">" << HtmlEscape(AnswerText(p))
          << "</p><p>" << HtmlEscape(p.explanation) << "</p></details>";
    }
    out << "</li>\n";
  }
  out << "</ul>\n</section>\n";
}

constexpr char kCss[] =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#1b1b1b}\n"
    "pre{background:#f4f4f4;padding:.6rem .8rem;overflow-x:auto;font-size:.9rem}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}\n"
    ".question{border-top:2px solid #0072b2;margin-top:1.5rem}\n"
    ".kind{font-size:.75rem;font-weight:normal;color:#555;border:1px solid #999;border-radius:.3rem;"
    "padding:0 .3rem}\n"
    "details{margin:.3rem 0 .6rem;padding:.2rem .6rem;background:#eef5fb}\n"
    "summary{cursor:pointer;color:#0072b2}\n"
    "footer.provenance{color:#555;font-size:.7rem;margin-top:2rem;overflow-wrap:anywhere}\n"
    ".parts{list-style:none;padding-left:0}.parts li{margin:.4rem 0}\n"
    ".answer{font-family:monospace;font-weight:bold}\n"
    "@media print{details{display:none}}\n";

}  // namespace

std::string StudentScenarioText(std::string_view yaml) {
  std::string out;
  bool skipping = false;
  bool blank = true;  // squeeze blank runs, and drop leading blanks
  for (std::string_view raw : Split(yaml, '\n')) {
    std::string_view line = StripTrailing(raw);
    const std::string_view stripped = StripLeading(line);
    if (!stripped.empty() && stripped.front() == '#') continue;
    const bool top_level = !line.empty() && line.front() != ' ' && line.front() != '-';
    if (top_level) skipping = line.starts_with("expect:");
    // The sheet names the seed it was run with.
    if (skipping || line.starts_with("seed:")) continue;
    line = StripTrailing(WithoutComment(line));
    if (line.empty()) {
      if (!blank) out += "\n";
      blank = true;
      continue;
    }
    out.append(line);
    out += '\n';
    blank = false;
  }
  while (out.ends_with("\n\n")) out.pop_back();
  return out;
}

void WriteExerciseHtml(const ExerciseSheet& sheet, std::ostream& out) {
  const analysis::RunFacts& facts = *sheet.facts;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << HtmlEscape(Title(sheet)) << "</title>\n";
  WriteProvenanceHtmlMeta(sheet.provenance, kExerciseFormat, out);
  out << "<style>\n" << kCss << "</style>\n</head>\n<body>\n";
  out << "<h1>" << HtmlEscape(Title(sheet)) << "</h1>\n<p>" << HtmlEscape(Intro(sheet)) << "</p>\n";
  out << "<h2>How to answer</h2>\n<ul>\n";
  for (const std::string& line : AnswerForms()) out << "<li>" << HtmlEscape(line) << "</li>\n";
  out << "</ul>\n<h2>The scenario</h2>\n<pre>" << HtmlEscape(StudentScenarioText(sheet.scenario_text))
      << "</pre>\n";
  out << "<h2>What you need to know</h2>\n<p>" << HtmlEscape(LatencyLine(facts)) << "</p>\n";
  out << "<table>\n<tr><th>host</th><th>OS profile</th><th>local port range</th><th>TCP connect() strategy</th>"
         "<th>firewall</th></tr>\n";
  for (const analysis::HostFacts& h : facts.hosts) {
    const std::string row = HostRow(h);
    out << "<tr>";
    for (std::string_view cell : Split(row, '|')) out << "<td>" << HtmlEscape(cell) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n<ul>\n";
  for (const std::string& line : ProfileLines(facts)) out << "<li>" << HtmlEscape(line) << "</li>\n";
  for (const analysis::NatFacts& n : facts.nats) out << "<li>" << HtmlEscape(NatLine(n)) << "</li>\n";
  out << "</ul>\n<h2>Questions</h2>\n";
  const auto& questions = sheet.exercise->questions;
  for (size_t i = 0; i < questions.size(); ++i) {
    HtmlQuestion(questions[i], i < sheet.tables.size() ? sheet.tables[i] : "", sheet.key_inline, out);
  }
  WriteProvenanceHtmlFooter(sheet.provenance, kExerciseFormat, out);
  out << "</body>\n</html>\n";
}

void WriteExerciseMarkdown(const ExerciseSheet& sheet, std::ostream& out) {
  const analysis::RunFacts& facts = *sheet.facts;
  // An HTML comment: not shown where the Markdown is rendered.
  out << "<!-- " << absl::StrReplaceAll(ProvenanceLine(sheet.provenance, kExerciseFormat), {{"-->", "--&gt;"}})
      << " -->\n\n";
  out << "# " << Title(sheet) << "\n\n" << Intro(sheet) << "\n\n## How to answer\n\n";
  for (const std::string& line : AnswerForms()) out << "- " << line << "\n";
  out << "\n## The scenario\n\n```yaml\n" << StudentScenarioText(sheet.scenario_text) << "```\n\n";
  out << "## What you need to know\n\n" << LatencyLine(facts) << "\n\n";
  out << "| host | OS profile | local port range | TCP connect() strategy | firewall |\n";
  out << "|---|---|---|---|---|\n";
  for (const analysis::HostFacts& h : facts.hosts) {
    const std::string row = HostRow(h);
    out << "|";
    for (std::string_view cell : Split(row, '|')) out << " " << cell << " |";
    out << "\n";
  }
  out << "\n";
  for (const std::string& line : ProfileLines(facts)) out << "- " << line << "\n";
  for (const analysis::NatFacts& n : facts.nats) out << "- " << NatLine(n) << "\n";
  out << "\n## Questions\n";
  const auto& questions = sheet.exercise->questions;
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    const std::string& first = q.parts.front().id;
    const std::string number = q.parts.size() == 1 ? first : first.substr(0, first.size() - 1);
    out << "\n### " << number << " (" << analysis::QuestionKindName(q.kind) << ")\n\n" << q.situation << "\n\n";
    if (i < sheet.tables.size() && !sheet.tables[i].empty()) out << "```\n" << sheet.tables[i] << "```\n\n";
    for (const AnswerPart& p : q.parts) {
      out << "- **" << p.id << "** " << p.prompt << "\n";
      if (sheet.key_inline) {
        out << "  <details><summary>Answer</summary>" << HtmlEscape(AnswerText(p)) << ": "
            << HtmlEscape(p.explanation) << "</details>\n";
      }
    }
  }
}

void WriteAnswerKeyCsv(const analysis::Exercise& exercise, std::ostream& out) {
  out << "question,kind,type,answer,tolerance,prompt,explanation\n";
  for (const Question& q : exercise.questions) {
    for (const AnswerPart& p : q.parts) {
      const std::string tolerance =
          p.type == AnswerType::kSeconds ? absl::StrFormat("%g", p.tolerance_s) : std::string();
      out << p.id << ',' << analysis::QuestionKindName(q.kind) << ',' << analysis::AnswerTypeName(p.type) << ','
          << CsvField(p.answer) << ',' << tolerance << ',' << CsvField(p.prompt) << ','
          << CsvField(p.explanation) << '\n';
    }
  }
}

}  // namespace portlab::report
