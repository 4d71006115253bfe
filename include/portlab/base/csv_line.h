// SplitCsvLine: one CSV record's fields, as RFC 4180 quotes them. Every
// CSV portlab reads back (a sweep's runs, an exercise's key and answers)
// is split here.
//
// Example:
//   SplitCsvLine("a,\"b,c\",\"say \"\"hi\"\"\"")  // {"a", "b,c", "say \"hi\""}
//
// Thread safety: a plain function over values.
#ifndef PORTLAB_BASE_CSV_LINE_H_
#define PORTLAB_BASE_CSV_LINE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace portlab {

// The fields of `line` (one record, its line break removed; a quoted field
// may hold line breaks, RFC 4180 §2.6). A field that starts with '"' is
// quoted, "" in it standing for a quote; a '"' inside an unquoted field is
// a character of it. An empty line is one empty field. InvalidArgument,
// without a file name, for a quoted field not closed or text after a
// closing quote (naming its 1-based column).
absl::StatusOr<std::vector<std::string>> SplitCsvLine(std::string_view line);

}  // namespace portlab

#endif  // PORTLAB_BASE_CSV_LINE_H_
