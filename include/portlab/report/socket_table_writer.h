// Socket tables as `ss -tuan -o` prints them: one row per socket with its
// protocol, state, local and peer endpoints (ports with their IANA service
// name, "443 (https)"), and the TIME-WAIT timer.
//
//   client  10.0.0.1
//   Netid  State      Local Address:Port      Peer Address:Port        Timer
//   tcp    ESTAB      10.0.0.1:40012          10.0.0.2:8080 (http-alt)
//   tcp    TIME-WAIT  10.0.0.1:40018          10.0.0.2:8080 (http-alt) timewait,58.2s
//   udp    UNCONN     0.0.0.0:53 (domain)     *:*
//
// Example:
//   WriteSocketTable(host.name(), host.addresses(), host.SocketTable(), std::cout);
#ifndef PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_
#define PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_

#include <ostream>
#include <string_view>
#include <vector>

#include "portlab/net/ip_address.h"
#include "portlab/stack/host.h"

namespace portlab::report {

// The state as ss names it ("ESTAB", "SYN-RECV", "UNCONN", ...).
std::string_view SsStateName(std::string_view rfc_state);

void WriteSocketTable(std::string_view host, const std::vector<net::IpAddress>& addresses,
                      const std::vector<stack::SocketRow>& rows, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_
