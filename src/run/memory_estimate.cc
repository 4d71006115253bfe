#include "portlab/run/memory_estimate.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/strings.h"
#include "portlab/scenario/run_length.h"
#include "portlab/stack/os_profile.h"

namespace portlab::run {
namespace {

// What a connection or flow adds besides its sockets: a NAT's session and
// mapping when the scenario has a NAT (counted for every connection then:
// an estimate may err high, never low).
int64_t NatBytesPerConnection(const scenario::Scenario& scenario) {
  return scenario.nats.empty() ? 0 : kBytesPerNatSessionEstimate;
}

// What one step adds to the estimate. Steps on labelled sockets (close,
// abort, send to `sockets:`) create nothing; `set` neither.
int64_t StepBytes(const scenario::Scenario& scenario, const scenario::StepSpec& step) {
  using scenario::StepOp;
  if (!scenario::IsSocketStep(step.op) || !step.sockets.empty()) return 0;
  if (step.op == StepOp::kClose || step.op == StepOp::kAbort) return 0;
  const bool connects = step.op == StepOp::kConnect;
  const int64_t ends = connects && step.protocol == net::Protocol::kTcp ? 2 : 1;
  return step.count * (ends * kBytesPerSocketEstimate + kBytesPerCallEstimate +
                       (connects ? NatBytesPerConnection(scenario) : 0));
}

// What a workload holds at its peak (see PeakConnectionsPerClient). A TCP
// connection counts both ends.
int64_t WorkloadBytes(const scenario::Scenario& scenario, const scenario::WorkloadSpec& w) {
  const int64_t ends = w.protocol == net::Protocol::kTcp ? 2 : 1;
  const double per_connection =
      static_cast<double>(ends * kBytesPerSocketEstimate + NatBytesPerConnection(scenario));
  const double bytes = scenario::PeakConnectionsPerClient(w) * static_cast<double>(w.from.size()) * per_connection;
  return bytes > 4e18 ? int64_t{4'000'000'000'000'000'000} : static_cast<int64_t>(bytes);
}

// Which hosts count kBytesPerMemberEstimate rather than
// kBytesPerHostEstimate: members of a `quantity:` group no step names,
// whose group's workloads do not bind, on a profile that shares ports by
// 4-tuple with no sysctl: such a host only connect()s, and a connect()ing
// Linux host allocates none of its port bitmaps (stack/port_table.h: the
// explicit-port and one-address bitmaps wait for a bind, the owned-port one
// for unique-port sharing). Each member carries its flag: no set of every
// member's name is built.
class LightMembers {
 public:
  explicit LightMembers(const scenario::Scenario& scenario) {
    for (const scenario::StepSpec& step : scenario.steps) named_.insert(step.host);
    for (const scenario::WorkloadSpec& w : scenario.workloads) {
      if (!w.bind) continue;
      for (const std::string& c : w.from) binding_.insert(c);
    }
  }

  bool Contains(const scenario::HostSpec& h) const {
    if (!h.quantity_member || named_.contains(h.name) || binding_.contains(h.name)) return false;
    if (!h.sysctl.empty() || !h.sockets.empty()) return false;
    const stack::OsProfile* p = stack::FindProfile(h.os);
    return p != nullptr && p->knobs.sharing != stack::PortSharing::kUniquePort;
  }

 private:
  absl::flat_hash_set<std::string_view> named_;
  absl::flat_hash_set<std::string_view> binding_;  // clients of a workload with bind:
};

// A host, and the sockets its `sockets:` places at the start.
int64_t OneHostBytes(const scenario::HostSpec& h, const LightMembers& light) {
  int64_t placed = 0;
  for (const scenario::PresetSocketSpec& s : h.sockets) placed += s.count;
  const int64_t host = light.Contains(h) ? kBytesPerMemberEstimate : kBytesPerHostEstimate;
  return host + placed * kBytesPerSocketEstimate;
}

int64_t HostBytes(const scenario::Scenario& scenario) {
  const LightMembers light(scenario);
  int64_t bytes = 0;
  for (const scenario::HostSpec& h : scenario.hosts) bytes += OneHostBytes(h, light);
  return bytes;
}

// A NAT's `sessions:`, placed at the start: a session and its mapping each.
int64_t PlacedNatBytes(const scenario::NatSpec& n) {
  int64_t placed = 0;
  for (const scenario::PresetNatSessionSpec& s : n.sessions) placed += s.count;
  return placed * kBytesPerNatSessionEstimate;
}

// How many series the run keeps a track of, each for 2 protocols: one per
// reporting unit (sim/internal/host_groups.h), a `quantity:` group's
// members in one, plus each member a step or a `host:` expectation names
// (listed on its own too).
int64_t SeriesUnits(const scenario::Scenario& scenario) {
  absl::flat_hash_set<std::string_view> named;
  for (const scenario::StepSpec& step : scenario.steps) named.insert(step.host);
  for (const scenario::ExpectSpec& x : scenario.expect) {
    if (const auto* h = std::get_if<scenario::HostExpect>(&x.kind)) named.insert(h->host);
  }
  int64_t units = static_cast<int64_t>(scenario.hosts.size());
  for (const auto& [group, members] : scenario.host_groups) {
    units -= static_cast<int64_t>(members.size()) - 1;
    for (const std::string& m : members) units += named.contains(m) ? 1 : 0;
  }
  return units;
}

// The time series of a `sample:` interval: every point, for every reporting
// unit and protocol (the recorder keeps a track from its first busy point;
// counted from the start, an estimate may err high, never low). Without
// `sample:` the recorder keeps at most 200 points, within each host's
// estimate.
int64_t SeriesBytes(const scenario::Scenario& scenario) {
  const double points = static_cast<double>(scenario::SamplePoints(scenario));
  const double bytes = points * (8 + 2 * static_cast<double>(SeriesUnits(scenario)) *
                                         static_cast<double>(kBytesPerSeriesPointEstimate));
  return bytes > 4e18 ? int64_t{4'000'000'000'000'000'000} : static_cast<int64_t>(bytes);
}

}  // namespace

int64_t EstimateStateBytes(const scenario::Scenario& scenario) {
  int64_t bytes = HostBytes(scenario);
  for (const scenario::NatSpec& n : scenario.nats) bytes += PlacedNatBytes(n);
  for (const scenario::StepSpec& step : scenario.steps) bytes += StepBytes(scenario, step);
  for (const scenario::WorkloadSpec& w : scenario.workloads) bytes += WorkloadBytes(scenario, w);
  return bytes + SeriesBytes(scenario);
}

absl::Status CheckMemoryLimit(const scenario::Scenario& scenario, int64_t limit_bytes) {
  int64_t bytes = 0;
  const LightMembers light(scenario);
  for (const scenario::HostSpec& h : scenario.hosts) {
    bytes += OneHostBytes(h, light);
    if (bytes > limit_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          h.location.ToString(), ": the hosts up to here take an estimated ", FormatBytes(bytes),
          " (", FormatBytes(kBytesPerHostEstimate), " per host, its port tables, ",
          FormatBytes(kBytesPerMemberEstimate), " per quantity: member that only connects, and ",
          kBytesPerSocketEstimate,
          " bytes per socket its sockets: places) before any step; the limit is ",
          FormatBytes(limit_bytes), " (--memory-limit raises it)"));
    }
  }
  for (const scenario::NatSpec& n : scenario.nats) {
    bytes += PlacedNatBytes(n);
    if (bytes > limit_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          n.location.ToString(), ": the hosts and NATs up to here take an estimated ", FormatBytes(bytes), " (",
          kBytesPerNatSessionEstimate, " bytes per session a NAT's sessions: places) before any step; the limit is ",
          FormatBytes(limit_bytes), " (--memory-limit raises it)"));
    }
  }
  for (const scenario::WorkloadSpec& w : scenario.workloads) {
    bytes += WorkloadBytes(scenario, w);
    if (bytes > limit_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          w.location.ToString(), ": the workloads up to here keep an estimated ", FormatBytes(bytes),
          " of simulation state at their peak (", kBytesPerSocketEstimate,
          " bytes per socket: rate x (hold + TIME-WAIT) connections per client, at most one per "
          "port and destination, both ends of TCP); the limit is ",
          FormatBytes(limit_bytes), " (--memory-limit raises it)"));
    }
  }
  for (const scenario::StepSpec& step : scenario.steps) {
    bytes += StepBytes(scenario, step);
    if (bytes > limit_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          step.location.ToString(), ": the steps up to here ask for an estimated ", FormatBytes(bytes),
          " of simulation state (", kBytesPerSocketEstimate,
          " bytes per socket, both ends of a TCP connection); the limit is ", FormatBytes(limit_bytes),
          " (--memory-limit raises it)"));
    }
  }
  bytes += SeriesBytes(scenario);
  if (bytes > limit_bytes && scenario.sample) {
    return absl::ResourceExhaustedError(absl::StrCat(
        scenario.sample_location.ToString(), ": with its time series (", scenario::SamplePoints(scenario),
        " points of ", kBytesPerSeriesPointEstimate,
        " bytes per host or quantity: group and protocol) the scenario takes an estimated ",
        FormatBytes(bytes), "; the limit is ", FormatBytes(limit_bytes), " (--memory-limit raises it)"));
  }
  return absl::OkStatus();
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " bytes");
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  return v == static_cast<double>(static_cast<int64_t>(v)) ? absl::StrCat(static_cast<int64_t>(v), " ", units[u])
                                                          : absl::StrFormat("%.1f %s", v, units[u]);
}

absl::StatusOr<int64_t> ParseByteSize(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", AV(text), "\": expected a size such as 8GiB, 512MiB or 4096 (bytes)"));
  };
  size_t split = 0;
  while (split < text.size() && (absl::ascii_isdigit(static_cast<unsigned char>(text[split])) || text[split] == '.')) {
    ++split;
  }
  double number = 0;
  if (split == 0 || !absl::SimpleAtod(AV(text.substr(0, split)), &number)) return bad();
  std::string unit = absl::AsciiStrToLower(absl::StripAsciiWhitespace(AV(text.substr(split))));
  int shift = 0;
  if (unit.empty() || unit == "b" || unit == "bytes") shift = 0;
  else if (unit == "k" || unit == "kib" || unit == "kb") shift = 10;
  else if (unit == "m" || unit == "mib" || unit == "mb") shift = 20;
  else if (unit == "g" || unit == "gib" || unit == "gb") shift = 30;
  else if (unit == "t" || unit == "tib" || unit == "tb") shift = 40;
  else return bad();
  const double bytes = std::ldexp(number, shift);
  if (!(bytes >= 1) || bytes > std::ldexp(1.0, 62)) return bad();
  return static_cast<int64_t>(bytes);
}

}  // namespace portlab::run
