// Errno names for the differential tests: the kernel runner reports a failed
// socket call by the symbolic name of its errno ("EADDRNOTAVAIL"), the form
// the simulator's StepResult uses (stack/errno.h).
//
// Example:
//   ErrnoName(EADDRINUSE)        // "EADDRINUSE"
//   ErrnoFromName("EAGAIN")      // EAGAIN
//
// This table is test-side on purpose: the core keeps its own, and the two
// must agree by name only.
#ifndef PORTLAB_TESTS_DIFFERENTIAL_ERRNO_NAMES_H_
#define PORTLAB_TESTS_DIFFERENTIAL_ERRNO_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

namespace portlab::differential {

// The symbolic name of a Linux errno value. EWOULDBLOCK prints as EAGAIN and
// ENOTSUP as EOPNOTSUPP (the same values on Linux). An unknown value prints
// as "E#<n>".
std::string ErrnoName(int err);

// The value of a name ErrnoName prints; nothing for an unknown name.
std::optional<int> ErrnoFromName(std::string_view name);

}  // namespace portlab::differential

#endif  // PORTLAB_TESTS_DIFFERENTIAL_ERRNO_NAMES_H_
