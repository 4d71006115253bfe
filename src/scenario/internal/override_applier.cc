#include "scenario/internal/override_applier.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::scenario::internal {
namespace {

// At most this many keys are listed in a "no such key" message.
constexpr size_t kMaxListedKeys = 12;

std::string KeysOf(const YAML::Node& map) {
  std::string keys;
  size_t n = 0;
  for (const auto& kv : map) {
    if (n++ == kMaxListedKeys) {
      absl::StrAppend(&keys, ", ...");
      break;
    }
    absl::StrAppend(&keys, keys.empty() ? "" : ", ", kv.first.IsScalar() ? kv.first.Scalar() : "?");
  }
  return keys.empty() ? "no keys" : absl::StrCat("keys: ", keys);
}

// The value under `key` of a map, if it has one.
std::optional<YAML::Node> Child(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  }
  return std::nullopt;
}

}  // namespace

absl::Status ApplyOverride(const NodeReader& reader, YAML::Node root, const Override& o) {
  absl::StatusOr<std::vector<std::string>> parts = SplitKeyPath(o.path);
  if (!parts.ok()) return reader.ErrorAt(root, absl::StrCat("--set ", parts.status().message()));
  auto fail = [&](const YAML::Node& at, std::string_view why) {
    return reader.ErrorAt(at, absl::StrCat("--set ", AV(o.path), ": ", AV(why)));
  };
  YAML::Node node = root;
  std::string walked;  // the path so far, for messages
  for (size_t i = 0; i < parts->size(); ++i) {
    const std::string& part = (*parts)[i];
    const bool last = i + 1 == parts->size();
    const std::string here = walked.empty() ? std::string("the scenario") : walked;
    if (node.IsSequence()) {
      size_t index = 0;
      if (!absl::SimpleAtoi(AV(part), &index) || index >= node.size()) {
        return fail(node, absl::StrCat(here, " is a list of ", node.size(),
                                       " entries (indexes 0 to ", node.size() == 0 ? 0 : node.size() - 1,
                                       "); \"", part, "\" is not one of them"));
      }
      // reset(), not operator=: assigning one yaml-cpp Node to another
      // rewrites the tree.
      node.reset(node[index]);
    } else if (node.IsMap()) {
      std::optional<YAML::Node> child = Child(node, part);
      if (!child) {
        if (!last) return fail(node, absl::StrCat(here, " has no key \"", part, "\" (", KeysOf(node), ")"));
        node[part] = o.value;  // a key left at its default; the loader checks it
        return absl::OkStatus();
      }
      node.reset(*child);
    } else {
      return fail(node, absl::StrCat(here, " is ", Describe(node), ", which has no part \"", part, "\""));
    }
    walked = walked.empty() ? part : absl::StrCat(walked, ".", part);
  }
  if (node.IsMap() || node.IsSequence()) {
    return fail(node, absl::StrCat(walked, " is ", Describe(node), "; --set replaces single values only"));
  }
  node = o.value;
  return absl::OkStatus();
}

}  // namespace portlab::scenario::internal
