#include "report/internal/segment_journeys.h"

#include <deque>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"

namespace portlab::report::internal {
namespace {

struct Travel {
  net::Endpoint src, dst;
};

// The segment's tuple in its direction of travel, as the event names it.
Travel TravelOf(const trace::TraceEvent& e) {
  switch (e.kind) {
    case trace::TraceKind::kSegmentReceived: return {e.flow.remote, e.flow.local};
    case trace::TraceKind::kFirewallAccepted:
      return e.state == "input" ? Travel{e.flow.remote, e.flow.local} : Travel{e.flow.local, e.flow.remote};
    default: return {e.flow.local, e.flow.remote};
  }
}

std::string KeyOf(const trace::TraceEvent& e, const Travel& t) {
  if (e.what.substr(0, 4) == "ICMP") return absl::StrCat("icmp|", AV(e.what), "|", t.dst.address.ToString());
  return absl::StrCat(AV(net::ProtocolName(e.flow.protocol)), "|", AV(e.what), "|", t.src.ToString(), "|",
                      t.dst.ToString());
}

}  // namespace

Journeys FollowSegments(const EventLog& log) {
  Journeys j;
  j.journey_of.assign(log.events().size(), -1);
  std::map<std::string, std::deque<int32_t>> flying;  // oldest first
  std::vector<bool> broadcast;
  int32_t last_arrived = -1;  // the journey of the last demux, for a second lookup
  auto start = [&](int64_t n) {
    j.events.push_back({n});
    broadcast.push_back(false);
    j.journey_of[n - 1] = static_cast<int32_t>(j.events.size() - 1);
    return static_cast<int32_t>(j.events.size() - 1);
  };
  auto attach = [&](int32_t id, int64_t n) {
    j.events[id].push_back(n);
    j.journey_of[n - 1] = id;
  };
  auto take = [&](const std::string& key, bool newest) -> int32_t {
    auto it = flying.find(key);
    if (it == flying.end() || it->second.empty()) return -1;
    int32_t id = newest ? it->second.back() : it->second.front();
    if (broadcast[id]) return id;  // every host of the link receives it
    if (newest) it->second.pop_back();
    else it->second.pop_front();
    return id;
  };
  auto peek = [&](const std::string& key, bool newest) -> int32_t {
    auto it = flying.find(key);
    if (it == flying.end() || it->second.empty()) return -1;
    return newest ? it->second.back() : it->second.front();
  };

  int64_t n = 0;  // the position in the log (its number in a log of the whole run)
  for (const LoggedEvent& le : log.events()) {
    const trace::TraceEvent& e = le.View();
    ++n;
    const Travel t = TravelOf(e);
    switch (e.kind) {
      case trace::TraceKind::kSegmentSent: {
        const std::string key = KeyOf(e, t);
        const int32_t id = start(n);
        std::deque<int32_t>& q = flying[key];
        if (e.result == trace::kBroadcast) {
          broadcast[id] = true;
          std::erase_if(q, [&](int32_t old) { return broadcast[old]; });  // a newer frame replaces it
        }
        q.push_back(id);
        break;
      }
      case trace::TraceKind::kFirewallAccepted: {
        // Output: the segment just sent; input: the oldest one arriving.
        const int32_t id = peek(KeyOf(e, t), /*newest=*/e.state != "input");
        if (id >= 0) attach(id, n);
        else start(n);
        break;
      }
      case trace::TraceKind::kSegmentDropped: {
        // A host's output chain drops what it has just sent.
        const int32_t id = take(KeyOf(e, t), /*newest=*/true);
        if (id >= 0) attach(id, n);
        else start(n);
        break;
      }
      case trace::TraceKind::kNatTranslated: {
        int32_t id = take(KeyOf(e, t), false);
        if (id >= 0) attach(id, n);
        else id = start(n);
        flying[KeyOf(e, Travel{e.translated.local, e.translated.remote})].push_back(id);
        break;
      }
      case trace::TraceKind::kNatDropped: {
        const int32_t id = take(KeyOf(e, t), false);
        if (id >= 0) attach(id, n);
        else start(n);
        break;
      }
      case trace::TraceKind::kSegmentReceived: {
        const std::string key = KeyOf(e, t);
        int32_t id = take(key, false);
        if (id < 0 && last_arrived >= 0) {
          // A second lookup of the same segment (a SYN that ends a
          // TIME-WAIT goes on to the listener): same host, time and tuple.
          const trace::TraceEvent& prev = log.at(j.events[last_arrived].back()).View();
          if (prev.kind == trace::TraceKind::kSegmentReceived && prev.host == e.host && prev.time == e.time &&
              KeyOf(prev, TravelOf(prev)) == key) {
            id = last_arrived;
          }
        }
        if (id >= 0) attach(id, n);
        else id = start(n);
        last_arrived = id;
        break;
      }
      default: break;
    }
  }
  return j;
}

}  // namespace portlab::report::internal
