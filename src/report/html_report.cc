#include "portlab/report/html_report.h"

#include <sstream>

#include "absl/strings/str_format.h"
#include "portlab/report/html_escape.h"
#include "portlab/report/report_charts.h"
#include "portlab/report/summary_writer.h"
#include "portlab/report/svg_chart.h"

namespace portlab::report {
namespace {

void WriteExpectations(const sim::Result& result, std::ostream& out) {
  if (result.expectations.empty()) return;
  out << "<h2>Expectations</h2>\n<table>\n";
  for (const sim::ExpectationResult& e : result.expectations) {
    out << absl::StrFormat("<tr class=\"%s\"><td>%s</td><td>#%d</td><td>%s</td></tr>\n", e.passed ? "pass" : "fail",
                           e.passed ? "PASS" : "FAIL", e.index, HtmlEscape(e.detail));
  }
  out << "</table>\n";
}

}  // namespace

void WriteHtmlReport(const sim::Result& result, const Provenance& provenance, std::ostream& out,
                     const StepThrough* events) {
  size_t failed = 0;
  for (const sim::ExpectationResult& e : result.expectations) failed += e.passed ? 0 : 1;
  // The verdict says it in words and a symbol, not by colour alone; a run
  // with nothing to check is neutral, not a pass.
  const char* verdict_class = result.expectations.empty() ? "none-verdict" : failed == 0 ? "pass-verdict" : "fail-verdict";
  const std::string verdict =
      result.expectations.empty() ? "no expectations to check"
      : failed == 0               ? absl::StrFormat("\u2714 all %d expectations held", result.expectations.size())
                                  : absl::StrFormat("\u2718 %d of %d expectations FAILED", failed, result.expectations.size());
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out << "<title>portlab: " << HtmlEscape(result.scenario) << "</title>\n";
  WriteProvenanceHtmlMeta(provenance, kHtmlReportFormat, out);
  out << "<style>\n"
         "body { font-family: sans-serif; margin: 2em; max-width: 60em; }\n"
         "pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 12px; }\n"
         "table { border-collapse: collapse; } td { padding: 2px 8px; vertical-align: top; }\n"
         // Okabe-Ito blue and vermillion (report/svg_chart.cc), with the
         // words PASS / FAIL and a symbol beside them.
         "tr.pass td:first-child, .pass-verdict { color: #0072B2; font-weight: bold; }\n"
         "tr.fail td:first-child, .fail-verdict { color: #D55E00; font-weight: bold; }\n"
         ".none-verdict { color: #555; font-style: italic; }\n"
         "footer.provenance { color: #555; font-size: 11px; margin-top: 2em; overflow-wrap: anywhere; }\n"
         "svg { display: block; margin: 1em 0; }\n"
         // Charts take the window's width, past the text column's.
         "svg.chart { width: min(calc(100vw - 5em), 100em); height: auto; margin: 1.5em 0; }\n"
         "</style>\n";
  if (events) WriteStepThroughHead(out);
  out << "</head>\n<body>\n";
  out << "<h1>" << HtmlEscape(result.scenario) << "</h1>\n";
  out << absl::StrFormat("<p>seed %d, simulated until %ss. <span class=\"%s\">%s</span></p>\n", result.seed,
                         FormatSeconds(result.end_time), verdict_class,
                         HtmlEscape(verdict));
  WriteExpectations(result, out);
  if (events) WriteStepThrough(*events, out);
  WriteHostCharts(result, out);
  WriteNatCharts(result, out);
  std::ostringstream summary;
  WriteSummary(result, summary);
  out << "<h2>Summary</h2>\n<pre>" << HtmlEscape(summary.str()) << "</pre>\n";
  WriteProvenanceHtmlFooter(provenance, kHtmlReportFormat, out);
  out << "</body>\n</html>\n";
}

}  // namespace portlab::report
