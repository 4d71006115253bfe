// The text summary `portlab run` prints: what happened, for a person.
//
// Sections, in order: a header (scenario, seed, simulated end time); a table
// of steps (index, time, host, op, protocol, calls, ok, errors, the ports the
// calls got); per host and protocol with any activity, its figures (calls,
// failures by errno and cause, peak ports in use and TIME-WAIT, segments,
// RST/ICMP, demux counts by rule, ephemeral allocations and their mean
// probes); the expectations with PASS/FAIL. The last line is
// "all N expectations held" or "K of N expectations FAILED".
//
// Example:
//   WriteSummary(result, std::cout);
//
// Plain text with aligned columns and no colours; equal Results give
// identical text. Thread safety: a pure function of its arguments.
#ifndef PORTLAB_REPORT_SUMMARY_WRITER_H_
#define PORTLAB_REPORT_SUMMARY_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "portlab/sim/result.h"

namespace portlab::report {

void WriteSummary(const sim::Result& result, std::ostream& out);

// How the summary names the local ports of a step's calls: "-" when none had
// a port, the ports themselves ("8080", "40000 40002") when at most 8 calls
// had one, else "LO..HI (N distinct)". Failed calls (port 0) are left out.
std::string DescribePorts(const std::vector<uint16_t>& ports);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SUMMARY_WRITER_H_
