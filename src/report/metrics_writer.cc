#include "portlab/report/metrics_writer.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/nat/drop_reason.h"

namespace portlab::report {
namespace {

// One labelled series of a family: its points in time order, values as
// text. `time` is unset for a value known only at the end of the run.
struct MetricPoint {
  SimTime time;
  std::string value;
};
struct Metric {
  std::string labels;  // `{host="client",proto="tcp"}`
  std::vector<MetricPoint> points;
};
struct MetricFamily {
  std::string name;  // without _total for a counter
  bool counter = false;
  bool seconds = false;  // unit: seconds (the name ends _seconds)
  std::string help;
  std::vector<Metric> metrics;
};

// OpenMetrics label values escape \, " and newline.
std::string EscapeLabel(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string MetricLabels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels) {
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    if (out.size() > 1) out += ",";
    out += std::string(k) + "=\"" + EscapeLabel(v) + "\"";
  }
  return out + "}";
}

std::string MetricInt(int64_t v) { return absl::StrCat(v); }

// Nanoseconds as seconds, exactly: "0.000004438".
std::string NanosAsSeconds(int64_t ns) {
  std::string s = absl::StrFormat("%d.%09d", ns / 1000000000, ns % 1000000000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// The sample's timestamp: the epoch plus simulated time, in milliseconds.
int64_t TimestampMillis(SimTime t) { return kMetricsEpochSeconds * 1000 + t.nanos() / 1000000; }

std::string FormatTimestamp(int64_t ms) { return absl::StrFormat("%d.%03d", ms / 1000, ms % 1000); }

class MetricFamilies {
 public:
  MetricFamily& Add(std::string name, bool counter, std::string help, bool seconds = false) {
    families_.push_back({std::move(name), counter, seconds, std::move(help), {}});
    return families_.back();
  }
  // The family `name`, which Add made.
  MetricFamily& operator[](std::string_view name) {
    for (MetricFamily& f : families_) {
      if (f.name == name) return f;
    }
    return families_.front();  // not reached: every name below is added first
  }
  const std::vector<MetricFamily>& all() const { return families_; }

 private:
  std::vector<MetricFamily> families_;
};

using PointValue = std::function<std::optional<std::string>(const sim::SeriesPoint&)>;

// A series of `points`, one sample per point with a value.
Metric MetricSeriesOf(std::string labels, const std::vector<sim::SeriesPoint>& points, const PointValue& value) {
  Metric m{std::move(labels), {}};
  for (const sim::SeriesPoint& p : points) {
    if (std::optional<std::string> v = value(p)) m.points.push_back({p.time, *std::move(v)});
  }
  return m;
}

void AddHostSeries(const sim::Result& result, MetricFamilies& f) {
  for (const sim::HostSeries& s : result.series) {
    const bool tcp = s.protocol == "tcp";
    const std::string host_proto = MetricLabels({{"host", s.host}, {"proto", s.protocol}});
    const std::string host = MetricLabels({{"host", s.host}});
    auto add = [&](std::string_view family, std::string labels, PointValue value) {
      Metric m = MetricSeriesOf(std::move(labels), s.points, value);
      if (!m.points.empty()) f[family].metrics.push_back(std::move(m));
    };
    if (tcp) {
      add("node_sockstat_TCP_tw", host, [](const sim::SeriesPoint& p) { return MetricInt(p.time_wait); });
      add("portlab_tcp_established", host, [](const sim::SeriesPoint& p) { return MetricInt(p.established); });
    }
    add("portlab_ports_in_use", host_proto, [](const sim::SeriesPoint& p) { return MetricInt(p.ports_in_use); });
    add("portlab_connect_attempts", host_proto, [](const sim::SeriesPoint& p) { return MetricInt(p.attempts); });
    std::set<std::string> errnos;
    for (const sim::SeriesPoint& p : s.points) {
      for (const auto& [name, n] : p.failures_by_errno) errnos.insert(name);
    }
    for (const std::string& e : errnos) {
      add("portlab_socket_failures", MetricLabels({{"host", s.host}, {"proto", s.protocol}, {"errno", e}}),
          [&e](const sim::SeriesPoint& p) {
            auto it = p.failures_by_errno.find(e);
            return MetricInt(it == p.failures_by_errno.end() ? 0 : it->second);
          });
    }
    add("portlab_allocation_probes", host_proto,
        [](const sim::SeriesPoint& p) { return MetricInt(p.allocation_probes); });
    if (!tcp) continue;
    int64_t calls = 0;
    add("portlab_connect_port_choices", host, [&calls](const sim::SeriesPoint& p) {
      calls += p.port_choices;
      return MetricInt(calls);
    });
    using Opt = std::optional<std::string>;
    add("portlab_connect_probes_p50", host, [](const sim::SeriesPoint& p) {
      return p.port_choices > 0 ? Opt(MetricInt(p.connect_probes_p50)) : std::nullopt;
    });
    add("portlab_connect_probes_p99", host, [](const sim::SeriesPoint& p) {
      return p.port_choices > 0 ? Opt(MetricInt(p.connect_probes_p99)) : std::nullopt;
    });
    add("portlab_connect_latency_p50_seconds", host, [](const sim::SeriesPoint& p) {
      return p.port_choices > 0 ? Opt(NanosAsSeconds(p.connect_latency_p50_ns)) : std::nullopt;
    });
    add("portlab_connect_latency_p99_seconds", host, [](const sim::SeriesPoint& p) {
      return p.port_choices > 0 ? Opt(NanosAsSeconds(p.connect_latency_p99_ns)) : std::nullopt;
    });
  }
}

void AddNatSeries(const sim::Result& result, MetricFamilies& f) {
  for (const nat::NatSeries& s : result.nat_series) {
    const std::string labels = MetricLabels({{"nat", s.nat}});
    auto add = [&](std::string_view family, std::string metric_labels,
                   const std::function<int64_t(const nat::NatSeriesPoint&)>& value) {
      Metric m{std::move(metric_labels), {}};
      for (const nat::NatSeriesPoint& p : s.points) m.points.push_back({p.time, MetricInt(value(p))});
      if (!m.points.empty()) f[family].metrics.push_back(std::move(m));
    };
    add("node_nf_conntrack_entries", labels, [](const nat::NatSeriesPoint& p) { return p.sessions; });
    add("portlab_nat_mappings", labels, [](const nat::NatSeriesPoint& p) { return p.mappings; });
    add("portlab_nat_port_blocks", labels, [](const nat::NatSeriesPoint& p) { return p.port_blocks; });
    add("portlab_nat_subscribers", labels, [](const nat::NatSeriesPoint& p) { return p.subscribers; });
    add("portlab_nat_max_subscriber_ports", labels,
        [](const nat::NatSeriesPoint& p) { return p.max_subscriber_ports; });
    for (size_t a = 0; a < s.outside.size(); ++a) {
      add("portlab_nat_ports_in_use", MetricLabels({{"nat", s.nat}, {"address", s.outside[a]}}),
          [a](const nat::NatSeriesPoint& p) { return a < p.ports_in_use.size() ? p.ports_in_use[a] : 0; });
    }
    add("portlab_nat_translated_out", labels, [](const nat::NatSeriesPoint& p) { return p.translated_out; });
    add("portlab_nat_translated_in", labels, [](const nat::NatSeriesPoint& p) { return p.translated_in; });
    add("portlab_nat_hairpinned", labels, [](const nat::NatSeriesPoint& p) { return p.hairpinned; });
    for (nat::DropReason r : nat::AllDropReasons()) {
      add("portlab_nat_drops", MetricLabels({{"nat", s.nat}, {"reason", nat::DropReasonName(r)}}),
          [r](const nat::NatSeriesPoint& p) { return p.drops[r]; });
    }
  }
}

void AddWorkloads(const sim::Result& result, MetricFamilies& f) {
  for (const sim::WorkloadResult& w : result.workloads) {
    const std::string labels = MetricLabels({{"workload", w.name}});
    f["portlab_workload_attempts"].metrics.push_back({labels, {{result.end_time, MetricInt(w.attempts)}}});
    f["portlab_workload_ok"].metrics.push_back({labels, {{result.end_time, MetricInt(w.ok)}}});
    f["portlab_workload_failures"].metrics.push_back({labels, {{result.end_time, MetricInt(w.failures)}}});
  }
}

MetricFamilies BuildMetricFamilies(const sim::Result& result) {
  MetricFamilies f;
  f.Add("node_sockstat_TCP_tw", false, "TCP sockets in TIME-WAIT.");
  f.Add("portlab_tcp_established", false, "TCP connections in ESTABLISHED.");
  f.Add("portlab_ports_in_use", false, "Local ports held, per protocol.");
  f.Add("portlab_connect_attempts", true, "connect() calls.");
  f.Add("portlab_socket_failures", true, "Socket calls that failed, by errno.");
  f.Add("portlab_allocation_probes", true, "Candidate ports the ephemeral port algorithm examined.");
  f.Add("portlab_connect_port_choices", true, "TCP connect() calls that reached the port choice.");
  f.Add("portlab_connect_probes_p50", false, "Median candidate ports a TCP connect() examined, over the interval.");
  f.Add("portlab_connect_probes_p99", false,
        "99th percentile of the candidate ports a TCP connect() examined, over the interval.");
  f.Add("portlab_connect_latency_p50_seconds", false,
        "Median modelled TCP connect() duration over the interval (Linux 6.18 costs, bench/README.md).", true);
  f.Add("portlab_connect_latency_p99_seconds", false,
        "99th percentile of the modelled TCP connect() duration over the interval (Linux 6.18 costs, "
        "bench/README.md).",
        true);
  f.Add("node_nf_conntrack_entries", false, "The NAT's sessions (a Linux NAT's conntrack entries).");
  f.Add("portlab_nat_mappings", false, "The NAT's mappings.");
  f.Add("portlab_nat_port_blocks", false, "Port blocks the NAT has handed out.");
  f.Add("portlab_nat_subscribers", false, "Inside addresses holding an outside port.");
  f.Add("portlab_nat_max_subscriber_ports", false, "The most outside ports one inside address holds.");
  f.Add("portlab_nat_ports_in_use", false, "Outside ports held, per outside address.");
  f.Add("portlab_nat_translated_out", true, "Segments translated inside to outside.");
  f.Add("portlab_nat_translated_in", true, "Segments translated outside to inside.");
  f.Add("portlab_nat_hairpinned", true, "Segments hairpinned back inside.");
  f.Add("portlab_nat_drops", true, "Segments the NAT dropped, by reason.");
  f.Add("portlab_workload_attempts", true, "The workload's connection attempts.");
  f.Add("portlab_workload_ok", true, "The workload's connections established (TCP) or connected (UDP).");
  f.Add("portlab_workload_failures", true, "The workload's failed attempts.");
  AddHostSeries(result, f);
  AddNatSeries(result, f);
  AddWorkloads(result, f);
  return f;
}

std::string SampleName(const MetricFamily& f) { return f.counter ? f.name + "_total" : f.name; }

// The output's provenance as the labels of portlab_build_info, the
// *_build_info convention of Prometheus exporters (prometheus/common's
// version collector writes go_build_info / prometheus_build_info).
std::string BuildInfoLabels(const Provenance& p) {
  const std::string format = absl::StrCat(kMetricsFormat);
  const std::string seed = p.seed ? absl::StrCat(*p.seed) : "";
  const std::string command = CommandText(p.command);
  return MetricLabels({{"version", p.version},
                       {"commit", p.commit},
                       {"format", format},
                       {"scenario_sha256", p.scenario_sha256},
                       {"seed", seed},
                       {"command", command}});
}

constexpr char kBuildInfoHelp[] = "The portlab build, scenario and command that wrote these metrics.";

}  // namespace

void WriteMetricsSeries(const sim::Result& result, const Provenance& provenance, std::ostream& out) {
  const MetricFamilies families = BuildMetricFamilies(result);  // alive through the loop
  // OpenMetrics' info type: the family has no suffix, its sample "_info"
  // (OpenMetrics specification, "Info").
  out << "# TYPE portlab_build info\n# HELP portlab_build " << kBuildInfoHelp << "\n";
  out << "portlab_build_info" << BuildInfoLabels(provenance) << " 1 "
      << FormatTimestamp(TimestampMillis(SimTime())) << "\n";
  for (const MetricFamily& f : families.all()) {
    if (f.metrics.empty()) continue;
    out << "# TYPE " << f.name << (f.counter ? " counter\n" : " gauge\n");
    if (f.seconds) out << "# UNIT " << f.name << " seconds\n";
    out << "# HELP " << f.name << " " << f.help << "\n";
    const std::string sample = SampleName(f);
    for (const Metric& m : f.metrics) {
      for (size_t i = 0; i < m.points.size(); ++i) {
        const int64_t ms = TimestampMillis(m.points[i].time);
        // Prometheus keeps milliseconds: the last point of each.
        if (i + 1 < m.points.size() && TimestampMillis(m.points[i + 1].time) == ms) continue;
        out << sample << m.labels << " " << m.points[i].value << " " << FormatTimestamp(ms) << "\n";
      }
    }
  }
  out << "# EOF\n";
}

void WriteMetricsFinal(const sim::Result& result, const Provenance& provenance, std::ostream& out) {
  const MetricFamilies families = BuildMetricFamilies(result);  // alive through the loop
  out << "# HELP portlab_build_info " << kBuildInfoHelp << "\n# TYPE portlab_build_info gauge\n";
  out << "portlab_build_info" << BuildInfoLabels(provenance) << " 1\n";
  for (const MetricFamily& f : families.all()) {
    if (f.metrics.empty()) continue;
    const std::string sample = SampleName(f);
    out << "# HELP " << sample << " " << f.help << "\n";
    out << "# TYPE " << sample << (f.counter ? " counter\n" : " gauge\n");
    for (const Metric& m : f.metrics) out << sample << m.labels << " " << m.points.back().value << "\n";
  }
}

}  // namespace portlab::report
