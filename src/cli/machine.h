// What the machine measured about this process, for the CLI's reports (the
// core never measures anything).
#ifndef PORTLAB_CLI_MACHINE_H_
#define PORTLAB_CLI_MACHINE_H_

#include <sys/resource.h>

#include <cstdint>

namespace portlab::cli {

// The peak resident set size of this process so far, in bytes
// (getrusage ru_maxrss, which Linux gives in KiB); 0 if unavailable.
inline int64_t PeakRssBytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_MACHINE_H_
