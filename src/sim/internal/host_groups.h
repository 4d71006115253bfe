// HostGroups: how the run's hosts are reported. A `quantity:` host
// (scenario::Scenario::host_groups) is reported as one unit, its group,
// with its members' figures added together (AddMemberFigures), in the
// summary, the JSON and the time series; every other host is a unit of
// its own. A member that a step or a `host:` expectation names is also
// listed on its own, after its group, so those keep working.
//
// Units are numbered in scenario order (a group's members are contiguous,
// the loader expands them in place), so writers list groups where the
// scenario wrote them.
//
// Example:
//   HostGroups g(scenario);
//   for (uint32_t h = 0; h < hosts; ++h) sums[g.unit(h)] += ...;
//
// Thread safety: immutable after construction.
#ifndef PORTLAB_SIM_INTERNAL_HOST_GROUPS_H_
#define PORTLAB_SIM_INTERNAL_HOST_GROUPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "portlab/scenario/scenario.h"
#include "portlab/stack/protocol_figures.h"

namespace portlab::sim {

class HostGroups {
 public:
  // The hosts are the scenario's, in its order (scenario.hosts: each
  // HostSpec built into the host of its index).
  explicit HostGroups(const scenario::Scenario& scenario);

  size_t units() const { return units_.size(); }
  // The unit host `host` (an index into the hosts) is reported in.
  uint32_t unit(uint32_t host) const { return unit_of_[host]; }
  const std::string& name(uint32_t unit) const { return units_[unit].name; }
  // Members of the group; 0 for a single host.
  int64_t members(uint32_t unit) const { return units_[unit].members; }
  bool is_group(uint32_t unit) const { return units_[unit].members > 0; }
  // The unit's first host.
  uint32_t first_host(uint32_t unit) const { return units_[unit].first_host; }
  // A member a step or a `host:` expectation names: listed on its own too.
  bool listed_alone(uint32_t host) const { return listed_alone_[host]; }

 private:
  struct Unit {
    std::string name;
    int64_t members = 0;
    uint32_t first_host = 0;
  };
  std::vector<Unit> units_;
  std::vector<uint32_t> unit_of_;
  std::vector<bool> listed_alone_;
};

// Adds a member's figures to its group's: counts and end-of-run values
// summed, peaks the largest of any one member (the group's members peak at
// different instants; their sum would be no instant's figure), failures,
// demux rules and connect() probes merged, response times over all.
void AddMemberFigures(const stack::ProtocolFigures& member, stack::ProtocolFigures& group);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_HOST_GROUPS_H_
