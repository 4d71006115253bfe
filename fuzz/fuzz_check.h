// What every harness of fuzz/ holds an input to, beyond not crashing: a
// broken promise is a crash (__builtin_trap), so libFuzzer keeps the input
// as a reproducer (docs/DEVELOPING.md, "Fuzzing").
//
//   FuzzRequire(loaded.ok(), "the imported scenario loads", loaded.status().message());
//   FuzzRequireBadInput(status, "fuzz.yaml");
#ifndef PORTLAB_FUZZ_FUZZ_CHECK_H_
#define PORTLAB_FUZZ_FUZZ_CHECK_H_

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace portlab::fuzz {

// Traps when `held` is false, printing what did not hold and `detail`.
inline void FuzzRequire(bool held, absl::string_view what, absl::string_view detail = "") {
  if (held) return;
  std::fprintf(stderr, "fuzz: broken: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  __builtin_trap();
}

// A refusal of bad input is what the program reports and exits 2 on: an
// InvalidArgument or a ResourceExhausted (work refused before it starts)
// whose message names where (starts with `where`: "FILE:", "--set ...").
inline void FuzzRequireBadInput(const absl::Status& status, absl::string_view where) {
  const bool kind = absl::IsInvalidArgument(status) || absl::IsResourceExhausted(status);
  FuzzRequire(kind, "a refusal is InvalidArgument or ResourceExhausted", status.ToString());
  FuzzRequire(absl::StartsWith(status.message(), where),
              absl::StrCat("a refusal names where, starting \"", where, "\""),
              status.message());
}

}  // namespace portlab::fuzz

#endif  // PORTLAB_FUZZ_FUZZ_CHECK_H_
