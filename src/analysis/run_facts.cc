#include "portlab/analysis/run_facts.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"


namespace portlab::analysis {

namespace {

bool IsErrnoName(std::string_view result) {
  return result.size() > 1 && result[0] == 'E' && result != "ok";
}

}  // namespace

const HostFacts* RunFacts::Host(std::string_view name) const {
  for (const HostFacts& h : hosts) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

const NatFacts* RunFacts::Nat(std::string_view name) const {
  for (const NatFacts& n : nats) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

void FactRecorder::OnEvent(const trace::TraceEvent& e) {
  facts_.end = e.time;
  // A firewall's accept changes no table: the segment's demux, which
  // follows at the same instant, is still alone there.
  if (e.kind == trace::TraceKind::kFirewallAccepted) return;
  const std::string host(e.host);
  auto last = last_event_.find(e.host);
  const bool alone = last == last_event_.end() || last->second != e.time;
  if (last == last_event_.end()) {
    last_event_.emplace(host, e.time);
  } else {
    last->second = e.time;
  }
  const std::pair<std::string, int64_t> socket{host, e.socket};

  switch (e.kind) {
    case trace::TraceKind::kCall: {
      if (e.what == "bind") {
        bound_[socket] = e.result == "ok" && !e.flow.local.port.is_zero();
      } else if (e.what == "connect") {
        // Every call counts toward the numbering ("the 40th of the 100
        // calls"), failed ones too; those that got a port are facts.
        SameCalls& same = same_call_[{host, e.time.since_start().nanos(),
                                      absl::StrCat(AV(net::ProtocolName(e.flow.protocol)), " ",
                                                   e.flow.remote.ToString())}];
        ++same.calls;
        if (!e.flow.local.port.is_zero() && (e.result == "ok" || e.result == "in progress") &&
            facts_.connects.size() < kMaxFactsPerKind) {
          ConnectFact c;
          c.time = e.time;
          c.host = host;
          c.flow = e.flow;
          auto b = bound_.find(socket);
          c.bound_before = b != bound_.end() && b->second;
          c.ordinal = same.calls;
          same.facts.push_back(facts_.connects.size());
          facts_.connects.push_back(std::move(c));
          started_[socket] = e.time;
        }
      }
      if (e.what != "bind") bound_.erase(socket);
      if (IsErrnoName(e.result) && facts_.failures.size() < kMaxFactsPerKind) {
        facts_.failures.push_back(
            FailureFact{e.time, host, std::string(e.what), e.flow, std::string(e.result), std::nullopt});
      }
      break;
    }
    case trace::TraceKind::kCallCompleted: {
      if (IsErrnoName(e.result) && facts_.failures.size() < kMaxFactsPerKind) {
        FailureFact f{e.time, host, std::string(e.what), e.flow, std::string(e.result), std::nullopt};
        auto s = started_.find(socket);
        if (s != started_.end()) f.started = s->second;
        facts_.failures.push_back(std::move(f));
      }
      started_.erase(socket);
      break;
    }
    case trace::TraceKind::kSegmentReceived: {
      if (facts_.demuxes.size() >= kMaxFactsPerKind) break;
      DemuxFact d;
      d.time = e.time;
      d.host = host;
      d.flow = e.flow;
      d.what = std::string(e.what);
      // "filtered (rule 1)": the rule, then the firewall's decider.
      const std::string_view result = e.result;
      const size_t paren = result.find(" (");
      d.rule = std::string(result.substr(0, paren));
      if (paren != std::string_view::npos && result.back() == ')') {
        d.firewall = std::string(result.substr(paren + 2, result.size() - paren - 3));
      }
      d.has_socket = e.matched_socket >= 0;
      d.matched_local = e.matched_local;
      d.alone_at_instant = alone;
      facts_.demuxes.push_back(std::move(d));
      break;
    }
    case trace::TraceKind::kNatMappingCreated: {
      if (facts_.mappings.size() >= kMaxFactsPerKind) break;
      MappingFact m{host, e.flow.protocol, e.flow.local, e.flow.remote, e.time, std::nullopt};
      open_mapping_[{host, static_cast<int>(m.protocol), m.inside, m.outside}] = facts_.mappings.size();
      facts_.mappings.push_back(std::move(m));
      break;
    }
    case trace::TraceKind::kNatMappingExpired: {
      auto m = open_mapping_.find({host, static_cast<int>(e.flow.protocol), e.flow.local, e.flow.remote});
      if (m != open_mapping_.end()) {
        facts_.mappings[m->second].expired = e.time;
        open_mapping_.erase(m);
      }
      break;
    }
    default:
      break;
  }
}

RunFacts FactRecorder::Take() && {
  for (const auto& [key, same] : same_call_) {
    for (size_t i : same.facts) facts_.connects[i].of = same.calls;
  }
  return std::move(facts_);
}

}  // namespace portlab::analysis
