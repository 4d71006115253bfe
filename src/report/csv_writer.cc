#include "portlab/report/csv_writer.h"

#include <set>
#include <string>

#include "portlab/sim/time.h"

namespace portlab::report {

void WriteSeriesCsv(const sim::Result& result, std::ostream& out) {
  std::set<std::string> errnos;
  for (const sim::HostSeries& s : result.series) {
    for (const sim::SeriesPoint& p : s.points) {
      for (const auto& [name, n] : p.failures_by_errno) errnos.insert(name);
    }
  }
  out << "time_s,host,proto,ports_in_use,time_wait,established,attempts,failures,allocation_probes";
  for (const std::string& e : errnos) out << "," << e;
  out << "\n";
  // Host names are simple names (letters, digits, '_', '.', '-'): no quoting.
  for (const sim::HostSeries& s : result.series) {
    for (const sim::SeriesPoint& p : s.points) {
      out << sim::FormatSeconds(p.time) << "," << s.host << "," << s.protocol << ","
          << p.ports_in_use << "," << p.time_wait << "," << p.established << "," << p.attempts
          << "," << p.failures << "," << p.allocation_probes;
      for (const std::string& e : errnos) {
        auto it = p.failures_by_errno.find(e);
        out << "," << (it == p.failures_by_errno.end() ? 0 : it->second);
      }
      out << "\n";
    }
  }
}

}  // namespace portlab::report
