// IANA service names for well-known ports, so tables can print "443 (https)".
//
// The names are the first registered service name per (port, protocol) in
// IANA's Service Name and Transport Protocol Port Number Registry (RFC 6335),
// compiled into the library from data/service-names.tsv; nothing is read at
// run time. Regenerate both with tools/gen-service-names.
//
// Example:
//   ServiceName(Port(53), Protocol::kUdp);         // "domain"
//   PortWithService(Port(443), Protocol::kTcp);    // "443 (https)"
//   PortWithService(Port(50000), Protocol::kTcp);  // "50000"
//
// Thread safety: both functions read only constant data; safe from any thread.
#ifndef PORTLAB_NET_SERVICE_NAMES_H_
#define PORTLAB_NET_SERVICE_NAMES_H_

#include <string>
#include <string_view>

#include "portlab/net/port.h"

namespace portlab::net {

// The registered service name for port/protocol, or "" when the registry has
// none (unassigned, reserved, or in the dynamic range). The view refers to
// static storage and never dangles.
std::string_view ServiceName(Port port, Protocol protocol);

// "PORT (NAME)" when ServiceName is non-empty, else "PORT".
std::string PortWithService(Port port, Protocol protocol);

}  // namespace portlab::net

#endif  // PORTLAB_NET_SERVICE_NAMES_H_
