// WriteConntrackNat: the `nats:` section a `conntrack -L` snapshot gives
// (scenario_writer.h): the entries a masquerade translated, as the
// `sessions:` of one NAT (scenarios/README.md, "Translations already
// there").
//
// An entry is a source NAT when its reply is addressed elsewhere than its
// original source (nf_nat_core.c: the reply tuple is the translated one);
// its reply's destination is then the outside endpoint X':x', its
// original source the inside endpoint X:x, its original destination the
// remote Y:y. The NAT (named `HOST-nat`, profile linux-masquerade: conntrack
// is Linux's) takes every reply destination address as an outside address
// and, as its inside network, the longest prefix of length 8 to 24 that
// holds every inside address (longer, up to 30, when that one would hold an
// outside address or a remote). Its sessions keep conntrack's state
// (UDP: UNREPLIED, or ASSURED / REPLIED) and time left; entries whose
// inside and outside ports agree are grouped by (protocol, state, inside
// and outside address, remote, time left) into port runs. Entries that are
// not source NATs, that are also destination NATs (the reply's source is
// not the original destination), IPv6, or outside that network are left
// out, and the comment says how many.
#ifndef PORTLAB_IMPORT_INTERNAL_CONNTRACK_NAT_H_
#define PORTLAB_IMPORT_INTERNAL_CONNTRACK_NAT_H_

#include <set>
#include <string>

#include "portlab/import/snapshot.h"
#include "portlab/net/ip_address.h"

namespace portlab::import::internal {

// The comment lines (every line "# ...\n") and, when some entry is placed,
// the `nats:` section, for the snapshot `s`. `host` is the machine's host
// name, `host_addresses` the addresses the scenario's hosts own. Where the
// NAT cannot be made (an outside address a host owns, more than 256 of
// them, no inside network that fits) the entries are left as comments
// saying why.
std::string WriteConntrackNat(const Snapshot& s, const std::string& host,
                              const std::set<net::IpAddress>& host_addresses);

}  // namespace portlab::import::internal

#endif  // PORTLAB_IMPORT_INTERNAL_CONNTRACK_NAT_H_
