#include "import/internal/port_runs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace portlab::import::internal {

std::string PortRuns(std::vector<uint16_t> ports) {
  std::sort(ports.begin(), ports.end());
  std::string out;
  for (size_t i = 0; i < ports.size();) {
    size_t j = i;
    while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += ports[i] == ports[j] ? absl::StrCat(ports[i]) : absl::StrCat(ports[i], "-", ports[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace portlab::import::internal
