// The NAT table as a textbook prints it: one row per session with the
// inside endpoint, the outside endpoint it is mapped to, the remote, the
// protocol, the state the NAT has seen and the time left on its idle timer.
//
//   NAT home  outside 203.0.113.1  inside 192.168.1.0/24  (rfc-recommended)
//   Proto  Inside               Outside              Remote                State        Left
//   tcp    192.168.1.100:52341  203.0.113.1:52341    93.184.216.34:80      ESTABLISHED  2h03m59s
//   tcp    192.168.1.10:443     203.0.113.1:443      *                     STATIC       -
//
// Example:
//   WriteNatTable(nat.spec(), nat.Table(now), std::cout);
#ifndef PORTLAB_REPORT_NAT_TABLE_WRITER_H_
#define PORTLAB_REPORT_NAT_TABLE_WRITER_H_

#include <ostream>
#include <vector>

#include "portlab/nat/nat_box.h"

namespace portlab::report {

void WriteNatTable(const nat::NatBoxSpec& spec, const std::vector<nat::NatTableRow>& rows, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_NAT_TABLE_WRITER_H_
