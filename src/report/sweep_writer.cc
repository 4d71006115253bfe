#include "portlab/report/sweep_writer.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"
#include "report/internal/text_table.h"

namespace portlab::report {
namespace {

// Integers (every count) print as integers; other values with 10
// significant digits (the summary's statistics).
std::string Number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(v));
  }
  return absl::StrFormat("%.10g", v);
}

// A run's figure: integers as integers, other values in the shortest form
// that reads back as the same double (std::to_chars), so `portlab
// summarize` sums exactly the values the sweep summed.
std::string Exact(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(v));
  }
  char buf[32];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string Short(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(v));
  }
  return absl::StrFormat("%.6g", v);
}

}  // namespace

std::string CsvField(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SweepCsvHeader(const sweep::SweepPlan& plan, const sweep::RunFigures& figures) {
  std::vector<std::string> cells = {"run", "point", "seed"};
  for (const sweep::SweepAxis& a : plan.axes) cells.push_back(CsvField(a.key));
  for (const std::string& n : figures.names) cells.push_back(CsvField(n));
  return absl::StrCat(absl::StrJoin(cells, ","), "\n");
}

std::string SweepCsvRow(const sweep::SweepPlan& plan, int64_t run,
                        const sweep::RunFigures& figures) {
  const int64_t point = plan.PointOf(run);
  std::string row = absl::StrCat(run, ",", point, ",", plan.SeedOf(run));
  for (const std::string& v : plan.PointValues(point)) absl::StrAppend(&row, ",", CsvField(v));
  for (size_t i = 0; i < figures.names.size(); ++i) {
    absl::StrAppend(&row, ",",
                    figures.is_text[i]   ? CsvField(figures.text[i])
                    : figures.missing[i] ? std::string()
                                         : Exact(figures.values[i]));
  }
  return absl::StrCat(row, "\n");
}

void WriteSweepSummary(const sweep::SweepPlan& plan,
                       const std::vector<sweep::PointSummary>& points, std::ostream& out) {
  using internal::Align;
  for (const sweep::PointSummary& p : points) {
    std::vector<std::string> set;
    for (size_t i = 0; i < plan.axes.size(); ++i) set.push_back(absl::StrCat(plan.axes[i].key, "=", p.values[i]));
    out << "\npoint " << p.point << (set.empty() ? "" : ": ") << absl::StrJoin(set, " ") << "\n";
    internal::TextTable t({{"figure", Align::kLeft},
                           {"n", Align::kRight},
                           {"mean", Align::kRight},
                           {"min", Align::kRight},
                           {"max", Align::kRight},
                           {"95% interval of the mean", Align::kLeft}});
    for (const auto& [name, s] : p.figures) {
      // All-zero figures are left out, but not `passed`: 0 there is news.
      if (s.min == 0 && s.max == 0 && name != "passed") continue;
      // One run has no spread to measure: no interval, not a zero-width one.
      t.AddRow({name, absl::StrCat(s.n), Short(s.mean), Short(s.min), Short(s.max),
                s.ci95 ? absl::StrCat("[", Short(s.ci95->low), ", ", Short(s.ci95->high), "]")
                       : std::string("none (1 run)")});
    }
    t.Print(out, "  ");
  }
}

void WriteSweepSummaryCsv(const sweep::SweepPlan& plan,
                          const std::vector<sweep::PointSummary>& points, std::ostream& out) {
  std::vector<std::string> head = {"point"};
  for (const sweep::SweepAxis& a : plan.axes) head.push_back(CsvField(a.key));
  for (const char* h : {"figure", "n", "mean", "min", "max", "ci95_low", "ci95_high"}) head.push_back(h);
  out << absl::StrJoin(head, ",") << "\n";
  for (const sweep::PointSummary& p : points) {
    std::string prefix = absl::StrCat(p.point);
    for (const std::string& v : p.values) absl::StrAppend(&prefix, ",", CsvField(v));
    for (const auto& [name, s] : p.figures) {
      out << prefix << "," << CsvField(name) << "," << s.n << "," << Number(s.mean) << ","
          << Number(s.min) << "," << Number(s.max) << ","
          << (s.ci95 ? Number(s.ci95->low) : "") << "," << (s.ci95 ? Number(s.ci95->high) : "")
          << "\n";
    }
  }
}

absl::StatusOr<std::vector<sweep::PointSummary>> RunSweepToCsv(
    const sweep::Sweep& sweep, std::ostream& csv, const sweep::SweepRunner::ProgressFn& progress) {
  if (sweep.writes_header()) csv << SweepCsvHeader(sweep.plan, sweep.header_figures);
  return sweep::RunSweep(
      sweep, [&](int64_t run, const sweep::RunFigures& f) { csv << SweepCsvRow(sweep.plan, run, f); },
      progress);
}

void WriteSweepReport(const sweep::Sweep& sweep, const std::vector<sweep::PointSummary>& points,
                      std::ostream& out) {
  const sweep::SweepPlan& plan = sweep.plan;
  out << "portlab sweep: " << sweep.scenario_file << ": " << plan.points() << " grid point"
      << (plan.points() == 1 ? "" : "s") << " x " << plan.seeds << " seed"
      << (plan.seeds == 1 ? "" : "s") << " (from " << plan.first_seed << ") = " << plan.runs()
      << " runs";
  if (sweep.shard) {
    out << "; shard " << sweep.shard->index << "/" << sweep.shard->count << ": runs " << sweep.begin
        << " to " << sweep.end - 1;
  }
  out << "\n";
  WriteSweepSummary(plan, points, out);
}

void WriteCsvSweepReport(std::string_view file, const sweep::CsvSweepSummary& summary,
                         std::ostream& out) {
  out << "portlab summarize: " << file << ": " << summary.runs << " runs, " << summary.points.size()
      << " grid point" << (summary.points.size() == 1 ? "" : "s") << "\n";
  WriteSweepSummary(summary.plan, summary.points, out);
}

}  // namespace portlab::report
