// REQUIRE_KERNEL(): the first line of a test that needs a private network
// namespace (kernel_runner.h). Where none can be made (not root, a container
// without CAP_SYS_ADMIN, seccomp), the test prints
//   PORTLAB_SKIP: no network namespace: <reason>
// and returns; ctest reports it as skipped, not passed (tests/CMakeLists.txt
// gives the discovered tests SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:").
// Catch2 v2 has no SKIP of its own.
//
// With PORTLAB_REQUIRE_NETNS set (to anything but "" or "0"; .ci/run sets
// it to 1, CI runs as root) the test fails instead, so an environment that
// lost its namespaces cannot pass the kernel comparison by skipping it.
#ifndef PORTLAB_TESTS_DIFFERENTIAL_REQUIRE_KERNEL_H_
#define PORTLAB_TESTS_DIFFERENTIAL_REQUIRE_KERNEL_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "absl/status/status.h"
#include "differential/kernel_runner.h"

namespace portlab::differential {

// True when PORTLAB_REQUIRE_NETNS is set to anything but "" or "0".
inline bool NetnsRequired() {
  const char* v = std::getenv("PORTLAB_REQUIRE_NETNS");
  return v != nullptr && std::string_view(v) != "" && std::string_view(v) != "0";
}

}  // namespace portlab::differential

// The failure text must not contain the skip marker: ctest's
// SKIP_REGULAR_EXPRESSION would turn the failure into a skip.
#define REQUIRE_KERNEL()                                                       \
  do {                                                                         \
    if (absl::Status kernel_status_ = ::portlab::differential::KernelAvailable(); \
        !kernel_status_.ok()) {                                                \
      if (::portlab::differential::NetnsRequired()) {                          \
        FAIL("PORTLAB_REQUIRE_NETNS is set and no network namespace can be "   \
             "made: " << kernel_status_.message());                            \
      }                                                                        \
      std::cout << "PORTLAB_SKIP: no network namespace: "                      \
                << kernel_status_.message() << std::endl;                      \
      return;                                                                  \
    }                                                                          \
  } while (0)

#endif  // PORTLAB_TESTS_DIFFERENTIAL_REQUIRE_KERNEL_H_
