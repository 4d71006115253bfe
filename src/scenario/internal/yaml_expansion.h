// What the loader does to a scenario's YAML tree between reading it and
// parsing it, so every expanded value still carries its own file position:
//
//   ExpandMergeKeys   YAML's merge key, `<<: *anchor` or `<<: [*a, *b]`
//                     (https://yaml.org/type/merge.html): the merged maps'
//                     keys join the map unless it has them; with a list, an
//                     earlier map wins over a later one. yaml-cpp 0.7 reads
//                     `<<` as a plain key, so the loader expands it here.
//   ApplyHostDefaults `defaults:` at the top level: every key it holds goes
//                     to each host that does not give it; a map-valued key
//                     (sysctl:) merges key by key, the host's own winning.
//
// Keys beginning `x-` (extension keys, as Docker Compose users write them)
// need nothing here: MapFields::Read ignores them in every map of fixed keys.
//
// The loader applies `--set` overrides first (they address the file as
// written), then merge keys, then defaults. Expanded entries share the
// nodes they come from, so an error about a merged or defaulted value names
// the line where it is written.
#ifndef PORTLAB_SCENARIO_INTERNAL_YAML_EXPANSION_H_
#define PORTLAB_SCENARIO_INTERNAL_YAML_EXPANSION_H_

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// InvalidArgument at the `<<` for a value that is not a map or a list of
// maps, or for nesting deeper than the loader follows (64 levels). Each
// map and list is expanded once, however many aliases name it.
absl::Status ExpandMergeKeys(const NodeReader& r, YAML::Node root);

// InvalidArgument at the key for a `defaults:` that is not a map, or that
// holds a key a host cannot default (address:, addresses:, quantity:) or
// does not know.
absl::Status ApplyHostDefaults(const NodeReader& r, YAML::Node root);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_YAML_EXPANSION_H_
