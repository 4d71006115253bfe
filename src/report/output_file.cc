#include "portlab/report/output_file.h"

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::report {

absl::StatusOr<OutputFile> OutputFile::Open(const std::string& path, std::ostream* dash) {
  OutputFile f;
  f.requested_ = true;
  f.path_ = path;
  if (path == "-" && dash != nullptr) {
    f.dash_ = dash;
    return f;
  }
  f.file_.open(path, std::ios::binary | std::ios::trunc);
  if (!f.file_) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open for writing"));
  return f;
}

absl::StatusOr<OutputFile> OutputFile::OpenIfNamed(const std::string& path, std::ostream* dash) {
  if (path.empty()) return OutputFile();
  return Open(path, dash);
}

absl::Status OutputFile::Flush(std::string_view what) {
  if (!requested()) return absl::OkStatus();
  if (!stream().flush()) return absl::InvalidArgumentError(absl::StrCat(path_, ": cannot write ", AV(what)));
  return absl::OkStatus();
}

}  // namespace portlab::report
