#include "portlab/report/nat_probe_writer.h"

#include <string>

#include "absl/strings/str_format.h"
#include "portlab/base/time.h"
#include "portlab/nat/nat_config.h"

namespace portlab::report {

void WriteProbeReport(std::string_view profile, const nat::ProbeReport& report, std::ostream& out) {
  out << "NAT profile " << profile << " (client 192.168.1.100:5000, server 192.0.2.1 and "
      << "192.0.2.2, ports 3478 and 3479)\n\n";
  for (const std::string& line : report.log) out << "  " << line << "\n";
  out << "\n";
  out << absl::StrFormat("mapping           %s\n", nat::DependenceName(report.mapping));
  out << absl::StrFormat("filtering         %s\n", nat::DependenceName(report.filtering));
  out << absl::StrFormat("RFC 3489 name     %s\n", report.classic);
  out << absl::StrFormat("hairpinning       %s\n", report.hairpinning ? "yes" : "no");
  if (report.binding_lifetime) {
    out << absl::StrFormat("binding lifetime  %s (UDP, idle, 1 s precision)\n",
                           FormatDuration(*report.binding_lifetime));
  } else {
    out << "binding lifetime  longer than the search's 4 h\n";
  }
}

}  // namespace portlab::report
