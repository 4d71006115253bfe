#include "sim/internal/series_recorder.h"

#include "portlab/stack/connect_latency.h"

namespace portlab::sim {

namespace {

// Keeps the elements at even positions (the even multiples of the interval).
template <typename Point>
void ThinEven(std::vector<Point>& v) {
  size_t kept = 0;
  for (size_t j = 0; j < v.size(); j += 2, ++kept) {
    if (kept != j) v[kept] = std::move(v[j]);  // never a self-move: it would empty the point's containers
  }
  v.resize(kept);
}

// Keeps the elements whose position plus `offset` is even.
template <typename Point>
void ThinFrom(std::vector<Point>& v, uint32_t offset) {
  if (offset % 2 == 0) {
    ThinEven(v);
    return;
  }
  size_t kept = 0;
  for (size_t j = 1; j < v.size(); j += 2, ++kept) v[kept] = std::move(v[j]);
  v.resize(kept);
}

}  // namespace

SeriesRecorder::SeriesRecorder(const HostGroups& groups, size_t hosts, size_t nats,
                               std::optional<Duration> interval)
    : groups_(groups),
      sums_(groups, hosts),
      interval_(interval.value_or(Duration::Millis(10))),
      adaptive_(!interval.has_value()),
      tracks_(groups.units()),
      nat_points_(nats) {}

void SeriesRecorder::RecordProbes(Track& t, const stack::ProbeHistogram& now) {
  if (now.count() != t.seen.count()) {
    const absl::Span<const int64_t> c = now.counts();
    const absl::Span<const int64_t> before = t.seen.counts();
    for (size_t b = 0; b < c.size(); ++b) {
      const int64_t n = c[b] - (b < before.size() ? before[b] : 0);
      if (n > 0) t.probe_buckets.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(n)});
    }
    t.seen = now;
  }
  t.probe_end.push_back(static_cast<uint32_t>(t.probe_buckets.size()));
}

stack::ProbeHistogram SeriesRecorder::IntervalOf(const Track& t, size_t r) {
  stack::ProbeHistogram h;
  if (r >= t.probe_end.size()) return h;
  for (uint32_t k = r == 0 ? 0 : t.probe_end[r - 1]; k < t.probe_end[r]; ++k) {
    h.SetBucket(static_cast<int>(t.probe_buckets[k].bucket), t.probe_buckets[k].calls);
  }
  return h;
}

void SeriesRecorder::FillConnect(const stack::ProbeHistogram& interval, SeriesPoint& pt) {
  pt.port_choices = interval.count();
  if (interval.empty()) return;
  pt.connect_probes_p50 = interval.Quantile(0.50);
  pt.connect_probes_p99 = interval.Quantile(0.99);
  pt.connect_latency_p50_ns = stack::ModelledConnectNs(pt.connect_probes_p50);
  pt.connect_latency_p99_ns = stack::ModelledConnectNs(pt.connect_probes_p99);
}

void SeriesRecorder::Thin(Track& t) {
  if (t.first == kNone) return;
  if (!t.probe_end.empty()) {
    // A kept point's interval takes in the dropped one before it; the last
    // point, when dropped, gives its calls back to the next interval.
    std::vector<uint32_t> end;
    std::vector<ProbeBucket> buckets;
    stack::ProbeHistogram pending;
    for (size_t r = 0; r < t.probe_end.size(); ++r) {
      stack::ProbeHistogram h = IntervalOf(t, r);
      h.Merge(pending);
      pending.Clear();
      if ((t.first + r) % 2 != 0) {
        pending = std::move(h);
        continue;
      }
      const absl::Span<const int64_t> c = h.counts();
      for (size_t b = 0; b < c.size(); ++b) {
        if (c[b] > 0) buckets.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(c[b])});
      }
      end.push_back(static_cast<uint32_t>(buckets.size()));
    }
    t.seen.Subtract(pending);
    t.probe_end = std::move(end);
    t.probe_buckets = std::move(buckets);
  }
  ThinFrom(t.counters, t.first);
  if (!t.by_errno.empty()) ThinFrom(t.by_errno, t.first);
  // The kept points sit at half their index; a track whose only points
  // were dropped starts with the next one.
  t.first = (t.first + 1) / 2;
  if (t.counters.empty()) {
    t.first = kNone;
    t.by_errno.clear();
    t.probe_end.clear();
    t.probe_buckets.clear();
  }
}

SimTime SeriesRecorder::Record(SimTime now, const Hosts& hosts, const Nats& nats) {
  const uint32_t index = static_cast<uint32_t>(times_.size());
  times_.push_back(now);
  const std::vector<UnitSample> units = sums_.Now(hosts);
  sums_.Settle(hosts);
  for (uint32_t u = 0; u < units.size(); ++u) {
    for (int p = 0; p < 2; ++p) {
      const net::Protocol proto = p == 0 ? net::Protocol::kTcp : net::Protocol::kUdp;
      Track& t = tracks_[u][p];
      const Counters& c = units[u].counters[p];
      if (t.first == kNone) {
        if (c.zero()) continue;
        t.first = index;
      }
      t.counters.push_back(c);
      if (proto == net::Protocol::kTcp) RecordProbes(t, units[u].tcp_probes);
      if (c.failures > 0 || !t.by_errno.empty()) {
        t.by_errno.resize(t.counters.size() - 1);  // the points before had none
        t.by_errno.push_back(units[u].by_errno[p]);
      }
    }
  }
  for (size_t i = 0; i < nats.size(); ++i) nat_points_[i].push_back(nats[i]->SeriesPoint(now));
  if (adaptive_ && times_.size() >= kMaxPoints && (!tracks_.empty() || !nat_points_.empty())) {
    // Keep the points at even multiples of the interval; the next is due
    // one doubled interval after the last kept.
    ThinEven(times_);
    for (auto& per_host : tracks_) {
      for (Track& t : per_host) Thin(t);
    }
    for (std::vector<nat::NatSeriesPoint>& v : nat_points_) ThinEven(v);
    interval_ = interval_ * 2;
    return times_.back() + interval_;
  }
  return now + interval_;
}

std::vector<HostSeries> SeriesRecorder::Finish(SimTime now, const Hosts& hosts) const {
  std::vector<HostSeries> out;
  const bool last_due = times_.empty() || times_.back() < now;
  // The point at `now` when the last sample is older.
  std::vector<UnitSample> lasts;
  if (last_due) lasts = sums_.Now(hosts);
  for (int p = 0; p < 2; ++p) {
    const net::Protocol proto = p == 0 ? net::Protocol::kTcp : net::Protocol::kUdp;
    for (uint32_t u = 0; u < groups_.units(); ++u) {
      const Track& t = tracks_[u][p];
      Counters last;
      if (last_due) last = lasts[u].counters[p];
      // Not !Counters::zero(): allocation probes alone (no port, connection
      // or attempt) do not make a host's series worth printing.
      auto active = [](const Counters& c) {
        return c.ports_in_use > 0 || c.time_wait > 0 || c.attempts > 0 || c.failures > 0 || c.established > 0;
      };
      bool any = last_due && active(last);
      for (const Counters& c : t.counters) any |= active(c);
      if (!any) continue;
      HostSeries s;
      s.host = groups_.name(u);
      s.protocol = std::string(net::ProtocolName(proto));
      s.members = groups_.members(u);
      if (!groups_.is_group(u)) {
        const stack::Knobs& k = hosts[groups_.first_host(u)]->knobs();
        s.port_lo = k.ip_local_port_range.lo.value();
        s.port_hi = k.ip_local_port_range.hi.value();
        s.usable_ports = s.port_hi - s.port_lo + 1;
        if (k.reserved_ports) {  // rare; a walk of the range per active host else
          for (int port = s.port_lo; port <= s.port_hi; ++port) s.usable_ports -= k.Reserved(static_cast<uint16_t>(port));
        }
      }
      s.points.reserve(times_.size() + last_due);
      auto add = [&](SimTime time, const Counters& c, const std::map<std::string, int64_t>* by_errno,
                     const stack::ProbeHistogram& connects) {
        SeriesPoint pt;
        pt.time = time;
        pt.ports_in_use = c.ports_in_use;
        pt.time_wait = c.time_wait;
        pt.established = c.established;
        pt.attempts = c.attempts;
        pt.failures = c.failures;
        pt.allocation_probes = c.allocation_probes;
        if (by_errno) pt.failures_by_errno = *by_errno;
        FillConnect(connects, pt);
        s.points.push_back(std::move(pt));
      };
      const size_t first = t.first == kNone ? times_.size() : t.first;
      for (size_t k = 0; k < times_.size(); ++k) {
        if (k < first) {
          add(times_[k], Counters{}, nullptr, {});
          continue;
        }
        const size_t r = k - first;
        add(times_[k], t.counters[r], t.by_errno.empty() ? nullptr : &t.by_errno[r], IntervalOf(t, r));
      }
      if (last_due) {
        stack::ProbeHistogram since;
        if (proto == net::Protocol::kTcp) {
          since = lasts[u].tcp_probes;
          since.Subtract(t.seen);
        }
        add(now, last, &lasts[u].by_errno[p], since);
      }
      out.push_back(std::move(s));
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
    const nat::NatConfig& c = nats[i]->config();
    s.ports_per_address = int64_t{c.port_hi} - c.port_lo + 1;
    s.subscriber_limit = nats[i]->SubscriberPortLimit();
    s.destination_limit = c.max_per_destination;
    s.points = nat_points_[i];
    if (s.points.empty() || s.points.back().time < now) s.points.push_back(nats[i]->SeriesPoint(now));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace portlab::sim
