// ParseNetstat: `netstat -an` as three systems print it.
//
//   Linux (net-tools netstat.c):
//     tcp        0      0 10.77.0.1:40010   10.77.0.2:8080   TIME_WAIT
//     udp        0      0 0.0.0.0:5353      0.0.0.0:*
//     tcp6       0      0 :::22             :::*             LISTEN
//   macOS (BSD netstat, inet.c: ADDRESS.PORT, "*" for any):
//     tcp4       0      0  192.168.1.5.52345  17.253.144.10.443  ESTABLISHED
//     tcp46      0      0  *.22               *.*                LISTEN
//   Windows (netstat.exe):
//     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING
//     UDP    [::]:500               *:*
//
// States are read in each system's spelling (TIME_WAIT, FIN_WAIT1,
// FIN_WAIT_2, SYN_RECEIVED, LISTENING ...). A CLOSED socket holds no port
// and is left out, as a Problem saying so. Headers ("Active Internet
// connections", "Proto ...") are skipped; Linux's "Active UNIX domain
// sockets" section is left out as one Problem naming its lines. Any other
// line that is not a socket is a Problem with its column. A socket on
// "*.PORT" or a tcp46 line is on the IPv6 wildcard (both families).
//
// Invariants of what it adds: as ss_parser.h's; no timers (netstat prints
// none without -o, whose Linux form this parser does not read).
#ifndef PORTLAB_IMPORT_NETSTAT_PARSER_H_
#define PORTLAB_IMPORT_NETSTAT_PARSER_H_

#include <string_view>

#include "portlab/import/snapshot.h"

namespace portlab::import {

// `format`: kNetstatLinux, kNetstatMacos or kNetstatWindows.
void ParseNetstat(std::string_view text, Format format, Snapshot& out);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_NETSTAT_PARSER_H_
