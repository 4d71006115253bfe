// ParseSs: the socket list `ss` prints (iproute2 misc/ss.c): `ss -tan`,
// `ss -uan`, `ss -tanpo` (with -p's users:(...) and -o's timer:(...)), and
// `ss -tuan`, whose first column (Netid) names each line's protocol.
//
// Example:
//   Snapshot s;  s.file = "ss.txt";
//   ParseSs("State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
//           "TIME-WAIT 0 0 10.0.0.1:40006 10.0.0.2:8080 timer:(timewait,33sec,0)\n",
//           Format::kSsTcp, s);
//   // s.sockets[0]: TIME-WAIT, timer 33 s, line 2
//
// Invariants of what it adds: each socket's state is one its protocol has
// (UDP: UNCONN or ESTAB); a remote exactly when the peer's port is not
// "*"; a timer only from -o's timewait timer. The header line and blank
// lines are read and skipped; any other line that is not a socket is a
// Problem naming its column. Lines of other protocols of -a without -t/-u
// (u_str, raw, ...) are problems too: portlab models TCP and UDP.
#ifndef PORTLAB_IMPORT_SS_PARSER_H_
#define PORTLAB_IMPORT_SS_PARSER_H_

#include <optional>
#include <string_view>

#include "portlab/base/time.h"
#include "portlab/import/snapshot.h"

namespace portlab::import {

// `format`: kSsTcp or kSsUdp, the protocol of lines without a Netid.
void ParseSs(std::string_view text, Format format, Snapshot& out);

// ss's print_ms_timer text: "33sec", "1min5sec", "5.123ms" (5.123 s),
// "200ms", "1min"; nullopt for anything else.
std::optional<Duration> ParseSsTimer(std::string_view text);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SS_PARSER_H_
