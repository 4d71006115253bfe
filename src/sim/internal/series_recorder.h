// SeriesRecorder: the time series of a run, one point per interval for every
// host and protocol (ports in use, TIME-WAIT, established, connect attempts,
// failures by errno, allocation probes), and for every NAT box (mappings,
// sessions, ports per outside address and per subscriber, translations,
// drops by reason).
//
// With a known interval (the scenario's `sample:`, or `until:` / 100) points
// fall every interval. Otherwise the run's length is not known in advance:
// sampling starts every 10 ms and, whenever 200 points are held, every
// other point is dropped and the interval doubles, so a run of any length
// ends with 100 to 200 evenly spaced points. Memory is bounded either way.
#ifndef PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_
#define PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "portlab/nat/nat_box.h"
#include "portlab/sim/result.h"
#include "portlab/sim/time.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

class SeriesRecorder {
 public:
  // `attempts(host, protocol)`: connect() calls so far.
  using AttemptsFn = std::function<int64_t(uint32_t, net::Protocol)>;
  using Hosts = std::vector<std::unique_ptr<stack::Host>>;
  using Nats = std::vector<std::unique_ptr<nat::NatBox>>;
  SeriesRecorder(size_t hosts, size_t nats, std::optional<Duration> interval, AttemptsFn attempts);

  Duration interval() const { return interval_; }
  // Takes a point at `now`; returns when the next one is due.
  SimTime Record(SimTime now, const Hosts& hosts, const Nats& nats);
  // The series, with a last point at `now` when the last sample is older;
  // host/protocol pairs that never did anything are left out.
  std::vector<HostSeries> Finish(SimTime now, const Hosts& hosts) const;
  // Every NAT's series (each NAT is listed, busy or not), likewise ending
  // at `now`.
  std::vector<nat::NatSeries> FinishNats(SimTime now, const Nats& nats) const;

 private:
  static constexpr size_t kMaxPoints = 200;
  SeriesPoint Point(SimTime now, uint32_t host, net::Protocol p, const stack::Host& h) const;

  Duration interval_;
  bool adaptive_;
  AttemptsFn attempts_;
  // [host][protocol] -> points.
  std::vector<std::array<std::vector<SeriesPoint>, 2>> points_;
  std::vector<std::vector<nat::NatSeriesPoint>> nat_points_;  // [nat]
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_SERIES_RECORDER_H_
