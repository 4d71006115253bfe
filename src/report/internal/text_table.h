// TextTable: rows of cells printed in aligned columns, for the text writers.
//
// Example:
//   TextTable t({{"#", kRight}, {"host", kLeft}});
//   t.AddRow({"1", "client"});
//   t.Print(out, "  ");   // header, then rows, each line indented
//
// Cells are plain text (ASCII widths); the last column is not padded.
#ifndef PORTLAB_REPORT_INTERNAL_TEXT_TABLE_H_
#define PORTLAB_REPORT_INTERNAL_TEXT_TABLE_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace portlab::report::internal {

enum class Align { kLeft, kRight };

struct Column {
  std::string title;
  Align align = Align::kLeft;
};

class TextTable {
 public:
  explicit TextTable(std::vector<Column> columns);

  // REQUIRES: cells.size() == number of columns.
  void AddRow(std::vector<std::string> cells);

  // Prints the header (when show_header) and every row, each line starting
  // with `indent`, columns separated by two spaces, no trailing blanks.
  void Print(std::ostream& out, std::string_view indent,
             bool show_header = true) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace portlab::report::internal

#endif  // PORTLAB_REPORT_INTERNAL_TEXT_TABLE_H_
