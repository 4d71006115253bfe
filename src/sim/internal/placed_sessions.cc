#include "sim/internal/placed_sessions.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::sim {

absl::Status PlaceNatSessions(const scenario::NatSpec& spec, nat::NatBox& box) {
  if (spec.sessions.empty()) return absl::OkStatus();
  std::vector<nat::PlacedSession> sessions;
  std::vector<size_t> entry_of;  // sessions[i] comes from spec.sessions[entry_of[i]]
  for (size_t i = 0; i < spec.sessions.size(); ++i) {
    const scenario::PresetNatSessionSpec& e = spec.sessions[i];
    for (const scenario::PresetSocketSpec::PortSpan& span : e.ports) {
      for (uint32_t port = span.lo; port <= span.hi; ++port) {
        const uint16_t p = static_cast<uint16_t>(port);
        sessions.push_back({e.protocol, e.state, net::Endpoint{e.inside, net::Port(p)},
                            net::Endpoint{e.outside, net::Port(e.outside_port ? e.outside_port : p)}, e.remote,
                            e.timer});
        entry_of.push_back(i);
      }
    }
  }
  size_t failed = 0;
  if (absl::Status s = box.PlaceSessions(sessions, SimTime(), &failed); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(spec.sessions[entry_of[failed]].location.ToString(),
                                                   ": sessions: ", AV(SV(s.message()))));
  }
  return absl::OkStatus();
}

}  // namespace portlab::sim
