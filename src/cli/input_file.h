// Input files of the command line: every file a command reads whole (a
// grading CSV, an imported paste) goes through ReadInputFile, and every
// file it streams (summarize's run CSV) through OpenInputFile, so each is
// bounded and each failure is named the same way.
//
// Invariants: "-" is stdin; a directory or a missing file is refused
// before anything is read; ReadInputFile never holds more than
// `max_bytes` + one block, whatever the file (/dev/zero included), since it
// reads in blocks and stops at the first byte past the limit.
//
// Example:
//   absl::StatusOr<std::string> text =
//       ReadInputFile(path, limits::kMaxGradeFileBytes);
//
// Thread safety: plain functions; "-" reads the process's stdin.
#ifndef PORTLAB_CLI_INPUT_FILE_H_
#define PORTLAB_CLI_INPUT_FILE_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace portlab::cli {

// The whole of `path` ("-": stdin). InvalidArgument "PATH: ..." when it is
// a directory, cannot be opened or read, or holds more than `max_bytes`
// (the message gives the limit in bytes and MiB).
absl::StatusOr<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes);

// A stream over `path` ("-": std::cin, not owned). InvalidArgument
// "PATH: ..." when it is a directory or cannot be opened. The caller bounds
// what it reads (e.g. sweep::ReadSweepCsv's line and file limits).
absl::StatusOr<std::shared_ptr<std::istream>> OpenInputFile(const std::string& path);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_INPUT_FILE_H_
