// A host's firewall as `nft list ruleset` prints it: its named sets with
// their live elements and time left, then the input and output chains,
// each rule with its counter, each chain with its policy. `portlab table`
// prints it under the host's socket table.
//
// Example output:
//   table inet server {
//   	set open {
//   		type ipv4_addr
//   		flags timeout
//   		elements = { 10.0.0.1 expires 28s }
//   	}
//
//   	chain input {
//   		type filter hook input priority filter; policy drop;
//   		tcp dport 22 ip saddr @open counter packets 1 bytes 40 accept
//   	}
//   	...
//   }
//
// Thread safety: pure function of its arguments.
#ifndef PORTLAB_REPORT_RULESET_WRITER_H_
#define PORTLAB_REPORT_RULESET_WRITER_H_

#include <ostream>
#include <string_view>

#include "portlab/base/time.h"
#include "portlab/net/address_pool.h"
#include "portlab/stack/firewall.h"

namespace portlab::report {

// `pool` resolves the sets' elements; `now` gives their time left.
void WriteRuleset(std::string_view host, const stack::Firewall& firewall, const net::AddressPool& pool,
                  SimTime now, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_RULESET_WRITER_H_
