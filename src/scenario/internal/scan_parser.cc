#include "scenario/internal/scan_parser.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kPortListForm =
    "ports and ranges separated by commas, each port 1 to 65535, as nmap's -p takes them "
    "(\"21-23,25,80,443\")";

// One port of a port list: digits only, 1 to 65535.
bool ReadListedPort(absl::string_view text, uint32_t* port) {
  if (text.empty() || text.size() > 5) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, port) && *port >= 1 && *port <= 65535;
}

std::vector<std::string> Names(const auto& all, auto name) {
  std::vector<std::string> out;
  for (auto v : all) out.emplace_back(name(v));
  return out;
}

}  // namespace

absl::StatusOr<std::vector<uint16_t>> ParsePortList(std::string_view text) {
  std::vector<uint16_t> ports;
  for (absl::string_view part : absl::StrSplit(AV(text), ',')) {
    part = absl::StripAsciiWhitespace(part);
    const size_t dash = part.find('-');
    uint32_t lo = 0, hi = 0;
    const bool ok = dash == absl::string_view::npos
                        ? ReadListedPort(part, &lo) && ReadListedPort(part, &hi)
                        : ReadListedPort(part.substr(0, dash), &lo) &&
                              ReadListedPort(part.substr(dash + 1), &hi);
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", part, "\" is not a port or a range; expected ", kPortListForm));
    }
    if (lo > hi) {
      return absl::InvalidArgumentError(
          absl::StrCat("range \"", part, "\" ends before it starts; expected LOW-HIGH"));
    }
    for (uint32_t p = lo; p <= hi; ++p) ports.push_back(static_cast<uint16_t>(p));
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

absl::StatusOr<ScanSpec> ReadScan(const NodeReader& r, const YAML::Node& node, const MapFields& f,
                                  int step_index) {
  ScanSpec scan;
  for (absl::string_view key : {"target", "type", "ports"}) {
    if (f.Find(key) == nullptr) {
      return r.ErrorAt(node, absl::StrCat("step ", step_index, ": op scan needs ", key,
                                          ": (target: ADDRESS, type: ",
                                          absl::StrJoin(Names(kScanTypes, ScanTypeName), "|"),
                                          ", ports: \"21-23,25,80\")"));
    }
  }
  SCENARIO_ASSIGN_OR_RETURN(scan.target, r.ReadAddress(f.Find("target")->value, "target"));
  if (const YAML::Node& type = f.Find("type")->value; type.IsNull()) {
    // YAML reads a plain `null` as no value at all (yaml-cpp keeps no
    // text for it): `type: null` is the NULL scan.
    scan.type = ScanType::kNull;
  } else {
    const std::vector<std::string> names = Names(kScanTypes, ScanTypeName);
    std::vector<absl::string_view> choices(names.begin(), names.end());
    SCENARIO_ASSIGN_OR_RETURN(std::string name, r.ReadChoice(type, "type", choices));
    for (ScanType t : kScanTypes) {
      if (ScanTypeName(t) == name) scan.type = t;
    }
  }
  const YAML::Node& ports = f.Find("ports")->value;
  if (!ports.IsScalar()) {
    return r.ErrorAt(ports, absl::StrCat("ports: expected ", kPortListForm, ", found ", Describe(ports)));
  }
  absl::StatusOr<std::vector<uint16_t>> list = ParsePortList(ports.Scalar());
  if (!list.ok()) return r.ErrorAt(ports, absl::StrCat("ports: ", list.status().message()));
  scan.ports = *std::move(list);
  if (const MapFields::Entry* e = f.Find("retries")) {
    SCENARIO_ASSIGN_OR_RETURN(int64_t retries, r.ReadInt(e->value, "retries", 0, kMaxScanRetries));
    scan.timing.retries = static_cast<int>(retries);
  }
  if (const MapFields::Entry* e = f.Find("timeout")) {
    SCENARIO_ASSIGN_OR_RETURN(scan.timing.timeout, r.ReadDuration(e->value, "timeout"));
    if (scan.timing.timeout <= Duration() || scan.timing.timeout > kMaxScanTimeout) {
      return r.ErrorAt(e->value, "timeout: must be more than 0 and at most 1h (how long a probe is awaited)");
    }
  }
  if (const MapFields::Entry* e = f.Find("rate")) {
    // At most one probe a nanosecond: the engine's clock has no finer tick.
    SCENARIO_ASSIGN_OR_RETURN(scan.timing.rate, r.ReadDouble(e->value, "rate", 0, 1e9));
    if (scan.timing.rate > 0 && scan.timing.rate < kMinScanRate) {
      return r.ErrorAt(e->value, absl::StrCat("rate: ", scan.timing.rate, " is below ", kMinScanRate,
                                              " probes per second (0: no limit)"));
    }
  }
  return scan;
}

absl::StatusOr<ScanExpect> ParseScanExpect(const NodeReader& r, const YAML::Node& node, int index,
                                           int step, const ScanSpec& scan) {
  std::vector<absl::string_view> keys = {"step", "reason"};
  for (PortState s : kPortStates) keys.push_back(AV(PortStateName(s)));
  const std::string what = absl::StrCat("expect entry ", index, " (step ", step, ", a scan)");
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, what, keys));
  if (f.entries().size() == 1) {
    return r.ErrorAt(node, absl::StrCat(what, " checks nothing; give the ports of a state (open: [22], "
                                              "closed: [23], filtered:, unfiltered:, open|filtered:) "
                                              "or reason: {PORT: WORD}"));
  }
  auto scanned_port = [&](const YAML::Node& n, absl::string_view key) -> absl::StatusOr<uint16_t> {
    SCENARIO_ASSIGN_OR_RETURN(int64_t port, r.ReadInt(n, key, 1, 65535));
    if (!std::binary_search(scan.ports.begin(), scan.ports.end(), static_cast<uint16_t>(port))) {
      return r.ErrorAt(n, absl::StrCat(key, ": port ", port, " is not among the ports step ", step,
                                       " scans"));
    }
    return static_cast<uint16_t>(port);
  };
  ScanExpect x;
  x.step = step;
  for (PortState s : kPortStates) {
    const MapFields::Entry* e = f.Find(AV(PortStateName(s)));
    if (e == nullptr) continue;
    const std::string key(PortStateName(s));
    SCENARIO_RETURN_IF_ERROR(r.RequireList(e->value, key));
    std::vector<uint16_t>& ports = x.states[s];
    for (const YAML::Node& p : e->value) {
      SCENARIO_ASSIGN_OR_RETURN(uint16_t port, scanned_port(p, key));
      ports.push_back(port);
    }
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  }
  if (const MapFields::Entry* e = f.Find("reason")) {
    SCENARIO_ASSIGN_OR_RETURN(MapFields reasons, MapFields::ReadAny(r, e->value, "reason"));
    const std::vector<std::string> names = Names(kScanReasons, ScanReasonName);
    std::vector<absl::string_view> choices(names.begin(), names.end());
    for (const MapFields::Entry& entry : reasons.entries()) {
      SCENARIO_ASSIGN_OR_RETURN(uint16_t port, scanned_port(entry.key_node, "reason"));
      SCENARIO_ASSIGN_OR_RETURN(std::string word, r.ReadChoice(entry.value, "reason", choices));
      for (ScanReason reason : kScanReasons) {
        if (ScanReasonName(reason) == word) x.reasons[port] = reason;
      }
    }
  }
  return x;
}

}  // namespace portlab::scenario::internal
