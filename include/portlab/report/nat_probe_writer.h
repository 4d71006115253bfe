// The report `portlab nat-probe` prints of an RFC 5780 probe
// (nat/nat_probe.h): the lab, each test's log line, then the verdicts.
//
//   NAT profile full-cone (client 192.168.1.100:5000, server 192.0.2.1 and ...)
//
//     test I: ...
//
//   mapping           endpoint-independent
//   filtering         endpoint-independent
//   RFC 3489 name     full cone
//   hairpinning       no
//   binding lifetime  2m00s (UDP, idle, 1 s precision)
//
// Example:
//   WriteProbeReport("full-cone", *nat::ProbeNat(config, seed), std::cout);
//
// Thread safety: a pure function of its arguments.
#ifndef PORTLAB_REPORT_NAT_PROBE_WRITER_H_
#define PORTLAB_REPORT_NAT_PROBE_WRITER_H_

#include <ostream>
#include <string_view>

#include "portlab/nat/nat_probe.h"

namespace portlab::report {

// `profile` names the NAT probed, with the default lab (nat::ProbeLab{}).
void WriteProbeReport(std::string_view profile, const nat::ProbeReport& report, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_NAT_PROBE_WRITER_H_
