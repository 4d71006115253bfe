// ParseProcNet: the kernel's socket tables as /proc/net/tcp, tcp6, udp and
// udp6 print them (net/ipv4/tcp_ipv4.c get_tcp4_sock, get_timewait4_sock;
// net/ipv6/tcp_ipv6.c get_tcp6_sock; net/ipv4/udp.c udp4_format_sock).
//
// Example line (a TIME-WAIT, 33.83 s left):
//   17: 01004D0A:9C46 02004D0A:1F90 06 00000000:00000000 03:00000D37 00000000 0 0 0 3 ...
//   local 10.77.0.1:40006, remote 10.77.0.2:8080, st 06, timer 3 (TIME-WAIT)
//   with tm->when 0xD37 = 3383 clock ticks of 1/100 s (USER_HZ).
//
// Addresses are the kernel's words in the byte order of the machine that
// printed them: this parser reads them as a little-endian machine (x86,
// arm64) writes them. Ports are plain hex. States are the kernel's
// TCP_* numbers (include/net/tcp_states.h); TCP_NEW_SYN_RECV (0C) is read
// as SYN-RECV, TCP_CLOSE (07) as UDP's UNCONN. A TIME-WAIT's and an
// orphaned FIN-WAIT-2's time left is tm->when when the timer field is 3.
//
// Invariants of what it adds: as ss_parser.h's. The header line and blank
// lines are skipped; any other line that is not an entry is a Problem with
// its column.
#ifndef PORTLAB_IMPORT_PROC_NET_PARSER_H_
#define PORTLAB_IMPORT_PROC_NET_PARSER_H_

#include <string_view>

#include "portlab/import/snapshot.h"

namespace portlab::import {

// `format`: kProcNetTcp or kProcNetUdp.
void ParseProcNet(std::string_view text, Format format, Snapshot& out);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_PROC_NET_PARSER_H_
