#include "portlab/stack/app.h"

#include "absl/strings/str_cat.h"

namespace portlab::stack {

std::string_view AppKindName(AppKind k) {
  switch (k) {
    case AppKind::kDiscard: return "discard";
    case AppKind::kEcho: return "echo";
    case AppKind::kRespond: return "respond";
  }
  return "?";
}

std::optional<uint32_t> AnswerBytes(const App& app, uint32_t request_bytes) {
  switch (app.kind) {
    case AppKind::kDiscard: return std::nullopt;
    case AppKind::kEcho: return request_bytes;
    case AppKind::kRespond: return app.bytes;
  }
  return std::nullopt;
}

std::string AppDescription(const App& app) {
  std::string out(AppKindName(app.kind));
  if (app.kind == AppKind::kRespond) absl::StrAppend(&out, " ", app.bytes);
  if (app.from_new_port) absl::StrAppend(&out, ", from a new port");
  if (app.answers > 0) absl::StrAppend(&out, ", ", app.answers, " answers");
  if (app.close) absl::StrAppend(&out, ", then close");
  return out;
}

}  // namespace portlab::stack
