// The model's checks of a scenario: what the engine would refuse when it
// builds the hosts and NATs, found from the plain data before anything is
// built, every one of them at once.
//
// The loader makes them after it has read the file, into the same list as
// its own errors (scenario/loader.h), so a file's unknown `os:`, knobs, NAT
// profile and clashing addresses come with its other mistakes; the engine
// (sim::Simulation::Build) makes them again for a Scenario built in code.
//
// Example:
//   absl::Status st = CheckModel(scenario);
//   if (!st.ok()) ...  // "FILE:LINE:COLUMN: unknown os "freebds" (did you mean ...)"
//
// What is checked, each error at the entry it names:
//   - a host's `os:` is a profile (stack/os_profile.h); its `sysctl:` knobs
//     are that profile's, with values it takes (in order, as the host sets
//     them); no knob is given twice under two of its names
//     (stack::KnobIdentity: `tcp_fin_timeout` and `net.ipv4.tcp_fin_timeout`);
//   - no address belongs to two hosts, nor to a host and a NAT's outside;
//   - a NAT's `profile:` is a NAT profile (nat/nat_profiles.h), its knobs are
//     NAT knobs with values they take, the box can be made (nat::NatBox's
//     own checks: the profile's address limit, deterministic NAT's ports,
//     forwards...); no host is inside two NATs;
//   - `expect:` names only NATs under `nats:`;
//   - a `set` step's knobs, applied after the host's and the earlier set
//     steps' in order; a `scan` step's host has an address of the target's
//     family; a step's `sockets:` are its own host's.
// Not checked here: what needs the hosts built (the `sockets:` a host
// places, sim/simulation.h) and the quotas (run/memory_estimate.h,
// Simulation::Build), which come after a file without errors.
//
// Pure functions of the scenario; no I/O.
#ifndef PORTLAB_SCENARIO_MODEL_CHECKS_H_
#define PORTLAB_SCENARIO_MODEL_CHECKS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "portlab/nat/nat_box.h"
#include "portlab/scenario/scenario.h"

namespace portlab::scenario {

// OK, or InvalidArgument holding every error (the loader's format: one a
// line, "FILE:LINE:COLUMN: ", in file order, at most 20 then a count).
absl::Status CheckModel(const Scenario& scenario);

// How many hosts have an address in the NAT's inside network (the
// instances behind it, nat::NatBoxSpec::instances).
uint32_t HostsInside(const Scenario& scenario, const NatSpec& nat);

// What the engine builds the NAT from: its profile's config with the knobs
// set, its addresses, forwards and `instances`.
// REQUIRES: CheckModel(scenario) is OK for the scenario holding `nat`.
nat::NatBoxSpec NatBoxSpecOf(const NatSpec& nat, uint32_t instances);

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_MODEL_CHECKS_H_
