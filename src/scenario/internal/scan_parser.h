// The `scan` step's keys (scenarios/README.md, "Port scans"): target, type,
// ports, retries, timeout, rate; and the `expect:` entry on a scan step.
#ifndef PORTLAB_SCENARIO_INTERNAL_SCAN_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_SCAN_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/scenario/scan_spec.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// The keys a scan step takes besides at, host and op.
inline constexpr absl::string_view kScanStepKeys[] = {"target", "type",    "ports",
                                                      "retries", "timeout", "rate"};

// nmap's -p syntax for one protocol: ports and ranges separated by commas,
// "21-23,25,80,443"; a range's ends included, each port 1 to 65535. The
// result is ascending and distinct (a port given twice is scanned once, as
// nmap's getpts merges them). On failure, InvalidArgument with the message
// naming the part at fault (no location: the caller adds it).
absl::StatusOr<std::vector<uint16_t>> ParsePortList(std::string_view text);

// The scan of a `{op: scan, ...}` step whose keys `f` holds (already
// checked against kScanStepKeys). Errors name the node at fault.
absl::StatusOr<ScanSpec> ReadScan(const NodeReader& r, const YAML::Node& node, const MapFields& f,
                                  int step_index);

// An `expect:` entry on scan step `step` (scan `scan`).
absl::StatusOr<ScanExpect> ParseScanExpect(const NodeReader& r, const YAML::Node& node, int index,
                                           int step, const ScanSpec& scan);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_SCAN_PARSER_H_
