// OutputFile: one file a command was asked to write, opened (and truncated)
// before any work is done, so that a bad path costs nothing; "-" may stand
// for a stream the caller names (stdout).
//
// Example:
//   absl::StatusOr<OutputFile> csv = OutputFile::OpenIfNamed(path, &std::cout);
//   if (!csv.ok()) ...              // InvalidArgument "PATH: cannot open for writing"
//   if (csv->requested()) WriteSeriesCsv(result, csv->stream());
//   absl::Status s = csv->Flush("the time series");  // "PATH: cannot write the time series"
//
// Ownership: the stream given for "-" is not owned and must outlive the
// OutputFile. Thread safety: one owner.
#ifndef PORTLAB_REPORT_OUTPUT_FILE_H_
#define PORTLAB_REPORT_OUTPUT_FILE_H_

#include <fstream>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace portlab::report {

class OutputFile {
 public:
  // Not requested: requested() is false and Flush is OK.
  OutputFile() = default;

  // "-" with `dash` set -> *dash; any other path (even "") is a file opened
  // for writing, truncated. InvalidArgument "PATH: cannot open for writing"
  // when it cannot be.
  static absl::StatusOr<OutputFile> Open(const std::string& path, std::ostream* dash = nullptr);
  // As Open, but "" (an output not asked for) gives OutputFile().
  static absl::StatusOr<OutputFile> OpenIfNamed(const std::string& path,
                                                std::ostream* dash = nullptr);

  bool requested() const { return requested_; }
  // True when writes go to the stream given for "-".
  bool to_dash() const { return dash_ != nullptr; }
  const std::string& path() const { return path_; }
  // REQUIRES: requested().
  std::ostream& stream() { return dash_ != nullptr ? *dash_ : file_; }

  // Flushes; InvalidArgument "PATH: cannot write WHAT" when a write failed.
  // OK when not requested.
  absl::Status Flush(std::string_view what);

 private:
  bool requested_ = false;
  std::string path_;
  std::ostream* dash_ = nullptr;
  std::ofstream file_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_OUTPUT_FILE_H_
