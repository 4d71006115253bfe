#include "portlab/report/ladder.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace portlab::report {
namespace {

using trace::TraceKind;

bool IsDrawnEndpoint(const net::Endpoint& e) { return !e.port.is_zero() || !e.address.IsUnspecified(); }

bool IsNatEvent(TraceKind k) {
  return k == TraceKind::kNatTranslated || k == TraceKind::kNatDropped || k == TraceKind::kNatMappingCreated ||
         k == TraceKind::kNatMappingExpired || k == TraceKind::kNatProbe;
}

// "SYN 52341 → 80  512 B": flags, ports as the segment travels, payload.
std::string SegmentLabel(const LoggedEvent& e, const net::Endpoint& src, const net::Endpoint& dst) {
  std::string label = absl::StrCat(e.what, " ", src.port.value(), " → ", dst.port.value());
  if (e.event.bytes > 0) absl::StrAppend(&label, "  ", e.event.bytes, " B");
  return label;
}

std::string CallText(const LoggedEvent& e) {
  std::string text = e.what;
  if (e.event.kind == TraceKind::kCallCompleted) text = absl::StrCat(e.what, " done");
  if (IsDrawnEndpoint(e.event.flow.remote)) {
    absl::StrAppend(&text, " → ", e.event.flow.remote.ToString());
  } else if (IsDrawnEndpoint(e.event.flow.local)) {
    absl::StrAppend(&text, " ", e.event.flow.local.ToString());
  }
  absl::StrAppend(&text, "  ", e.result.empty() ? "-" : e.result);
  if (IsDrawnEndpoint(e.event.flow.remote) && !e.event.flow.local.port.is_zero()) {
    absl::StrAppend(&text, ", port ", e.event.flow.local.port.value());
  }
  if (e.event.probes > 0) absl::StrAppend(&text, " (", e.event.probes, e.event.probes == 1 ? " probe)" : " probes)");
  if (e.event.socket >= 0) absl::StrAppend(&text, ", sock ", e.event.socket);
  return text;
}

std::string DemuxHead(const LoggedEvent& e) {
  if (e.result == "none") return "no socket";
  if (e.event.matched_socket >= 0) return absl::StrCat(e.result, " → sock ", e.event.matched_socket);
  return e.result;
}

// Lanes: which host owns which address, which NATs there are and who is
// behind them.
class LaneMap {
 public:
  explicit LaneMap(const std::vector<LoggedEvent>& events) {
    // Hosts in the order they first start something (a call to a peer, a
    // segment), so the one who opens the conversation is on the left;
    // then those that only answer, in the order they appear.
    std::vector<std::string> order;
    std::set<std::string> seen, nats;
    for (const LoggedEvent& e : events) {
      const bool starts = e.event.kind == TraceKind::kSegmentSent ||
                          (e.event.kind == TraceKind::kCall && IsDrawnEndpoint(e.event.flow.remote));
      if (starts && seen.insert(e.host).second) order.push_back(e.host);
    }
    for (const LoggedEvent& e : events) {
      if (seen.insert(e.host).second) order.push_back(e.host);
      if (IsNatEvent(e.event.kind)) {
        nats.insert(e.host);
        continue;
      }
      if (e.event.kind == TraceKind::kSegmentSent || e.event.kind == TraceKind::kCall) {
        const net::IpAddress& a = e.event.flow.local.address;
        if (!a.IsUnspecified() && !owner_.contains(a)) owner_[a] = e.host;
      }
    }
    std::map<std::string, std::string> inside_of;
    for (const LoggedEvent& e : events) {
      if (e.event.kind == TraceKind::kNatTranslated) {
        const bool out = e.result == "out";
        const net::IpAddress& inside = out ? e.event.flow.local.address : e.event.translated.remote.address;
        const net::IpAddress& outside = out ? e.event.translated.local.address : e.event.flow.remote.address;
        if (auto it = owner_.find(inside); it != owner_.end()) inside_of.emplace(it->second, e.host);
        nat_outside_.emplace(outside, e.host);
      } else if (e.event.kind == TraceKind::kNatMappingCreated) {
        if (auto it = owner_.find(e.event.flow.local.address); it != owner_.end()) inside_of.emplace(it->second, e.host);
        nat_outside_.emplace(e.event.flow.remote.address, e.host);
      }
    }
    for (const std::string& name : order) {
      if (!nats.contains(name)) continue;
      for (const std::string& host : order) {
        auto it = inside_of.find(host);
        if (it != inside_of.end() && it->second == name) AddHost(host);
      }
      inside_[name] = Add(absl::StrCat(name, " inside"), "", true);
      outside_[name] = Add(absl::StrCat(name, " outside"), "", true);
    }
    for (const std::string& name : order) {
      if (!nats.contains(name)) AddHost(name);
    }
    for (const auto& [address, nat] : nat_outside_) AddAddress(outside_[nat], address);
  }

  int Host(const std::string& name) const { return hosts_.at(name); }
  int Inside(const std::string& nat) const { return inside_.at(nat); }
  int Outside(const std::string& nat) const { return outside_.at(nat); }
  // The lane that owns `address`: a host, a NAT's outside; -1 for none.
  int Owner(const net::IpAddress& address) const {
    if (auto it = owner_.find(address); it != owner_.end()) return Host(it->second);
    if (auto it = nat_outside_.find(address); it != nat_outside_.end()) return Outside(it->second);
    return -1;
  }
  // The "(nobody)" lane, made on first use.
  int Nobody() {
    if (nobody_ < 0) nobody_ = Add("(nobody)", "");
    return nobody_;
  }
  std::vector<LadderLane> TakeLanes() { return std::move(lanes_); }

 private:
  int Add(std::string name, std::string address, bool nat = false) {
    lanes_.push_back({std::move(name), std::move(address), nat});
    return static_cast<int>(lanes_.size()) - 1;
  }
  void AddHost(const std::string& name) {
    if (hosts_.contains(name)) return;
    hosts_[name] = Add(name, "");
    for (const auto& [address, host] : owner_) {
      if (host == name) AddAddress(hosts_[name], address);
    }
  }
  void AddAddress(int lane, const net::IpAddress& address) {
    std::string& text = lanes_[lane].address;
    absl::StrAppend(&text, text.empty() ? "" : " ", address.ToString());
  }

  std::vector<LadderLane> lanes_;
  std::map<std::string, int> hosts_, inside_, outside_;
  std::map<net::IpAddress, std::string> owner_, nat_outside_;
  int nobody_ = -1;
};

// A segment on its way: where it left and how to recognise its arrival.
struct Flight {
  int lane;
  int row;
  std::string label;
  net::IpAddress destination;
  bool broadcast;
  int arrivals = 0;
};

using FlightKey = std::tuple<net::Protocol, net::Endpoint, net::Endpoint, std::string>;

class LadderBuilder {
 public:
  explicit LadderBuilder(const std::vector<LoggedEvent>& events) : events_(events), lanes_(events) {}

  Ladder Build() {
    for (int row = 0; row < static_cast<int>(events_.size()); ++row) {
      ladder_.times.push_back(events_[row].event.time);
      Place(row, events_[row]);
    }
    for (const auto& [key, queue] : pending_) {
      for (int f : queue) Unarrived(flights_[f]);
    }
    ladder_.lanes = lanes_.TakeLanes();
    std::stable_sort(ladder_.arrows.begin(), ladder_.arrows.end(),
                     [](const LadderArrow& a, const LadderArrow& b) { return a.from_row < b.from_row; });
    return std::move(ladder_);
  }

 private:
  void Place(int row, const LoggedEvent& e) {
    switch (e.event.kind) {
      case TraceKind::kSegmentSent: {
        Flight f{lanes_.Host(e.host), row, SegmentLabel(e, e.event.flow.local, e.event.flow.remote), e.event.flow.remote.address,
                 e.result == trace::kBroadcast};
        Depart(FlightKey{e.event.flow.protocol, e.event.flow.local, e.event.flow.remote, e.what}, std::move(f));
        break;
      }
      case TraceKind::kSegmentReceived: {
        const ArrowEnd end = e.result == "none" ? ArrowEnd::kRefused
                             : e.result.starts_with("filtered") || e.result.starts_with("rejected")
                                 ? ArrowEnd::kDropped
                                 : ArrowEnd::kDelivered;
        if (!Arrive(FlightKey{e.event.flow.protocol, e.event.flow.remote, e.event.flow.local, e.what}, lanes_.Host(e.host), row,
                    DemuxHead(e), end)) {
          Mark(lanes_.Host(e.host), row, end == ArrowEnd::kDelivered ? MarkKind::kOther : MarkKind::kFailure,
               absl::StrCat(e.what, " from ", e.event.flow.remote.ToString(), ": ", DemuxHead(e)));
        }
        break;
      }
      case TraceKind::kSegmentDropped: {
        // On arrival (a firewall's input chain) the flow is (here, sender);
        // on the way out it is (here, destination).
        if (Arrive(FlightKey{e.event.flow.protocol, e.event.flow.remote, e.event.flow.local, e.what}, lanes_.Host(e.host), row,
                   e.result, ArrowEnd::kDropped)) {
          break;
        }
        Forget(FlightKey{e.event.flow.protocol, e.event.flow.local, e.event.flow.remote, e.what});
        Mark(lanes_.Host(e.host), row, MarkKind::kFailure,
             absl::StrCat("✕ ", e.what, " to ", e.event.flow.remote.ToString(), " dropped: ", e.result));
        break;
      }
      case TraceKind::kNatTranslated: {
        const bool out = e.result == "out";
        const int in_lane = out ? lanes_.Inside(e.host) : lanes_.Outside(e.host);
        const int out_lane = out ? lanes_.Outside(e.host) : lanes_.Inside(e.host);
        Arrive(FlightKey{e.event.flow.protocol, e.event.flow.local, e.event.flow.remote, e.what}, in_lane, row, "", ArrowEnd::kDelivered);
        const net::Endpoint& before = out ? e.event.flow.local : e.event.flow.remote;
        const net::Endpoint& after = out ? e.event.translated.local : e.event.translated.remote;
        LadderMark m{in_lane, out_lane, row, MarkKind::kRewrite,
                     absl::StrCat(out ? "src " : "dst ", before.ToString(), " ⇒ ", after.ToString())};
        ladder_.marks.push_back(std::move(m));
        Flight f{out_lane, row, SegmentLabel(e, e.event.translated.local, e.event.translated.remote),
                 e.event.translated.remote.address, false};
        Depart(FlightKey{e.event.translated.protocol, e.event.translated.local, e.event.translated.remote, e.what}, std::move(f));
        break;
      }
      case TraceKind::kNatDropped: {
        const int lane = e.state == "out" ? lanes_.Inside(e.host) : lanes_.Outside(e.host);
        if (!Arrive(FlightKey{e.event.flow.protocol, e.event.flow.local, e.event.flow.remote, e.what}, lane, row,
                    absl::StrCat("NAT drop: ", e.result), ArrowEnd::kDropped)) {
          Mark(lane, row, MarkKind::kFailure, absl::StrCat("✕ ", e.what, " ", e.event.flow.local.ToString(), " → ",
                                                           e.event.flow.remote.ToString(), " NAT drop: ", e.result));
        }
        break;
      }
      case TraceKind::kCall:
      case TraceKind::kCallCompleted:
        Mark(lanes_.Host(e.host), row, IsFailure(e.View()) ? MarkKind::kFailure : MarkKind::kCall, CallText(e));
        break;
      case TraceKind::kStateChange:
        Mark(lanes_.Host(e.host), row, MarkKind::kState, absl::StrCat("sock ", e.event.socket, " ", e.state));
        break;
      case TraceKind::kTimer:
        Mark(lanes_.Host(e.host), row, MarkKind::kTimer,
             absl::StrCat("timer: ", e.what, e.event.socket >= 0 ? absl::StrCat(", sock ", e.event.socket) : ""));
        break;
      case TraceKind::kTimeWaitExpired:
        Mark(lanes_.Host(e.host), row, MarkKind::kState,
             absl::StrCat("TIME-WAIT over: ", e.event.flow.local.ToString(), " → ", e.event.flow.remote.ToString()));
        break;
      case TraceKind::kNatMappingCreated:
      case TraceKind::kNatMappingExpired:
        Mark(lanes_.Inside(e.host), row, MarkKind::kNat,
             absl::StrCat(e.what, " ", e.result, ": ", e.event.flow.local.ToString(), " = ", e.event.flow.remote.ToString()));
        break;
      case TraceKind::kNatProbe:
        Mark(lanes_.Inside(e.host), row, MarkKind::kOther, e.what);
        break;
      case TraceKind::kFirewallAccepted:
        break;  // a rule that lets a segment through: its arrow says so
    }
  }

  void Mark(int lane, int row, MarkKind kind, std::string text) {
    ladder_.marks.push_back(LadderMark{lane, -1, row, kind, std::move(text)});
  }

  void Depart(FlightKey key, Flight f) {
    flights_.push_back(std::move(f));
    pending_[std::move(key)].push_back(static_cast<int>(flights_.size()) - 1);
  }

  // Ends the earliest flight of `key` at (lane, row); false when none is
  // on its way. A broadcast stays on its way for its other receivers.
  bool Arrive(const FlightKey& key, int lane, int row, std::string head, ArrowEnd end) {
    auto it = pending_.find(key);
    if (it == pending_.end() || it->second.empty()) return false;
    const int index = it->second.front();
    Flight& f = flights_[index];
    ++f.arrivals;
    if (!f.broadcast) {
      it->second.erase(it->second.begin());
      if (it->second.empty()) pending_.erase(it);
    }
    ladder_.arrows.push_back(LadderArrow{f.lane, lane, f.row, row, f.label, std::move(head), end, f.broadcast});
    return true;
  }

  void Forget(const FlightKey& key) {
    auto it = pending_.find(key);
    if (it == pending_.end() || it->second.empty()) return;
    it->second.erase(it->second.begin());
    if (it->second.empty()) pending_.erase(it);
  }

  void Unarrived(const Flight& f) {
    if (f.broadcast && f.arrivals > 0) return;
    int lane = lanes_.Owner(f.destination);
    std::string head = "no arrival drawn";
    if (lane < 0 || lane == f.lane) {
      lane = lanes_.Nobody();
      head = absl::StrCat("nobody has ", f.destination.ToString());
    }
    ladder_.arrows.push_back(LadderArrow{f.lane, lane, f.row, f.row, f.label, std::move(head), ArrowEnd::kNoArrival,
                                         f.broadcast});
  }

  const std::vector<LoggedEvent>& events_;
  LaneMap lanes_;
  Ladder ladder_;
  std::vector<Flight> flights_;
  std::map<FlightKey, std::vector<int>> pending_;
};

}  // namespace

Ladder BuildLadder(const std::vector<LoggedEvent>& events) { return LadderBuilder(events).Build(); }

}  // namespace portlab::report
