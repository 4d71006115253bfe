#include "sim/internal/series_recorder.h"

#include <array>

namespace portlab::sim {

namespace {

// Keeps the points at even positions (the even multiples of the interval).
template <typename Point>
void Thin(std::vector<Point>& v) {
  size_t kept = 0;
  for (size_t j = 0; j < v.size(); j += 2, ++kept) {
    if (kept != j) v[kept] = std::move(v[j]);  // never a self-move: it would empty the point's containers
  }
  v.resize(kept);
}

}  // namespace

SeriesRecorder::SeriesRecorder(size_t hosts, size_t nats, std::optional<Duration> interval, AttemptsFn attempts)
    : interval_(interval.value_or(Duration::Millis(10))),
      adaptive_(!interval.has_value()),
      attempts_(std::move(attempts)),
      points_(hosts),
      nat_points_(nats) {}

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

SimTime SeriesRecorder::Record(SimTime now, const Hosts& hosts, const Nats& nats) {
  for (uint32_t i = 0; i < hosts.size(); ++i) {
    points_[i][0].push_back(Point(now, i, net::Protocol::kTcp, *hosts[i]));
    points_[i][1].push_back(Point(now, i, net::Protocol::kUdp, *hosts[i]));
  }
  for (size_t i = 0; i < nats.size(); ++i) nat_points_[i].push_back(nats[i]->SeriesPoint(now));
  const size_t held = !points_.empty() ? points_[0][0].size() : !nat_points_.empty() ? nat_points_[0].size() : 0;
  if (adaptive_ && held >= kMaxPoints) {
    // Keep the points at even multiples of the interval; the next is due
    // one doubled interval after the last kept.
    SimTime last;
    for (auto& per_host : points_) {
      for (std::vector<SeriesPoint>& v : per_host) {
        Thin(v);
        last = v.back().time;
      }
    }
    for (std::vector<nat::NatSeriesPoint>& v : nat_points_) {
      Thin(v);
      last = v.back().time;
    }
    interval_ = interval_ * 2;
    return last + interval_;
  }
  return now + interval_;
}

std::vector<HostSeries> SeriesRecorder::Finish(SimTime now, const Hosts& hosts) const {
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

std::vector<nat::NatSeries> SeriesRecorder::FinishNats(SimTime now, const Nats& nats) const {
  std::vector<nat::NatSeries> out;
  for (size_t i = 0; i < nats.size(); ++i) {
    nat::NatSeries s;
    s.nat = nats[i]->name();
    s.outside = nats[i]->OutsideNames();
    s.points = nat_points_[i];
    if (s.points.empty() || s.points.back().time < now) s.points.push_back(nats[i]->SeriesPoint(now));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace portlab::sim
