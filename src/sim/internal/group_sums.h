// GroupSums: each reporting unit's figures for the time series (a host's,
// or a `quantity:` group's members' summed: host_groups.h), without
// reading every member at every sample.
//
// A group's members are quiet or active. A quiet member's figures are
// folded into its group's quiet sum; an active member's are read at each
// sample. A member becomes active before anything changes its figures
// (Activate: a workload's connect()); it goes quiet at a sample where it
// holds no port, no connection and no TIME-WAIT (Settle), since from then
// on nothing but a new call of its own changes what a sample reads. A
// member that a step or a `host:` expectation names (a step may act on it
// at any time) is active throughout. A group's figures at a sample are its
// quiet sum plus its active members': the sum over every member, as if each
// were read, at the cost of the members that did something.
//
// Invariants: quiet_[u] is the sum of UnitSample::Of over unit u's quiet
// members (exact: integer counts and histograms, added and subtracted);
// active_ lists each active member once (is_active_).
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_SIM_INTERNAL_GROUP_SUMS_H_
#define PORTLAB_SIM_INTERNAL_GROUP_SUMS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "portlab/stack/host.h"
#include "portlab/stack/probe_histogram.h"
#include "sim/internal/host_groups.h"

namespace portlab::sim {

// One point's counters of one host or unit and protocol (SeriesPoint
// without its time and errno map).
struct SeriesCounters {
  int64_t ports_in_use = 0;
  int64_t time_wait = 0;
  int64_t established = 0;
  int64_t attempts = 0;
  int64_t failures = 0;
  int64_t allocation_probes = 0;
  // A host's figures of one protocol: attempts are its connect() calls
  // (ProtocolFigures::connect_calls), a step's, a workload's or a scan's
  // alike; failures are every failed call, whatever its errno.
  static SeriesCounters Of(const stack::ProtocolFigures& f);
  void Add(const SeriesCounters& o, int64_t sign = 1) {
    ports_in_use += sign * o.ports_in_use;
    time_wait += sign * o.time_wait;
    established += sign * o.established;
    attempts += sign * o.attempts;
    failures += sign * o.failures;
    allocation_probes += sign * o.allocation_probes;
  }
  bool zero() const {
    return (ports_in_use | time_wait | established | attempts | failures | allocation_probes) == 0;
  }
  // Holds nothing at this instant: no port, connection or TIME-WAIT.
  bool idle() const { return (ports_in_use | time_wait | established) == 0; }
};

// A host's or unit's figures at one instant, [0] TCP and [1] UDP.
struct UnitSample {
  SeriesCounters counters[2];
  stack::ProbeHistogram tcp_probes;
  std::map<std::string, int64_t> by_errno[2];  // only where counters have failures

  // One host's. attempts: its connect() calls (ProtocolFigures::
  // connect_calls), a step's, a workload's or a scan's alike.
  static UnitSample Of(const stack::Host& h);
  // Adds host h's figures (sign 1), or takes them away (sign -1; REQUIRES:
  // they were added before), without building Of(h), which copies the
  // host's histogram: a member's activation does this on nearly every
  // connect() of a CGNAT day.
  void AddHost(const stack::Host& h, int sign);
  void Add(const UnitSample& o);
};

class GroupSums {
 public:
  using Hosts = std::vector<std::unique_ptr<stack::Host>>;
  // Every member starts quiet with empty figures, but those listed alone.
  // `groups` must outlive this.
  GroupSums(const HostGroups& groups, size_t hosts);

  // Host `host` is about to act: its figures are read at the samples until
  // it goes quiet again. Cheap when it is active already or no member.
  void Activate(uint32_t host, const stack::Host& h) {
    if (host < is_active_.size() && !is_active_[host] && groups_.is_group(groups_.unit(host))) {
      ActivateMember(host, h);
    }
  }
  // Every unit's figures now.
  std::vector<UnitSample> Now(const Hosts& hosts) const;
  // Active members that hold nothing (and are not listed alone) go quiet.
  void Settle(const Hosts& hosts);

 private:
  void ActivateMember(uint32_t host, const stack::Host& h);

  const HostGroups& groups_;
  std::vector<UnitSample> quiet_;  // [unit]; empty for a single host
  std::vector<uint32_t> active_;
  std::vector<bool> is_active_;  // [host]
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_GROUP_SUMS_H_
