#include "sim/internal/series_recorder.h"

#include <array>

namespace portlab::sim {

SeriesRecorder::SeriesRecorder(size_t hosts, std::optional<Duration> interval, AttemptsFn attempts)
    : interval_(interval.value_or(Duration::Millis(10))),
      adaptive_(!interval.has_value()),
      attempts_(std::move(attempts)),
      points_(hosts) {}

SeriesPoint SeriesRecorder::Point(SimTime now, uint32_t host, net::Protocol p,
                                  const stack::Host& h) const {
  const ProtocolFigures& f = h.figures(p);
  SeriesPoint pt;
  pt.time = now;
  pt.ports_in_use = f.ports_in_use;
  pt.time_wait = f.time_wait;
  pt.established = f.established;
  pt.attempts = attempts_(host, p);
  pt.allocation_probes = f.allocation_probes;
  for (const auto& [name, causes] : f.failures) {
    int64_t n = 0;
    for (const auto& [cause, count] : causes) n += count;
    pt.failures_by_errno[name] = n;
    pt.failures += n;
  }
  return pt;
}

SimTime SeriesRecorder::Record(SimTime now, const std::vector<std::unique_ptr<stack::Host>>& hosts) {
  for (uint32_t i = 0; i < hosts.size(); ++i) {
    points_[i][0].push_back(Point(now, i, net::Protocol::kTcp, *hosts[i]));
    points_[i][1].push_back(Point(now, i, net::Protocol::kUdp, *hosts[i]));
  }
  if (adaptive_ && !points_.empty() && points_[0][0].size() >= kMaxPoints) {
    // Keep the points at even multiples of the interval; the next is due
    // one doubled interval after the last kept.
    for (auto& per_host : points_) {
      for (std::vector<SeriesPoint>& v : per_host) {
        size_t kept = 0;
        for (size_t j = 0; j < v.size(); j += 2) v[kept++] = std::move(v[j]);
        v.resize(kept);
      }
    }
    interval_ = interval_ * 2;
    return points_[0][0].back().time + interval_;
  }
  return now + interval_;
}

std::vector<HostSeries> SeriesRecorder::Finish(
    SimTime now, const std::vector<std::unique_ptr<stack::Host>>& hosts) const {
  std::vector<HostSeries> out;
  for (int p = 0; p < 2; ++p) {
    const net::Protocol proto = p == 0 ? net::Protocol::kTcp : net::Protocol::kUdp;
    for (uint32_t i = 0; i < hosts.size(); ++i) {
      HostSeries s;
      s.host = hosts[i]->name();
      s.protocol = std::string(net::ProtocolName(proto));
      s.points = points_[i][p];
      if (s.points.empty() || s.points.back().time < now) s.points.push_back(Point(now, i, proto, *hosts[i]));
      bool active = false;
      for (const SeriesPoint& pt : s.points) {
        active |= pt.ports_in_use > 0 || pt.time_wait > 0 || pt.attempts > 0 || pt.failures > 0 ||
                  pt.established > 0;
      }
      if (active) out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace portlab::sim
