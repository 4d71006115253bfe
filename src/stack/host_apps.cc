// The books a host's applications keep (stack/host_apps.h).
#include "portlab/stack/host_apps.h"

namespace portlab::stack {

uint16_t HostApps::Intern(const App& app) {
  for (size_t i = 0; i < apps_.size(); ++i) {
    if (apps_[i] == app) return static_cast<uint16_t>(i + 1);
  }
  if (apps_.size() >= kMaxApps) return 0;
  apps_.push_back(app);
  return static_cast<uint16_t>(apps_.size());
}

std::optional<int64_t> HostApps::NoteAnswer(uint32_t slot, net::AddrId from, uint16_t port) {
  Conversation& c = conversations_[slot];
  c.answered_from = from;
  c.answered_port = port;
  if (c.awaited.empty()) return std::nullopt;
  const int64_t sent = c.awaited.front();
  c.awaited.erase(c.awaited.begin());
  return sent;
}

std::optional<std::pair<net::AddrId, uint16_t>> HostApps::LastAnswerFrom(uint32_t slot) const {
  auto it = conversations_.find(slot);
  if (it == conversations_.end() || it->second.answered_port == 0) return std::nullopt;
  return std::make_pair(it->second.answered_from, it->second.answered_port);
}

bool HostApps::TakeAnswer(uint32_t slot, const App& app) {
  if (app.answers == 0) return true;
  uint32_t& given = answers_given_[slot];
  if (given >= app.answers) return false;
  ++given;
  return true;
}

void HostApps::Forget(uint32_t slot) {
  if (!close_after_.empty()) close_after_.erase(slot);
  if (!conversations_.empty()) conversations_.erase(slot);
  if (!answers_given_.empty()) answers_given_.erase(slot);
}

}  // namespace portlab::stack
