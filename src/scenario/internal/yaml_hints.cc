#include "scenario/internal/yaml_hints.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace portlab::scenario::internal {
namespace {

// Leading spaces and tabs of `line`.
std::string_view Indentation(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return line.substr(0, i);
}

bool Blank(std::string_view line) {
  const std::string_view rest = line.substr(Indentation(line).size());
  return rest.empty() || rest.front() == '#' || rest.front() == '\r';
}

// A block mapping key line: "name:" or "name: value", not a list item.
bool IsKeyLine(std::string_view line) {
  std::string_view rest = line.substr(Indentation(line).size());
  if (rest.empty() || rest.front() == '-' || rest.front() == '#' || rest.front() == '{' || rest.front() == '[') {
    return false;
  }
  const size_t colon = rest.find(':');
  return colon != std::string_view::npos && colon > 0 &&
         (colon + 1 == rest.size() || rest[colon + 1] == ' ' || rest[colon + 1] == '\r');
}

bool OpensBlock(std::string_view line) {
  std::string_view rest = line.substr(Indentation(line).size());
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
  return !rest.empty() && (rest.back() == ':' || rest == "-");
}

}  // namespace

bool HasColonWithoutSpace(std::string_view key) {
  for (size_t i = 0; i + 1 < key.size(); ++i) {
    if (key[i] == ':' && (key[i + 1] == '{' || key[i + 1] == '[')) return true;
  }
  return false;
}

std::optional<YamlHint> FindYamlHint(std::string_view text, int line) {
  std::vector<std::string_view> lines;
  for (size_t from = 0;;) {
    const size_t end = text.find('\n', from);
    lines.push_back(text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
    if (end == std::string_view::npos) break;
    from = end + 1;
  }
  if (line < 0 || static_cast<size_t>(line) >= lines.size()) return std::nullopt;
  // A tab in the indentation of the failing line or any line above it.
  for (int l = 0; l <= line; ++l) {
    const std::string_view indent = Indentation(lines[l]);
    const size_t tab = indent.find('\t');
    if (tab != std::string_view::npos && !Blank(lines[l])) {
      return YamlHint{l, static_cast<int>(tab),
                      "a tab in the indentation: YAML indents with spaces only"};
    }
  }
  // A key whose indentation differs from the key line before it, when that
  // line does not open a block (then the deeper indent would be its value).
  for (int l = line; l >= 1 && l >= line - 1; --l) {
    if (Blank(lines[l]) || !IsKeyLine(lines[l])) continue;
    int prev = l - 1;
    while (prev >= 0 && Blank(lines[prev])) --prev;
    if (prev < 0 || OpensBlock(lines[prev])) continue;
    const size_t here = Indentation(lines[l]).size(), before = Indentation(lines[prev]).size();
    if (here != before && (IsKeyLine(lines[prev]) || here > before)) {
      return YamlHint{l, static_cast<int>(here),
                      absl::StrCat("this key is indented ", here, here == 1 ? " space" : " spaces", " where line ",
                                   prev + 1, " has ", before, ": the keys of one map start in the same column")};
    }
  }
  // "key:value" or "key:{...}" on the failing line.
  const std::string_view failing = lines[line];
  const size_t start = Indentation(failing).size();
  for (size_t i = start; i + 1 < failing.size(); ++i) {
    if (failing[i] == ' ' || failing[i] == '"' || failing[i] == '\'') break;
    if (failing[i] == ':' && failing[i + 1] != ' ' && failing[i + 1] != '\r') {
      return YamlHint{line, static_cast<int>(i),
                      "a ':' with no space after it: YAML reads what surrounds it as one word; "
                      "write \"key: value\""};
    }
  }
  return std::nullopt;
}

}  // namespace portlab::scenario::internal
