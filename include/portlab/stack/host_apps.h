// HostApps: what a host's applications keep beside its sockets — the apps
// its sockets run (stack/app.h), the requests its clients sent and await
// answers to, the answers its servers gave, and each listener's close_after
// — all by socket slot, so a Socket stays 64 bytes. The Host makes one on
// first use (most hosts run no app and await nothing) and drives it: it
// decides when a segment is a request or an answer (host_app.cc); this
// unit only keeps the books.
//
// Example:
//   HostApps apps;
//   uint16_t id = apps.Intern(App{.kind = AppKind::kEcho});   // 1
//   apps.NoteRequest(client_slot, /*sent_ns=*/1000);
//   std::optional<int64_t> sent = apps.NoteAnswer(client_slot, from, 80);  // 1000
//   apps.Forget(client_slot);   // the slot was freed
//
// Invariants:
//   - Intern() returns 1 + the index of an app equal to its argument,
//     adding it if new: each distinct app is kept once and its id never
//     changes; 0 only when kMaxApps apps are kept already.
//   - A socket's awaited requests are answered oldest first: NoteAnswer()
//     returns the send time of the oldest request NoteRequest() recorded
//     and not yet answered (nullopt when none is), and the sender it was
//     given is LastAnswerFrom()'s until the next answer.
//   - TakeAnswer() says yes to at most App::answers requests per socket
//     (any number when App::answers is 0).
//   - After Forget(slot) nothing is kept for the slot: a new socket in it
//     starts with no request, no answer given and no close_after.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_HOST_APPS_H_
#define PORTLAB_STACK_HOST_APPS_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/base/time.h"
#include "portlab/net/address_pool.h"
#include "portlab/stack/app.h"

namespace portlab::stack {

class HostApps {
 public:
  // Socket::app is a uint16_t: 0 for none, else 1 + an index here.
  static constexpr size_t kMaxApps = UINT16_MAX;

  // --- The apps sockets run. ---
  // 1 + the index of `app`, added if new; 0 when kMaxApps are kept.
  uint16_t Intern(const App& app);
  // REQUIRES: `id` was returned by Intern() and is not 0.
  const App& app(uint16_t id) const { return apps_[id - 1]; }

  // --- Requests awaiting answers (Host::Request). ---
  // Socket `slot` sent a request at `sent_ns`.
  void NoteRequest(uint32_t slot, int64_t sent_ns) { conversations_[slot].awaited.push_back(sent_ns); }
  // Data from (`from`, `port`) reached `slot`, which sent requests: the
  // sender is remembered, and the send time of the oldest request awaited
  // is returned (that request now answered); nullopt when none is awaited
  // (data, not an answer).
  std::optional<int64_t> NoteAnswer(uint32_t slot, net::AddrId from, uint16_t port);
  // The address and port the last answer to `slot` came from; nullopt
  // when none came yet.
  std::optional<std::pair<net::AddrId, uint16_t>> LastAnswerFrom(uint32_t slot) const;

  // --- Answers given (App::answers). ---
  // Whether socket `slot`, running `app`, answers one more request (and
  // counts it); false once App::answers are given.
  bool TakeAnswer(uint32_t slot, const App& app);

  // --- close_after (Host::SetCloseAfter). ---
  void SetCloseAfter(uint32_t listener, Duration d) { close_after_[listener] = d.nanos(); }
  // How long after ESTABLISHED a child of `listener` closes; nullopt when
  // it was not set.
  std::optional<Duration> CloseAfter(uint32_t listener) const {
    auto it = close_after_.find(listener);
    if (it == close_after_.end()) return std::nullopt;
    return Duration::Nanos(it->second);
  }

  // Slot `slot` was freed: drops whatever was kept for it.
  void Forget(uint32_t slot);

 private:
  // A socket that sent requests: when each awaited one was sent (ns),
  // oldest first, and who sent the last answer.
  struct Conversation {
    std::vector<int64_t> awaited;
    net::AddrId answered_from = 0;
    uint16_t answered_port = 0;  // 0: no answer yet
  };

  std::vector<App> apps_;
  absl::flat_hash_map<uint32_t, Conversation> conversations_;
  absl::flat_hash_map<uint32_t, uint32_t> answers_given_;  // by apps with App::answers
  absl::flat_hash_map<uint32_t, int64_t> close_after_;     // ns, by listener
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_HOST_APPS_H_
