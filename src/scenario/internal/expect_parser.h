// ParseExpects: the `expect:` list of a scenario (scenarios/README.md,
// "Expectations") and the host figure names it may check.
#ifndef PORTLAB_SCENARIO_INTERNAL_EXPECT_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_EXPECT_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// The figures a `host:` expectation may name, in report order.
absl::Span<const absl::string_view> FigureNames();
// The figures a `workload:` expectation may name.
absl::Span<const absl::string_view> WorkloadFigureNames();

// Entries in file order. `steps` are the scenario's steps (a `step: N`
// must be one of them; what it may check depends on its op); `hosts` the
// names defined under `hosts:`; `analysis` the `analysis:` section, if any
// (a `strategy:` entry names one of its strategies); `workloads` the names
// under `workloads:`.
absl::StatusOr<std::vector<ExpectSpec>> ParseExpects(
    const NodeReader& reader, const YAML::Node& node, const std::vector<StepSpec>& steps,
    const absl::flat_hash_set<std::string>& hosts, const AnalysisSpec* analysis,
    const absl::flat_hash_set<std::string>& workloads);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_EXPECT_PARSER_H_
