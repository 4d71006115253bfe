// ReadSnapshot: one pasted file in, its Snapshot out: the format detected
// from the text (or given: --format), then the format's parser.
//
// Detection reads the first lines that say something:
//   "State ... Local Address:Port" or "Netid State"  ss (ss-udp when a
//                                                     line is UNCONN, or
//                                                     every line UDP's)
//   "sl  local_address rem_address"                   /proc/net/tcp, tcp6
//   "... ref pointer drops"                           /proc/net/udp, udp6
//   "sockets: used"                                   /proc/net/sockstat
//   "NAME = VALUE" with a dotted name                 sysctl -a
//   "Active Internet connections", "Proto Recv-Q"     netstat (Linux: ADDR:PORT;
//                                                     macOS: ADDR.PORT, tcp4/tcp46)
//   "Active Connections", "Proto  Local Address"      netstat on Windows
//   "tcp      6 431999 ESTABLISHED src=..."           conntrack -L
//   "cpu=0 found=..."                                 conntrack -S
//
// Example:
//   absl::StatusOr<Snapshot> s = ReadSnapshot(text, "b.ss-tanpo.txt", std::nullopt);
//   for (const Problem& p : s->problems) std::cerr << s->Where(p) << "\n";
//
// Errors (InvalidArgument, naming the file): an empty file; a format that
// cannot be told (give --format); a file of which no line could be read
// (its first problem's line and column in the message). A file with some
// unreadable lines is read, each line in Snapshot::problems.
#ifndef PORTLAB_IMPORT_SNAPSHOT_READER_H_
#define PORTLAB_IMPORT_SNAPSHOT_READER_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "portlab/import/snapshot.h"

namespace portlab::import {

// nullopt when nothing in the text says which format it is.
std::optional<Format> DetectFormat(std::string_view text);

absl::StatusOr<Snapshot> ReadSnapshot(std::string_view text, std::string file,
                                      std::optional<Format> format);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SNAPSHOT_READER_H_
