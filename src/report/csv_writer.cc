#include "portlab/report/csv_writer.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "portlab/base/time.h"

namespace portlab::report {

void WriteSeriesCsv(const sim::Result& result, std::ostream& out) {
  std::set<std::string> errnos;
  for (const sim::HostSeries& s : result.series) {
    for (const sim::SeriesPoint& p : s.points) {
      for (const auto& [name, n] : p.failures_by_errno) errnos.insert(name);
    }
  }
  out << "time_s,host,proto,ports_in_use,time_wait,established,attempts,failures,allocation_probes,"
         "port_choices,connect_probes_p50,connect_probes_p99,connect_latency_p50_ns,connect_latency_p99_ns";
  for (const std::string& e : errnos) out << "," << e;
  out << "\n";
  // Host names are simple names (letters, digits, '_', '.', '-'): no quoting.
  for (const sim::HostSeries& s : result.series) {
    for (const sim::SeriesPoint& p : s.points) {
      out << FormatSeconds(p.time) << "," << s.host << "," << s.protocol << ","
          << p.ports_in_use << "," << p.time_wait << "," << p.established << "," << p.attempts
          << "," << p.failures << "," << p.allocation_probes << "," << p.port_choices << ",";
      // The percentiles are empty for an interval without a connect() call.
      if (p.port_choices > 0) {
        out << p.connect_probes_p50 << "," << p.connect_probes_p99 << "," << p.connect_latency_p50_ns << ","
            << p.connect_latency_p99_ns;
      } else {
        out << ",,,";
      }
      for (const std::string& e : errnos) {
        auto it = p.failures_by_errno.find(e);
        out << "," << (it == p.failures_by_errno.end() ? 0 : it->second);
      }
      out << "\n";
    }
  }
}

void WriteNatSeriesCsv(const sim::Result& result, std::ostream& out) {
  // Outside addresses over every NAT, in order of first appearance.
  std::vector<std::string> addresses;
  for (const nat::NatSeries& s : result.nat_series) {
    for (const std::string& a : s.outside) {
      if (std::find(addresses.begin(), addresses.end(), a) == addresses.end()) addresses.push_back(a);
    }
  }
  out << "time_s,nat,mappings,sessions,port_blocks,subscribers,max_subscriber_ports,translated_out,"
         "translated_in,hairpinned,drops";
  for (nat::DropReason reason : nat::AllDropReasons()) out << "," << nat::DropFigureName(reason);
  for (const std::string& a : addresses) out << ",ports@" << a;
  out << "\n";
  for (const nat::NatSeries& s : result.nat_series) {
    for (const nat::NatSeriesPoint& p : s.points) {
      out << FormatSeconds(p.time) << "," << s.nat << "," << p.mappings << "," << p.sessions << ","
          << p.port_blocks << "," << p.subscribers << "," << p.max_subscriber_ports << "," << p.translated_out
          << "," << p.translated_in << "," << p.hairpinned << "," << p.drops.total();
      for (nat::DropReason reason : nat::AllDropReasons()) out << "," << p.drops[reason];
      for (const std::string& a : addresses) {
        out << ",";
        auto it = std::find(s.outside.begin(), s.outside.end(), a);
        if (it != s.outside.end()) out << p.ports_in_use[static_cast<size_t>(it - s.outside.begin())];
      }
      out << "\n";
    }
  }
}

}  // namespace portlab::report
