#include "portlab/report/event_selection.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace portlab::report {
namespace {

bool IsSetEndpoint(const net::Endpoint& e) { return !e.port.is_zero() || !e.address.IsUnspecified(); }

std::string_view FirstWord(std::string_view s) { return s.substr(0, s.find(' ')); }

// "1234567" -> "1,234,567".
std::string Thousands(int64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

bool IsFailure(const trace::TraceEvent& e) {
  switch (e.kind) {
    case trace::TraceKind::kCall:
      return !e.result.empty() && e.result != "ok" && e.result != "in progress";
    case trace::TraceKind::kCallCompleted:
      return e.result != "ok";
    case trace::TraceKind::kSegmentReceived:
      return e.result == "none" || e.result.starts_with("filtered") || e.result.starts_with("rejected");
    case trace::TraceKind::kSegmentDropped:
    case trace::TraceKind::kNatDropped:
      return true;
    default:
      return false;
  }
}

void EventSelection::OnEvent(const trace::TraceEvent& e) {
  const int64_t index = seen_++;
  const bool matches = filter_ == nullptr || filter_->Matches(e);
  if (matches && Keep(e) && events_.size() < static_cast<size_t>(limits_.events)) {
    events_.emplace_back(index + 1, e);
    return;
  }
  ++left_out_.events;
  if (e.kind == trace::TraceKind::kSegmentSent) ++left_out_.segments;
  if (e.kind == trace::TraceKind::kCall) ++left_out_.calls;
  if (!matches) {
    ++left_out_.filtered;
  } else if (IsFailure(e)) {
    ++left_out_.failures;
  }
}

bool EventSelection::Keep(const trace::TraceEvent& e) {
  using trace::TraceKind;
  if (e.kind == TraceKind::kNatMappingCreated || e.kind == TraceKind::kNatMappingExpired) {
    return endpoints_.contains({e.flow.protocol, e.flow.local});
  }
  // The first failure of its kind is drawn whatever else is.
  bool new_failure = false;
  if (IsFailure(e) && failure_kinds_.size() < static_cast<size_t>(limits_.failure_kinds)) {
    const bool call = e.kind == TraceKind::kCall || e.kind == TraceKind::kCallCompleted;
    std::string kind = std::to_string(static_cast<int>(e.kind));
    for (std::string_view part : {e.host, call ? e.what : FirstWord(e.what), FirstWord(e.result)}) {
      kind += '|';
      kind += part;
    }
    new_failure = failure_kinds_.insert(std::move(kind)).second;
  }
  // A conversation has a peer and both ports: a call that failed before
  // it had a port (EADDRNOTAVAIL) is drawn as its failure kind's first.
  const bool conversation = IsSetEndpoint(e.flow.remote) && !e.flow.local.port.is_zero() &&
                            !e.flow.remote.port.is_zero() && e.kind != TraceKind::kNatProbe;
  if (!conversation) {
    if (new_failure) return true;
    if (IsFailure(e) || setup_kept_ >= limits_.setup_events) return false;
    ++setup_kept_;
    return true;
  }
  auto key_of = [](const net::FlowKey& f) {
    return f.local < f.remote ? ConversationKey{f.protocol, f.local, f.remote}
                              : ConversationKey{f.protocol, f.remote, f.local};
  };
  const ConversationKey key = key_of(e.flow);
  if (e.kind == TraceKind::kNatTranslated) {
    // Both sides of the box are one conversation.
    const ConversationKey other = key_of(e.translated);
    const bool mine = conversations_.contains(key), theirs = conversations_.contains(other);
    if (mine && !theirs) Adopt(other);
    if (theirs && !mine) Adopt(key);
    if (mine || theirs) return Take(key);
  }
  if (conversations_.contains(key)) return Take(key) || new_failure;
  if (new_failure) {
    Adopt(key);  // the rest of its conversation follows
    Take(key);
    return true;
  }
  // A conversation is chosen where it starts: a call or a segment sent.
  // An arrival follows the choice made at its sender.
  const bool origin = e.kind == TraceKind::kCall || e.kind == TraceKind::kSegmentSent;
  return origin && Choose(key) && Take(key);
}

bool EventSelection::Choose(const ConversationKey& key) {
  if (conversations_.size() >= static_cast<size_t>(limits_.conversations)) return false;
  const auto& [protocol, a, b] = key;
  const KindKey kind{protocol, std::min(a.address, b.address), std::max(a.address, b.address),
                     std::min(a.port.value(), b.port.value())};
  auto it = kinds_.find(kind);
  if (it != kinds_.end() && it->second >= limits_.per_kind) return false;
  Adopt(key);
  return true;
}

void EventSelection::Adopt(const ConversationKey& key) {
  const auto& [protocol, a, b] = key;
  if (!conversations_.emplace(key, 0).second) return;
  ++kinds_[KindKey{protocol, std::min(a.address, b.address), std::max(a.address, b.address),
                   std::min(a.port.value(), b.port.value())}];
  endpoints_.insert({protocol, a});
  endpoints_.insert({protocol, b});
}

bool EventSelection::Take(const ConversationKey& key) {
  int& taken = conversations_[key];
  if (taken >= limits_.per_conversation) return false;
  ++taken;
  return true;
}

std::string EventSelection::Note() const {
  if (left_out_.events == 0) return "";
  std::string note = absl::StrFormat(
      "Drawn: %s of the run's %s events: the first %d conversations of each kind (protocol, the two "
      "addresses, the service port; %d conversations at most, %d events of each), the first event of "
      "each kind of failure, and the first %d events without a peer (bind, listen). Left out: %s",
      Thousands(static_cast<int64_t>(events_.size())), Thousands(seen_), limits_.per_kind,
      limits_.conversations, limits_.per_conversation, limits_.setup_events,
      absl::StrCat(Thousands(left_out_.events), left_out_.events == 1 ? " event" : " events"));
  std::vector<std::string> parts;
  if (left_out_.segments > 0) parts.push_back(absl::StrCat(Thousands(left_out_.segments), " segments sent"));
  if (left_out_.calls > 0) parts.push_back(absl::StrCat(Thousands(left_out_.calls), " socket calls"));
  if (left_out_.failures > 0) {
    parts.push_back(absl::StrCat(Thousands(left_out_.failures), " failures of a kind already drawn"));
  }
  if (left_out_.filtered > 0) {
    parts.push_back(absl::StrCat(Thousands(left_out_.filtered), " not matching --report-filter"));
  }
  for (size_t i = 0; i < parts.size(); ++i) absl::StrAppend(&note, i == 0 ? " (" : ", ", parts[i]);
  if (!parts.empty()) note += ")";
  note += ".";
  return note;
}

}  // namespace portlab::report
