// ParseSockstat: /proc/net/sockstat (net/ipv4/proc.c sockstat_seq_show):
//   sockets: used 99
//   TCP: inuse 97 orphan 0 tw 40 alloc 195 mem 335
//   UDP: inuse 2 mem 0
// The figures become a comment of the imported scenario and a check of the
// socket lists beside it (TCP inuse counts every TCP socket but TIME-WAIT;
// tw the TIME-WAITs). Lines of other protocols (UDPLITE, RAW, FRAG) are
// read and left; a line that is not "NAME: key value ..." is a Problem.
#ifndef PORTLAB_IMPORT_SOCKSTAT_PARSER_H_
#define PORTLAB_IMPORT_SOCKSTAT_PARSER_H_

#include <string_view>

#include "portlab/import/snapshot.h"

namespace portlab::import {

void ParseSockstat(std::string_view text, Snapshot& out);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SOCKSTAT_PARSER_H_
