#include "portlab/scenario/overrides.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/limits.h"
#include "portlab/base/strings.h"

namespace portlab::scenario {

absl::StatusOr<std::vector<std::string>> SplitKeyPath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("key \"", AV(path), "\": ", AV(why)));
  };
  std::vector<std::string> parts;
  size_t i = 0;
  while (true) {
    std::string part;
    if (i < path.size() && path[i] == '"') {
      size_t close = path.find('"', i + 1);
      if (close == std::string_view::npos) return bad("a quote is not closed");
      part = std::string(path.substr(i + 1, close - i - 1));
      i = close + 1;
      if (i < path.size() && path[i] != '.') return bad("a quoted part must be followed by '.' or end the key");
    } else {
      size_t dot = path.find('.', i);
      if (dot == std::string_view::npos) dot = path.size();
      part = std::string(path.substr(i, dot - i));
      i = dot;
    }
    if (part.empty()) return bad("empty part (two dots, or a dot at an end)");
    parts.push_back(std::move(part));
    if (i >= path.size()) break;
    ++i;  // the dot
    if (i == path.size()) return bad("empty part (two dots, or a dot at an end)");
  }
  return parts;
}

absl::StatusOr<Override> ParseOverride(std::string_view text) {
  if (text.size() > limits::kMaxSetBytes) {
    return absl::InvalidArgumentError(absl::StrCat("\"", AV(text.substr(0, 40)), "...\": ", text.size(),
                                                   " bytes; a KEY=VALUE is limited to ", limits::kMaxSetBytes));
  }
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", AV(text), "\": expected KEY=VALUE, e.g. hosts.client.sysctl.tcp_tw_reuse=1"));
  }
  if (eq == 0) return absl::InvalidArgumentError(absl::StrCat("\"", AV(text), "\": the KEY is empty"));
  return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace portlab::scenario
