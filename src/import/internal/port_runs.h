// PortRuns: ports written as the `ports:` keys of `sockets:` and
// `sessions:` take them, runs joined: {40000, 40001, 40002, 40101} ->
// "40000-40002,40101". Pure.
#ifndef PORTLAB_IMPORT_INTERNAL_PORT_RUNS_H_
#define PORTLAB_IMPORT_INTERNAL_PORT_RUNS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace portlab::import::internal {

// `ports` in any order, each once.
std::string PortRuns(std::vector<uint16_t> ports);

}  // namespace portlab::import::internal

#endif  // PORTLAB_IMPORT_INTERNAL_PORT_RUNS_H_
