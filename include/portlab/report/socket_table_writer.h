// A host's socket table as people read one: in the columns of `ss -tuan`
// or of `netstat -an` (net-tools, Linux), one row per socket, with the
// program that holds it and the IANA range of its local port.
//
// ss format (the default):
//   client  10.0.0.1
//   Netid  State      Local Address:Port  Peer Address:Port         Process  IANA range  Timer
//   tcp    ESTAB      10.0.0.1:40012      10.0.0.2:8080 (http-alt)  browser  registered
//   tcp    TIME-WAIT  10.0.0.1:40018      10.0.0.2:8080 (http-alt)  browser  registered  timewait,58.200s
//   udp    UNCONN     0.0.0.0:53 (domain) 0.0.0.0:*                 dns      well-known
//
// netstat format:
//   client  10.0.0.1
//   Active Internet connections (servers and established)
//   Proto Recv-Q Send-Q Local Address           Foreign Address         State       IANA range Process
//   tcp        -      - 10.0.0.1:40012          10.0.0.2:8080           ESTABLISHED registered browser
//
// Addresses print as each tool prints them: ss brackets IPv6 and writes an
// IPv6 wildcard "*" unless the socket is IPV6_V6ONLY ("[::]"), an
// unconnected socket's peer "0.0.0.0:*" / "[::]:*" / "*:*"; netstat writes
// "ADDR:PORT" unbracketed (an IPv4-mapped address as IPv4), "*" for port 0,
// and "tcp6"/"udp6" for AF_INET6 sockets, cutting an address that would pass 22 characters as netstat.c's
// addr_do_one does. The ss format names a port after its IANA service
// (net/service_names.h) only where it means that service: a local port some
// socket of the host listens on (a TCP listener, a UDP socket bound by
// bind()), and a connection's destination port (the peer of a socket that
// connected, not of one a listener accepted). The netstat format is
// numeric, as `netstat -an` is. Recv-Q and Send-Q: see socket_row.h.
//
// The ss format lists rows in ss's order (SortAsSs), prints a UDP peer of
// port 0 as ss does ("10.0.0.2:*"), and drops the State column when a
// filter keeps a single state, as ss does (misc/ss.c: the column is shown
// only when more than one state is selected).
//
// Example:
//   WriteSocketTable(host.name(), host.addresses(), TableRows(host, labels),
//                    TableFormat::kSs, std::cout);
#ifndef PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_
#define PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/net/ip_address.h"
#include "portlab/report/socket_row.h"

namespace portlab::report {

enum class TableFormat { kSs, kNetstat };
// "ss" or "netstat"; InvalidArgument otherwise.
absl::StatusOr<TableFormat> ParseTableFormat(std::string_view text);

// Orders `rows` as `ss -tuan` lists them (measured with iproute2 6.1 on
// Linux 6.18): UDP before TCP and, within each, IPv4 before IPv6 (ss asks
// inet_diag for each protocol and family in turn), a TCP listener (the
// listening hash) before the others (the established hash, TIME-WAIT
// included). Within a group the rows keep their order, by local then peer
// endpoint: the kernel's is its hash tables' (keyed by a per-boot secret
// for connections, by port plus a per-namespace mix for UDP), which no
// model can reproduce. Stable.
void SortAsSs(std::vector<TableRow>& rows);

// The local and peer columns as the format prints them.
std::string LocalText(const TableRow& row, TableFormat format);
std::string PeerText(const TableRow& row, TableFormat format);

// The host line (name and addresses), then `rows`, or `empty_note` when
// there are none. `state_column` false leaves the ss format's State column
// out (a filter that keeps one state); the netstat format always has it.
void WriteSocketTable(std::string_view host, const std::vector<net::IpAddress>& addresses,
                      const std::vector<TableRow>& rows, TableFormat format, std::ostream& out,
                      std::string_view empty_note = "(no sockets)", bool state_column = true);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SOCKET_TABLE_WRITER_H_
