// ParseSysctl: `sysctl -a` output (procps: "NAME = VALUE"), of which the
// knobs the linux profile models (stack/knobs.h: ip_local_port_range,
// ip_local_reserved_ports, tcp_tw_reuse, tcp_fin_timeout, tcp_timestamps,
// tcp_syn_retries, ...) become the imported host's `sysctl:`.
//
// Example:
//   ParseSysctl("net.ipv4.ip_local_port_range = 40000\t40499\n"
//               "net.ipv4.tcp_rmem = 4096 131072 6291456\n", s);
//   // s.knobs: {net.ipv4.ip_local_port_range, "40000 40499", line 1}
//   // s.other_settings: 1 (read; portlab models no receive buffers)
//
// Invariants of what it adds: every KnobLine names a knob of the linux
// profile and carries a value the profile takes; a line the profile's
// knob refuses is a Problem (with the profile's reason), as is a line not
// of the form NAME = VALUE. "sysctl: permission denied" lines, which
// sysctl -a prints on stderr but users paste, are problems too.
#ifndef PORTLAB_IMPORT_SYSCTL_PARSER_H_
#define PORTLAB_IMPORT_SYSCTL_PARSER_H_

#include <string_view>

#include "portlab/import/snapshot.h"

namespace portlab::import {

void ParseSysctl(std::string_view text, Snapshot& out);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SYSCTL_PARSER_H_
