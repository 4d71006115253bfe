// Plain words for the YAML mistakes people make, where yaml-cpp's message
// names a symptom ("illegal map value", "end of map not found") at a place
// that is often a line late. Given the text and where the parser gave up,
// YamlHint finds the likelier cause on that line or above it:
//   - a tab in a line's indentation (YAML indents with spaces only), at the
//     tab;
//   - a key indented differently from the key before it in the same map
//     ("line 4 is indented 3 spaces where line 3 has 2"), at the key;
//   - a ':' with no space after it, which makes "c:{address" one word.
// Lines are 0-based as in YAML::Mark; the hint's line and column likewise.
#ifndef PORTLAB_SCENARIO_INTERNAL_YAML_HINTS_H_
#define PORTLAB_SCENARIO_INTERNAL_YAML_HINTS_H_

#include <optional>
#include <string>
#include <string_view>

namespace portlab::scenario::internal {

struct YamlHint {
  int line = 0;    // 0-based
  int column = 0;  // 0-based
  std::string message;
};

// The likelier cause of a parse error on `line` of `text`, or
// nullopt when none of the above is there.
std::optional<YamlHint> FindYamlHint(std::string_view text, int line);

// "c:{address" or "hosts:[": a ':' directly before '{' or '[' in a map key,
// where a space was meant; YAML reads the whole as one plain word. (Other
// colons are left alone: an IPv6 address has them.)
bool HasColonWithoutSpace(std::string_view key);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_YAML_HINTS_H_
