#include "portlab/base/suggest.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace portlab {

size_t EditDistance(std::string_view a, std::string_view b) {
  // The optimal string alignment distance (Damerau's transposition added
  // to Levenshtein's table, Wagner–Fischer style), three rows kept.
  auto same = [&](size_t i, size_t j) {
    return absl::ascii_tolower(static_cast<unsigned char>(a[i])) ==
           absl::ascii_tolower(static_cast<unsigned char>(b[j]));
  };
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same(i - 1, j - 1) ? 0 : 1)});
      if (i > 1 && j > 1 && same(i - 1, j - 2) && same(i - 2, j - 1)) {
        row[j] = std::min(row[j], before[j - 2] + 1);  // two neighbours swapped
      }
    }
    before.swap(previous);
    previous.swap(row);
  }
  return previous[b.size()];
}

std::string_view Nearest(std::string_view name, absl::Span<const std::string_view> candidates) {
  // Names longer than any candidate by far are not slips; this also bounds
  // the work on a hostile key.
  constexpr size_t kLongest = 64;
  if (name.size() > kLongest) return {};
  std::string_view best;
  size_t best_distance = 0;
  for (std::string_view c : candidates) {
    const size_t longer = std::max(name.size(), c.size());
    const size_t allowed = longer <= 4 ? 1 : longer / 3;
    if (c == name) continue;
    const size_t d = EditDistance(name, c);  // 0: the case differs
    // Rewriting as much as the shorter name holds is another word ("b", "a").
    if (d > allowed || d >= std::min(name.size(), c.size())) continue;
    if (best.empty() || d < best_distance) {  // the first of equals stays
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view name, absl::Span<const std::string_view> candidates) {
  const std::string_view nearest = Nearest(name, candidates);
  if (nearest.empty()) return "";
  return absl::StrCat(" (did you mean \"", absl::string_view(nearest.data(), nearest.size()), "\"?)");
}

}  // namespace portlab
