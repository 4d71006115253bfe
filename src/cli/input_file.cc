#include "input_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"

namespace portlab::cli {
namespace {

// "PATH: cannot read: REASON".
absl::Status CannotRead(const std::string& path, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read: ", reason));
}

absl::Status TooLarge(const std::string& path, uint64_t max_bytes) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": larger than the limit of ", max_bytes, " bytes (",
                                                 max_bytes >> 20, " MiB); refused"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<std::istream>> OpenInputFile(const std::string& path) {
  if (path == "-") return std::shared_ptr<std::istream>(&std::cin, [](std::istream*) {});
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return CannotRead(path, "it is a directory");
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*in) return CannotRead(path, std::strerror(errno));
  return std::shared_ptr<std::istream>(std::move(in));
}

absl::StatusOr<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes) {
  absl::StatusOr<std::shared_ptr<std::istream>> in = OpenInputFile(path);
  if (!in.ok()) return in.status();
  // Refused by its size when the filesystem tells it, before reading.
  std::error_code ec;
  if (path != "-" && std::filesystem::is_regular_file(path, ec) &&
      std::filesystem::file_size(path, ec) > max_bytes && !ec) {
    return TooLarge(path, max_bytes);
  }
  // Pipes and devices: read in blocks, at most one byte past the limit.
  std::string text;
  char block[64 << 10];
  while (text.size() <= max_bytes) {
    const uint64_t want = std::min<uint64_t>(sizeof block, max_bytes + 1 - text.size());
    (*in)->read(block, static_cast<std::streamsize>(want));
    text.append(block, static_cast<size_t>((*in)->gcount()));
    if (!**in) break;
  }
  if ((*in)->bad()) return CannotRead(path, "a read failed");
  if (text.size() > max_bytes) return TooLarge(path, max_bytes);
  return text;
}

}  // namespace portlab::cli
