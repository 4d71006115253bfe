// ParseConntrackList and ParseConntrackStats: `conntrack -L` and
// `conntrack -S` (conntrack-tools, src/conntrack.c; the entry's text is
// libnetfilter_conntrack's nfct_snprintf in its default format):
//
//   (each entry is one line, shown here on two)
//   tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.1.2 sport=40000 dport=8080
//       src=10.0.1.2 dst=192.168.0.1 sport=8080 dport=40000 [ASSURED] mark=0 use=1
//   udp      17 29 src=10.0.0.1 dst=8.8.8.8 sport=5000 dport=53 [UNREPLIED]
//       src=8.8.8.8 dst=192.168.0.1 sport=53 dport=5000 mark=0 use=1
//   cpu=0   	found=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 ...
//
// An entry's first src/dst/sport/dport are the original direction, the
// second the reply's: a reply whose destination is not the original
// source is a source NAT (masquerade) to that destination. The summary
// line conntrack prints on stderr ("N flow entries have been shown.") is
// read and skipped. Entries of other protocols (icmp, ...) and lines that
// are neither are Problems with their column. -S's per-CPU counters are
// summed by name.
#ifndef PORTLAB_IMPORT_CONNTRACK_PARSER_H_
#define PORTLAB_IMPORT_CONNTRACK_PARSER_H_

#include <string_view>

#include "portlab/import/snapshot.h"

namespace portlab::import {

void ParseConntrackList(std::string_view text, Snapshot& out);
void ParseConntrackStats(std::string_view text, Snapshot& out);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_CONNTRACK_PARSER_H_
