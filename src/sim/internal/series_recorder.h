// SeriesRecorder: the time series of a run, one point per interval for every
// reporting unit and protocol (a host, or a `quantity:` group with its
// members' figures summed: sim/internal/host_groups.h) (ports in use, TIME-WAIT, established, connect attempts,
// failures by errno, allocation probes), and for every NAT box (mappings,
// sessions, ports per outside address and per subscriber, translations,
// drops by reason).
//
// With a known interval (the scenario's `sample:`, or `until:` / 100) points
// fall every interval. Otherwise the run's length is not known in advance:
// sampling starts every 10 ms and, whenever 200 points are held, every
// other point is dropped and the interval doubles, so a run of any length
// ends with 100 to 200 evenly spaced points. Memory is bounded either way.
//
// TCP connect() calls' probes per interval (for the modelled connect()
// latency's percentiles, stack/connect_latency.h) are kept as the
// interval's non-empty ProbeHistogram buckets, 8 bytes each, in one array
// per track; thinning merges a dropped interval into the next kept one,
// and the last interval dropped goes back into the calls not yet sampled,
// so every call counts in exactly one interval.
//
// Points are kept compactly while the run goes: the sample times once for
// all, and per host and protocol only the counters (48 bytes a point) from
// the first point that is not all zero; failures by errno only from the
// first failure on. A CGNAT run of 10^4 subscribers that never use UDP
// kept 2 x 10^6 full points of 104 bytes (peak RSS 1.06 -> 0.99 GB);
// Finish builds the result's points from these. A group's figures come
// from GroupSums (group_sums.h): a sample reads the members that acted.
#ifndef PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_
#define PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/nat/nat_box.h"
#include "portlab/sim/result.h"
#include "portlab/stack/host.h"
#include "portlab/stack/probe_histogram.h"
#include "sim/internal/group_sums.h"
#include "sim/internal/host_groups.h"

namespace portlab::sim {

class SeriesRecorder {
 public:
  using Hosts = std::vector<std::unique_ptr<stack::Host>>;
  using Nats = std::vector<std::unique_ptr<nat::NatBox>>;
  // `groups` must outlive the recorder.
  SeriesRecorder(const HostGroups& groups, size_t hosts, size_t nats, std::optional<Duration> interval);

  Duration interval() const { return interval_; }
  // Host `host` is about to act (a workload's connect()): GroupSums::Activate.
  void MemberActive(uint32_t host, const stack::Host& h) { sums_.Activate(host, h); }
  // Takes a point at `now`; returns when the next one is due.
  SimTime Record(SimTime now, const Hosts& hosts, const Nats& nats);
  // The series, with a last point at `now` when the last sample is older;
  // unit/protocol pairs that never did anything are left out.
  std::vector<HostSeries> Finish(SimTime now, const Hosts& hosts) const;
  // Every NAT's series (each NAT is listed, busy or not), likewise ending
  // at `now`.
  std::vector<nat::NatSeries> FinishNats(SimTime now, const Nats& nats) const;

 private:
  static constexpr size_t kMaxPoints = 200;
  static constexpr uint32_t kNone = ~uint32_t{0};
  using Counters = SeriesCounters;
  // One host and protocol's points: all zero before times_[first], then
  // counters[i] is the point at times_[first + i]. by_errno is empty until
  // a point has failures, then has one map per stored point (empty ones
  // before the first failure).
  // One non-empty bucket of an interval's connect() probe histogram.
  struct ProbeBucket {
    uint32_t bucket;
    uint32_t calls;  // a host makes fewer than 2^32 calls in an interval
  };
  struct Track {
    uint32_t first = kNone;
    std::vector<Counters> counters;
    std::vector<std::map<std::string, int64_t>> by_errno;
    // TCP: the connect() probes of point r's interval are
    // probe_buckets[r == 0 ? 0 : probe_end[r - 1], probe_end[r]); `seen`
    // is the host's histogram as far as the stored intervals hold it.
    std::vector<uint32_t> probe_end;
    std::vector<ProbeBucket> probe_buckets;
    stack::ProbeHistogram seen;
  };
  // Appends the interval since `t.seen` as the newest point's buckets.
  static void RecordProbes(Track& t, const stack::ProbeHistogram& now);
  // The interval of stored point r.
  static stack::ProbeHistogram IntervalOf(const Track& t, size_t r);
  static void FillConnect(const stack::ProbeHistogram& interval, SeriesPoint& pt);
  static void Thin(Track& t);

  const HostGroups& groups_;
  GroupSums sums_;
  Duration interval_;
  bool adaptive_;
  std::vector<SimTime> times_;              // every point's time, shared by all tracks
  std::vector<std::array<Track, 2>> tracks_;  // [unit][protocol]
  std::vector<std::vector<nat::NatSeriesPoint>> nat_points_;  // [nat]
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_
