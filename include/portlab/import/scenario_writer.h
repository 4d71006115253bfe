// WriteImportedScenario: snapshots of one machine (snapshot_reader.h) in, the
// text of a scenario `portlab run` and `validate` accept out, commented
// with where each part came from (scenarios/README.md, "Sockets already
// there"; README.md, "portlab import").
//
// What becomes what:
//   - every socket the socket lists show (ss, /proc/net, netstat) becomes a
//     `sockets:` entry of the host, grouped by (protocol, state, local
//     address, remote end, timer) with its ports as runs ("40000-40099");
//     a socket two lists both show (ss -tan and /proc/net/tcp) is placed
//     once, with a timer if either has one;
//   - the host's addresses are the sockets' local addresses (loopback and
//     wildcards aside), or 192.0.2.1 (RFC 5737) when there is none;
//   - the host's os is linux, or macos / windows when its sockets came from
//     that system's netstat;
//   - sysctl -a's linux knobs become the host's `sysctl:`;
//   - conntrack -L's source-NATed entries become a NAT's `sessions:`
//     (src/import/internal/conntrack_nat.h: the NAT `HOST-nat`, its
//     outside addresses the replies' destinations), the rest a comment;
//   - sockstat and conntrack -S figures become comments (the sockstat
//     counts checked against the socket lists);
//   - with `interval`, snapshots of one format in the order given are that
//     far apart: the TCP connections the last shows that the first does not,
//     counted per (local address, destination), divided by the time between
//     them, are the rate of a workload that goes on from the last snapshot
//     (the sockets placed are the last one's); the first format given
//     twice (in Format's order) gives the rates. A connection the machine
//     accepted (its local port a listener's) is not counted. Held: when the
//     destination's ESTABLISHED count grew by at least half the new
//     connections, each is held for the rest of the run; otherwise for
//     Little's law's mean time, open / rate. The client closes first when
//     the machine holds TIME-WAITs toward it, else the server. A host
//     `peers` owns every destination and listens on its port.
//
// Example:
//   ImportOptions o;  o.interval = Duration::Seconds(5);
//   absl::StatusOr<std::string> yaml = WriteImportedScenario({a, b, sysctl}, o);
//
// Errors (InvalidArgument): no snapshot; two snapshots of one format
// without an interval; an interval of zero or less; an interval with no
// format given twice.
#ifndef PORTLAB_IMPORT_SCENARIO_WRITER_H_
#define PORTLAB_IMPORT_SCENARIO_WRITER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/import/snapshot.h"

namespace portlab::import {

struct ImportOptions {
  std::string host = "imported";  // the machine's host name
  std::optional<Duration> interval;
  // How long the scenario runs when a workload goes on (else until its
  // last event: TIME-WAITs expiring, SYNs timing out).
  Duration until = Duration::Seconds(600);
};

absl::StatusOr<std::string> WriteImportedScenario(const std::vector<Snapshot>& snapshots,
                                                  const ImportOptions& options);

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SCENARIO_WRITER_H_
