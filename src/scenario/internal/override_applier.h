// Applying one Override (scenario/overrides.h) to a parsed YAML tree.
#ifndef PORTLAB_SCENARIO_INTERNAL_OVERRIDE_APPLIER_H_
#define PORTLAB_SCENARIO_INTERNAL_OVERRIDE_APPLIER_H_

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "portlab/scenario/overrides.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// Sets the scalar at `o.path` under `root` to `o.value`. InvalidArgument
// "FILE:LINE:COLUMN: --set KEY: ..." at the deepest node that exists when
// the path leads nowhere (a missing key or index, a scalar with parts
// below it) or ends at a map or a list.
absl::Status ApplyOverride(const NodeReader& reader, YAML::Node root, const Override& o);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_OVERRIDE_APPLIER_H_
