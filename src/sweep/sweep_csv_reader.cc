#include "portlab/sweep/sweep_csv_reader.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::sweep {

absl::StatusOr<std::vector<std::string>> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return absl::InvalidArgumentError("a quoted field is not closed");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') return absl::InvalidArgumentError("text after a closing quote");
    } else {
      const size_t comma = std::min(line.find(',', i), line.size());
      field = std::string(line.substr(i, comma - i));
      i = comma;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return fields;
}

namespace {

// Whether `text` ends inside a quoted field: quotes come in pairs but for
// an open one ("" inside a field is two).
bool QuoteOpen(std::string_view text) { return std::count(text.begin(), text.end(), '"') % 2 == 1; }

}  // namespace

absl::Status ReadSweepCsv(std::istream& in, const std::string& file, std::vector<std::string>* keys,
                          const std::function<void(const SweepCsvRow&)>& row) {
  int64_t line_no = 0;
  int64_t record_line = 0;  // where the record read last starts
  auto error = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(file, ":", record_line, ": ", why));
  };
  std::string line, more, header_line;
  std::vector<std::string> header;
  size_t passed = 0;  // the column of `passed`: keys are the columns before it
  int64_t last_run = -1;
  while (std::getline(in, line)) {
    record_line = ++line_no;
    // RFC 4180 §2.6: a quoted field may hold line breaks (a --set value's,
    // as sweep writes it), so a record goes on while a quote is open.
    while (QuoteOpen(line) && std::getline(in, more)) {
      ++line_no;
      line += '\n';
      line += more;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header.empty()) {
      absl::StatusOr<std::vector<std::string>> h = SplitCsvLine(line);
      if (!h.ok()) return error(h.status().message());
      auto it = std::find(h->begin(), h->end(), "passed");
      if (h->size() < 4 || (*h)[0] != "run" || (*h)[1] != "point" || (*h)[2] != "seed" || it == h->end()) {
        return error("not a sweep CSV: the header must start run,point,seed and name passed "
                     "(only shard 1 writes the header: concatenate the shards in order)");
      }
      header = std::move(*h);
      header_line = line;
      passed = static_cast<size_t>(it - header.begin());
      keys->assign(header.begin() + 3, header.begin() + static_cast<std::ptrdiff_t>(passed));
      continue;
    }
    if (line == header_line) continue;  // a shard's header again
    absl::StatusOr<std::vector<std::string>> f = SplitCsvLine(line);
    if (!f.ok()) return error(f.status().message());
    if (f->size() != header.size()) {
      return error(absl::StrCat(f->size(), " fields; the header has ", header.size()));
    }
    SweepCsvRow r;
    if (!absl::SimpleAtoi((*f)[0], &r.run) || !absl::SimpleAtoi((*f)[1], &r.point) ||
        !absl::SimpleAtoi((*f)[2], &r.seed)) {
      return error("run, point and seed must be integers");
    }
    if (r.run <= last_run) {
      return error(absl::StrCat("run ", r.run, " after run ", last_run,
                                ": rows must be in run order (concatenate the shards in shard order, once each)"));
    }
    last_run = r.run;
    r.values.assign(f->begin() + 3, f->begin() + static_cast<std::ptrdiff_t>(passed));
    for (size_t c = passed; c < header.size(); ++c) {
      r.figures.names.push_back(header[c]);
      const bool text = absl::EndsWith(header[c], ".errors");
      // An empty numeric cell: a figure the run does not have.
      const bool missing = !text && (*f)[c].empty();
      double v = 0;
      if (!text && !missing && !absl::SimpleAtod((*f)[c], &v)) {
        return error(absl::StrCat(header[c], ": \"", (*f)[c], "\" is not a number"));
      }
      r.figures.values.push_back(v);
      r.figures.text.push_back(text ? (*f)[c] : std::string());
      r.figures.is_text.push_back(text);
      r.figures.missing.push_back(missing);
    }
    row(r);
  }
  if (header.empty()) return error("the file is empty");
  return absl::OkStatus();
}

absl::StatusOr<CsvSweepSummary> SummarizeSweepCsv(std::istream& in, const std::string& file) {
  CsvSweepSummary result;
  SweepSummary summary;
  std::vector<std::string> keys;
  absl::Status st = ReadSweepCsv(in, file, &keys, [&](const SweepCsvRow& r) {
    summary.Add(r.point, r.values, r.figures);
    ++result.runs;
  });
  if (!st.ok()) return st;
  for (const std::string& k : keys) result.plan.axes.push_back({k, {}});
  result.points = summary.Finish();
  return result;
}

}  // namespace portlab::sweep
