#include "portlab/sweep/sweep_csv_reader.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/csv_line.h"
#include "portlab/base/limits.h"
#include "portlab/base/strings.h"

namespace portlab::sweep {

namespace {

// What ReadCsvRecord found.
enum class RecordRead { kRecord, kEnd, kTooLong, kTooMuch };

// Reads one RFC 4180 record: up to a line break outside quotes (a quoted
// field may hold line breaks, as the sweep's writer quotes them), without
// the line break or a '\r' before it. `*lines` counts the line breaks read;
// `*bytes` every byte. Never holds more than `max_line` bytes of a record,
// nor reads past `max_file` bytes in all.
RecordRead ReadCsvRecord(std::streambuf& in, std::string* record, int64_t* lines, uint64_t* bytes) {
  record->clear();
  bool quoted = false;
  for (;;) {
    const int c = in.sbumpc();
    if (c == std::char_traits<char>::eof()) {
      return record->empty() ? RecordRead::kEnd : RecordRead::kRecord;
    }
    if (++*bytes > limits::kMaxSweepCsvBytes) return RecordRead::kTooMuch;
    if (c == '\n') {
      ++*lines;
      if (!quoted) {
        if (!record->empty() && record->back() == '\r') record->pop_back();
        return RecordRead::kRecord;
      }
    }
    if (c == '"') quoted = !quoted;
    if (record->size() >= limits::kMaxCsvLineBytes) return RecordRead::kTooLong;
    record->push_back(static_cast<char>(c));
  }
}

}  // namespace

absl::Status ReadSweepCsv(std::istream& in, const std::string& file, std::vector<std::string>* keys,
                          const std::function<void(const SweepCsvRow&)>& row) {
  int64_t line_no = 0;  // the record's first line
  auto error = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(file, ":", line_no, ": ", why));
  };
  std::string line, header_line;
  std::vector<std::string> header;
  size_t passed = 0;  // the column of `passed`: keys are the columns before it
  int64_t last_run = -1, last_point = -1;
  int64_t lines_read = 0;
  uint64_t bytes_read = 0;
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr) return error("cannot read");
  for (;;) {
    line_no = lines_read + 1;
    const RecordRead got = ReadCsvRecord(*buf, &line, &lines_read, &bytes_read);
    if (got == RecordRead::kEnd) {
      line_no = lines_read;
      break;
    }
    if (got == RecordRead::kTooLong) {
      return error(absl::StrCat("a line longer than ", limits::kMaxCsvLineBytes,
                                " bytes (the limit; a sweep's rows are a few KiB)"));
    }
    if (got == RecordRead::kTooMuch) {
      return error(absl::StrCat("the file passes ", limits::kMaxSweepCsvBytes,
                                " bytes (the limit for a run CSV); refused"));
    }
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
    if (r.run < 0 || r.point < 0) return error("run and point must not be negative");
    if (r.run <= last_run) {
      return error(absl::StrCat("run ", r.run, " after run ", last_run,
                                ": rows must be in run order (concatenate the shards in shard order, once each)"));
    }
    // A grid point's runs are consecutive (sweep_plan.h: run r is point
    // r / seeds), so points never go back.
    if (r.point < last_point) {
      return error(absl::StrCat("point ", r.point, " after point ", last_point,
                                ": a grid point's runs are consecutive, so points never go back"));
    }
    last_run = r.run;
    last_point = r.point;
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
