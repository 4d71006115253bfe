// Huge pages for big runs: a run of a million hosts reads each host's
// scattered objects after hours untouched, and on 4-KiB pages most of those
// reads pay a TLB miss and a page walk as well as a cache miss. glibc's
// malloc backs its heap with transparent huge pages (2 MiB) only when its
// glibc.malloc.hugetlb tunable says so, and it reads that tunable from
// GLIBC_TUNABLES once, before main. So a command about to run a scenario
// whose estimated state (run/memory_estimate.h) reaches kHugePagesFrom
// starts this program again, once, with the tunable added: the CGNAT day
// (bench/README.md) runs 10-18 % faster, its output byte for byte the same
// (the scenario is read twice: ~2 s of the day's ~2 min).
//
// Left alone: a tunable the user set (GLIBC_TUNABLES naming
// glibc.malloc.hugetlb, =0 to opt out), a scenario that is not a regular
// file (standard input, a pipe such as bash's <(...): it cannot be read
// twice), and runs under valgrind or a sanitizer (their allocators ignore
// the tunable; valgrind would not follow the restart).
//
// Example:
//   RestartWithHugePagesIfLarge(run::EstimateStateBytes(*scenario), flags.scenario);
//   // returns only where no restart is wanted, or where exec failed
#ifndef PORTLAB_CLI_HUGE_PAGES_H_
#define PORTLAB_CLI_HUGE_PAGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portlab::cli {

// The estimated state from which a run restarts with huge pages. Below it
// they cost more system time (faulting 2-MiB pages in) than they save in
// misses: bench/scenarios/nat-cgnat-1m.yaml (1.0 GiB estimated, ~6 s) took
// ~15 % longer on them, the CGNAT day at 10^5 subscribers (0.5 GiB) the
// same time; the day at 10^6 (4.9 GiB, ~2 min) ~18 % less.
inline constexpr int64_t kHugePagesFrom = int64_t{2} << 30;

// The GLIBC_TUNABLES value a restart should run with, or nullopt where no
// restart is wanted (a user's setting of the tunable, whatever its value,
// is kept): `tunables` is the current value (empty when unset),
// `ld_preload` LD_PRELOAD's (valgrind preloads its vgpreload libraries),
// `rereadable` whether the scenario can be read again.
std::optional<std::string> HugePageTunables(int64_t estimated_state_bytes, std::string_view tunables,
                                            std::string_view ld_preload, bool rereadable);

// Whether this process's malloc backs its heap with huge pages: the
// glibc.malloc.hugetlb tunable set to 1 or 2 in `tunables` (GLIBC_TUNABLES'
// value; the overload reads it), outside a sanitizer.
bool MallocOnHugePages(std::string_view tunables);
bool MallocOnHugePages();

// Restarts this process (the program /proc/self/exe names, with its own
// arguments) with HugePageTunables' value in GLIBC_TUNABLES when it gives
// one; `scenario_arg` is the command's SCENARIO as LoadScenarioArg took it
// (re-readable when it names a regular file). Call before anything is
// written. Returns where no restart is wanted or exec failed (the run then
// goes on with small pages).
void RestartWithHugePagesIfLarge(int64_t estimated_state_bytes, const std::string& scenario_arg);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_HUGE_PAGES_H_
