// Checking a scenario's `expect:` entries against a run's Result.
//
// Example:
//   std::vector<sim::ExpectationResult> checked = Evaluate(scenario.expect, result);
//   // checked[i].passed, and checked[i].detail such as
//   // "client tcp; MISMATCH peak_time_wait 12, expected 64"
#ifndef PORTLAB_RUN_EXPECTATIONS_H_
#define PORTLAB_RUN_EXPECTATIONS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"

namespace portlab::run {

// A host figure by its scenario name (peak_ports_in_use, demux_exact, ...);
// nothing for an unknown name. Names are listed in scenarios/README.md.
std::optional<int64_t> FigureByName(const stack::ProtocolFigures& f, std::string_view name);

// The analysis figures a `strategy:` entry names: its strategy, its
// "axis.metric", and its x when given. Exactly one for a well-formed entry.
std::vector<const sim::AnalysisFigure*> FindAnalysisFigures(const sim::Result& result,
                                                            const scenario::AnalysisExpect& x);

// When `host` first failed a call of `protocol` ("tcp"/"udp"), if ever; for
// a `quantity:` group (`group`), when any of its members NAME.i first did.
std::optional<SimTime> FirstFailure(const sim::Result& result, std::string_view host,
                                    std::string_view protocol, bool group = false);

// One ExpectationResult per entry, in order, each with a detail saying what
// was expected and what happened: the parts of the entry's checks joined by
// "; ", a failed one prefixed "MISMATCH ".
std::vector<sim::ExpectationResult> Evaluate(const std::vector<scenario::ExpectSpec>& expect,
                                        const sim::Result& result);

}  // namespace portlab::run

#endif  // PORTLAB_RUN_EXPECTATIONS_H_
