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

// An `app:` (scenario data) as the host runs it.
inline stack::App ToApp(const scenario::AppSpec& spec) {
  stack::App app;
  app.kind = spec.kind == scenario::AppSpec::Kind::kEcho      ? stack::AppKind::kEcho
             : spec.kind == scenario::AppSpec::Kind::kRespond ? stack::AppKind::kRespond
                                                               : stack::AppKind::kDiscard;
  app.bytes = static_cast<uint32_t>(spec.bytes);
  app.close = spec.close;
  app.from_new_port = spec.from_new_port;
  app.answers = static_cast<uint32_t>(spec.answers);
  return app;
}

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_SOCKET_OPTIONS_H_
