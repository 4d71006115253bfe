#include "huge_pages.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "scenario_search.h"

namespace portlab::cli {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr std::string_view kTunable = "glibc.malloc.hugetlb";

// The value `tunables` (GLIBC_TUNABLES': name=value entries separated by
// ':') gives kTunable, or nullopt where it names it not.
std::optional<std::string_view> TunableValue(std::string_view tunables) {
  while (!tunables.empty()) {
    const size_t colon = tunables.find(':');
    const std::string_view entry = tunables.substr(0, colon);
    if (entry.substr(0, kTunable.size()) == kTunable && entry.substr(kTunable.size(), 1) == "=") {
      return entry.substr(kTunable.size() + 1);
    }
    if (colon == std::string_view::npos) break;
    tunables.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

// This process's arguments as the kernel holds them, argv[0] included.
std::vector<std::string> OwnArguments() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t start = 0; start < all.size();) {  // each argument ends with its '\0'
    const size_t end = all.find('\0', start);
    args.push_back(all.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return args;
}

// The program to start again: its path, so that ps, top and pgrep still
// name it (through /proc/self/exe the process would be named "exe"), unless
// that path no longer holds this very file (rebuilt or removed since).
std::string OwnProgram() {
  constexpr const char* kSelf = "/proc/self/exe";
  std::error_code error;
  const std::filesystem::path path = std::filesystem::read_symlink(kSelf, error);
  struct stat running = {};
  struct stat named = {};
  if (error || ::stat(kSelf, &running) != 0 || ::stat(path.c_str(), &named) != 0 ||
      running.st_dev != named.st_dev || running.st_ino != named.st_ino) {
    return kSelf;
  }
  return path.string();
}

}  // namespace

std::optional<std::string> HugePageTunables(int64_t estimated_state_bytes, std::string_view tunables,
                                            std::string_view ld_preload, bool rereadable) {
  if (kSanitized || !rereadable || estimated_state_bytes < kHugePagesFrom) return std::nullopt;
  if (TunableValue(tunables)) return std::nullopt;
  if (ld_preload.find("vgpreload") != std::string_view::npos) return std::nullopt;
  const std::string entry = std::string(kTunable) + "=1";
  return tunables.empty() ? entry : std::string(tunables) + ":" + entry;
}

bool MallocOnHugePages(std::string_view tunables) {
  const std::optional<std::string_view> value = TunableValue(tunables);
  return !kSanitized && (value == "1" || value == "2");
}

bool MallocOnHugePages() {
#ifdef __GLIBC__
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr && MallocOnHugePages(tunables);
#else
  return false;
#endif
}

void RestartWithHugePagesIfLarge(int64_t estimated_state_bytes, const std::string& scenario_arg) {
#ifdef __GLIBC__
  const char* set = std::getenv("GLIBC_TUNABLES");
  const std::optional<std::string> tunables = set ? std::optional<std::string>(set) : std::nullopt;
  const char* preload = std::getenv("LD_PRELOAD");
  std::error_code error;
  const bool rereadable =
      scenario_arg != "-" && std::filesystem::is_regular_file(ResolveScenarioPath(scenario_arg), error);
  const std::optional<std::string> value =
      HugePageTunables(estimated_state_bytes, tunables.value_or(""), preload ? preload : "", rereadable);
  if (!value) return;
  std::vector<std::string> args = OwnArguments();
  if (args.empty()) return;
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (::setenv("GLIBC_TUNABLES", value->c_str(), 1) != 0) return;
  std::cout.flush();
  std::cerr.flush();
  ::execv(OwnProgram().c_str(), argv.data());
  // exec failed: go on as we are, without the tunable in the environment.
  if (tunables) ::setenv("GLIBC_TUNABLES", tunables->c_str(), 1);
  else ::unsetenv("GLIBC_TUNABLES");
#else
  (void)estimated_state_bytes;
  (void)scenario_arg;
#endif
}

}  // namespace portlab::cli
