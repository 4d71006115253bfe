// The socket options a step or workload names (scenario data), as the
// host's setsockopt() takes them.
#ifndef PORTLAB_SIM_INTERNAL_SOCKET_OPTIONS_H_
#define PORTLAB_SIM_INTERNAL_SOCKET_OPTIONS_H_

#include <cstdint>

#include "portlab/scenario/scenario.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

inline stack::SocketOptionSet ToOptionSet(const scenario::SocketOptions& options, uint32_t uid) {
  stack::SocketOptionSet o;
  o.reuseaddr = options.reuseaddr;
  o.reuseport = options.reuseport;
  o.bind_address_no_port = options.bind_address_no_port;
  o.v6only = options.v6only;
  o.randomport = options.randomport;
  o.exclusiveaddruse = options.exclusiveaddruse;
  o.broadcast = options.broadcast;
  o.local_port_range = options.local_port_range;
  o.uid = uid;
  return o;
}

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_SOCKET_OPTIONS_H_
