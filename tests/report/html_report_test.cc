// The HTML report: a verdict, coloured expectations, a chart per series,
// the summary, all escaped, and the same bytes for the same Result.
#include "portlab/report/html_report.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sample_result.h"

namespace portlab::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

sim::Result WithSeries() {
  sim::Result r = testing::SampleResult();
  r.scenario = "ports <& TIME-WAIT>";
  sim::HostSeries s;
  s.host = "client";
  s.protocol = "tcp";
  for (int i = 0; i <= 4; ++i) {
    sim::SeriesPoint p;
    p.time = SimTime() + Duration::Seconds(i);
    p.ports_in_use = 10 * i;
    p.time_wait = 5 * i;
    p.attempts = 10 * i;
    p.failures = i > 2 ? 1 : 0;
    s.points.push_back(p);
  }
  r.series.push_back(s);
  nat::NatSeries n;
  n.nat = "cgn";
  n.outside = {"203.0.113.7", "203.0.113.8"};
  for (int i = 0; i <= 2; ++i) {
    nat::NatSeriesPoint p;
    p.time = SimTime() + Duration::Seconds(i);
    p.mappings = i;
    p.ports_in_use = {i, 0};
    n.points.push_back(p);
  }
  r.nat_series.push_back(n);
  sim::ExpectationResult pass{0, true, "step 1 (client connect); ok 3, expected 3"};
  sim::ExpectationResult fail{1, false, "MISMATCH peak_time_wait 5, expected <6>"};
  r.expectations = {pass, fail};
  r.passed = false;
  return r;
}

TEST_CASE("the HTML report has the verdict, expectations, charts and summary", "[report]") {
  std::ostringstream out;
  WriteHtmlReport(WithSeries(), Provenance(), out);
  const std::string html = out.str();
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  CHECK(html.find("</html>\n") == html.size() - 8);
  CHECK(html.find("<h1>ports &lt;&amp; TIME-WAIT&gt;</h1>") != std::string::npos);
  CHECK(html.find("1 of 2 expectations FAILED") != std::string::npos);
  CHECK(html.find("<tr class=\"pass\"><td>PASS</td><td>#0</td>") != std::string::npos);
  CHECK(html.find("<tr class=\"fail\"><td>FAIL</td><td>#1</td><td>MISMATCH peak_time_wait 5, expected &lt;6&gt;</td>") !=
        std::string::npos);
  // Host: state and calls charts; NAT: table and ports charts.
  CHECK(Count(html, "<svg ") == 4);
  // 3 lines, 2, 2 (no port blocks), two addresses + the subscriber line.
  CHECK(Count(html, "<path class=\"series\"") == 3 + 2 + 2 + 3);
  CHECK(html.find(">203.0.113.8</text>") != std::string::npos);
  CHECK(html.find("<h2>Summary</h2>\n<pre>scenario") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);  // self-contained, no scripts
  std::ostringstream again;
  WriteHtmlReport(WithSeries(), Provenance(), again);
  CHECK(again.str() == html);
}

TEST_CASE("the HTML report carries its provenance in <meta> elements and a footer", "[report]") {
  Provenance p;
  p.version = "2.0";
  p.commit = "feed";
  p.scenario_sha256 = "ab";
  p.seed = 9;
  p.command = {"portlab", "run", "<x>.yaml", "--report", "r.html"};
  std::ostringstream out;
  WriteHtmlReport(WithSeries(), p, out);
  const std::string html = out.str();
  const size_t head_end = html.find("</head>");
  const size_t generator = html.find("<meta name=\"generator\" content=\"portlab 2.0 (commit feed)\">\n");
  CHECK(generator < head_end);
  CHECK(html.find("<meta name=\"portlab:seed\" content=\"9\">\n") < head_end);
  CHECK(html.find("<meta name=\"portlab:command\" content=\"portlab run '&lt;x&gt;.yaml' --report r.html\">") <
        head_end);
  CHECK(html.find("<footer class=\"provenance\"><p>portlab 2.0 (commit feed), format 1, scenario sha256 ab, seed 9, "
                  "command: portlab run '&lt;x&gt;.yaml' --report r.html</p></footer>\n</body>") !=
        std::string::npos);
}

TEST_CASE("the verdict says pass, fail or nothing to check in words, not colour alone", "[report]") {
  struct Case {
    const char* name;
    std::vector<bool> passed;
    std::string span;
  };
  const std::vector<Case> cases = {
      {"nothing to check is neutral", {}, "<span class=\"none-verdict\">no expectations to check</span>"},
      {"all held", {true, true}, "<span class=\"pass-verdict\">\u2714 all 2 expectations held</span>"},
      {"one failed", {true, false}, "<span class=\"fail-verdict\">\u2718 1 of 2 expectations FAILED</span>"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    sim::Result r = testing::SampleResult();
    r.expectations.clear();
    for (size_t i = 0; i < c.passed.size(); ++i) {
      r.expectations.push_back({static_cast<int>(i), c.passed[i], "detail"});
    }
    std::ostringstream out;
    WriteHtmlReport(r, Provenance(), out);
    CHECK(out.str().find(c.span) != std::string::npos);
  }
}

}  // namespace
}  // namespace portlab::report
