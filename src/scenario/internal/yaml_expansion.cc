#include "scenario/internal/yaml_expansion.h"

#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kMergeKey = "<<";
// Deeper than any scenario nests: a bound on the recursion whatever the
// file (a cycle, an alias inside its own anchor, is cut by `visited`).
constexpr int kMaxDepth = 64;

constexpr absl::string_view kDefaultableKeys[] = {"os", "sysctl", "firewall", "firewall_policy",
                                                  "default_route"};

bool HasKey(const YAML::Node& map, const YAML::Node& key) {
  if (!key.IsScalar()) return false;
  for (YAML::const_iterator it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key.Scalar()) return true;
  }
  return false;
}

// Adds `from`'s entries that `to` lacks; with `deep`, a map-valued entry
// both have merges key by key (one level: sysctl:).
void MergeMissing(YAML::Node to, const YAML::Node& from, bool deep) {
  for (YAML::const_iterator it = from.begin(); it != from.end(); ++it) {
    if (!HasKey(to, it->first)) {
      to.force_insert(it->first, it->second);
      continue;
    }
    if (!deep || !it->second.IsMap()) continue;
    for (YAML::iterator own = to.begin(); own != to.end(); ++own) {
      if (own->first.Scalar() == it->first.Scalar() && own->second.IsMap()) {
        MergeMissing(own->second, it->second, /*deep=*/false);
      }
    }
  }
}

// Aliases share nodes, so a tree of aliases can name 4^25 nodes in 25
// lines: each map and list is expanded once, known by where it is written
// (an alias has its anchor's position).
using Visited = absl::flat_hash_set<int>;

absl::Status Expand(const NodeReader& r, YAML::Node node, int depth, Visited& visited) {
  if ((node.IsMap() || node.IsSequence()) && node.Mark().pos >= 0 && !visited.insert(node.Mark().pos).second) {
    return absl::OkStatus();
  }
  if (depth > kMaxDepth) {
    return r.ErrorAt(node, absl::StrCat("the YAML nests more than ", kMaxDepth, " levels here"));
  }
  if (node.IsSequence()) {
    for (YAML::Node item : node) SCENARIO_RETURN_IF_ERROR(Expand(r, item, depth + 1, visited));
    return absl::OkStatus();
  }
  if (!node.IsMap()) return absl::OkStatus();
  // (A default-constructed YAML::Node is a defined null, hence the flag.)
  bool merges = false;
  YAML::Node merge_key;
  YAML::Node merged;
  for (YAML::iterator it = node.begin(); it != node.end(); ++it) {
    SCENARIO_RETURN_IF_ERROR(Expand(r, it->second, depth + 1, visited));
    if (!merges && it->first.IsScalar() && it->first.Scalar() == kMergeKey) {
      merges = true;
      merge_key = it->first;
      merged = it->second;
    }
  }
  if (!merges) return absl::OkStatus();
  if (!merged.IsMap() && !merged.IsSequence()) {
    return r.ErrorAt(merge_key, absl::StrCat("<<: merges a map or a list of maps, found ",
                                             Describe(merged)));
  }
  if (merged.IsSequence()) {
    for (const YAML::Node& m : merged) {
      if (!m.IsMap()) {
        return r.ErrorAt(m, absl::StrCat("<<: merges a list of maps; this item is ", Describe(m)));
      }
    }
  }
  node.remove(merge_key);
  if (merged.IsMap()) {
    MergeMissing(node, merged, /*deep=*/false);
  } else {
    for (const YAML::Node& m : merged) MergeMissing(node, m, /*deep=*/false);  // earlier wins
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ExpandMergeKeys(const NodeReader& r, YAML::Node root) {
  Visited visited;
  return Expand(r, root, 0, visited);
}

absl::Status ApplyHostDefaults(const NodeReader& r, YAML::Node root) {
  if (!root.IsMap()) return absl::OkStatus();
  std::optional<YAML::Node> defaults;
  std::optional<YAML::Node> hosts;
  for (YAML::const_iterator it = root.begin(); it != root.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    if (it->first.Scalar() == "defaults") defaults = it->second;
    if (it->first.Scalar() == "hosts") hosts = it->second;
  }
  if (!defaults) return absl::OkStatus();
  // Checks the shape and the keys (with a suggestion for a misspelt one).
  SCENARIO_RETURN_IF_ERROR(MapFields::Read(r, *defaults, "defaults", kDefaultableKeys).status());
  if (!hosts || !hosts->IsMap()) return absl::OkStatus();  // the host parser says why
  for (YAML::iterator it = hosts->begin(); it != hosts->end(); ++it) {
    if (it->second.IsMap()) MergeMissing(it->second, *defaults, /*deep=*/true);
  }
  return absl::OkStatus();
}

}  // namespace portlab::scenario::internal
