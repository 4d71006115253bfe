#include "scenario/internal/diagnostics.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kConsequenceMessage = "a consequence of an earlier error";

// LINE and COLUMN of "FILE:LINE:COLUMN: ..." where FILE is `file`; 0, 0
// when the message has no position.
std::pair<int, int> DiagnosticPosition(absl::string_view message, absl::string_view file) {
  if (!absl::ConsumePrefix(&message, file) || !absl::ConsumePrefix(&message, ":")) return {0, 0};
  std::vector<absl::string_view> parts = absl::StrSplit(message, absl::MaxSplits(':', 2));
  int line = 0;
  int column = 0;
  if (parts.size() < 3 || !absl::SimpleAtoi(parts[0], &line) || !absl::SimpleAtoi(parts[1], &column)) {
    return {0, 0};
  }
  return {line, column};
}

bool DiagnosticEarlier(const auto& a, const auto& b) {
  if (a.line != b.line) return a.line < b.line;
  if (a.column != b.column) return a.column < b.column;
  return a.order < b.order;
}

}  // namespace

absl::Status Consequence() { return absl::CancelledError(kConsequenceMessage); }

bool IsConsequence(const absl::Status& status) {
  return status.code() == absl::StatusCode::kCancelled && status.message() == kConsequenceMessage;
}

void Diagnostics::Add(const absl::Status& error) {
  if (error.ok() || IsConsequence(error)) return;
  const auto [line, column] = DiagnosticPosition(error.message(), file_);
  kept_.push_back({line, column, count_, std::string(error.message())});
  ++count_;
  if (kept_.size() >= 2 * kMaxShown) Trim();
}

void Diagnostics::Trim() {
  std::sort(kept_.begin(), kept_.end(), [](const Message& a, const Message& b) { return DiagnosticEarlier(a, b); });
  if (kept_.size() > kMaxShown) kept_.resize(kMaxShown);
}

absl::Status Diagnostics::ToStatus() const {
  if (ok()) return absl::OkStatus();
  std::vector<Message> shown = kept_;
  std::sort(shown.begin(), shown.end(), [](const Message& a, const Message& b) { return DiagnosticEarlier(a, b); });
  if (shown.size() > kMaxShown) shown.resize(kMaxShown);
  std::string text;
  for (const Message& m : shown) absl::StrAppend(&text, text.empty() ? "" : "\n", m.text);
  if (count_ > shown.size()) {
    const size_t more = count_ - shown.size();
    absl::StrAppend(&text, "\n", file_, ": and ", full() ? "at least " : "", more, " more error",
                    more == 1 ? "" : "s", " (only the first ", shown.size(), " are shown",
                    full() ? absl::StrCat("; the check stops at ", kMaxCounted) : "", ")");
  }
  return absl::InvalidArgumentError(text);
}

void Diagnostics::Excuse(Defined kind, absl::string_view name) {
  excused_[static_cast<size_t>(kind)].insert(std::string(name));
}

void Diagnostics::ExcusePrefix(Defined kind, absl::string_view prefix) {
  excused_prefixes_[static_cast<size_t>(kind)].emplace_back(prefix);
}

void Diagnostics::ExcuseAll(Defined kind) { all_excused_[static_cast<size_t>(kind)] = true; }

bool Diagnostics::Excused(Defined kind, absl::string_view name) const {
  const size_t k = static_cast<size_t>(kind);
  if (all_excused_[k] || excused_[k].contains(name)) return true;
  for (const std::string& prefix : excused_prefixes_[k]) {
    if (absl::StartsWith(name, prefix)) return true;
  }
  return false;
}

}  // namespace portlab::scenario::internal
