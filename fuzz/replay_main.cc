// A main for a fuzz/ harness outside libFuzzer: runs LLVMFuzzerTestOneInput
// once on each file named, or on each file of each directory named (in
// name order), so the committed corpus and every crash found
// (fuzz/findings/NAME) replay as ctest tests in every build, the ASan one
// included, with any compiler (docs/DEVELOPING.md, "Fuzzing").
//
//   NAME_replay fuzz/corpus/NAME fuzz/findings/NAME
//
// A directory that does not exist holds nothing; no input at all is an
// error (exit 2), so the test cannot pass by replaying nothing. A broken
// promise traps (fuzz_check.h), which fails the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> InputsOf(const std::filesystem::path& arg) {
  std::vector<std::filesystem::path> out;
  std::error_code error;
  if (std::filesystem::is_directory(arg, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(arg)) {
      if (entry.is_regular_file()) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
  } else if (std::filesystem::is_regular_file(arg, error)) {
    out.push_back(arg);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const std::filesystem::path& input : InputsOf(argv[i])) {
      std::ifstream in(input, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "%s: cannot read\n", input.c_str());
        return 2;
      }
      std::fprintf(stderr, "replaying %s\n", input.c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  if (replayed == 0) {
    std::fprintf(stderr, "no input to replay\n");
    return 2;
  }
  std::printf("replayed %d inputs\n", replayed);
  return 0;
}
