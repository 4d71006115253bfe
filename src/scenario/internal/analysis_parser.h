// The `analysis:` section: which strategies to compare and how (see
// scenarios/README.md "Analysis").
#ifndef PORTLAB_SCENARIO_INTERNAL_ANALYSIS_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_ANALYSIS_PARSER_H_

#include <yaml-cpp/yaml.h>

#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// Names are kept as written: the model checks strategy and axis names.
absl::StatusOr<AnalysisSpec> ParseAnalysis(const NodeReader& reader, const YAML::Node& node);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_ANALYSIS_PARSER_H_
