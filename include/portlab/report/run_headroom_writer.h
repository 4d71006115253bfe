// The headroom section of `portlab run`'s summary and JSON: the pools of
// ports at the start of the run (Result::headroom, sim/headroom.h), the
// binding one named, and the fixes ranked by their formulas. The checked
// re-runs of each fix are `portlab headroom`'s (headroom_writer.h).
//
// The summary shows the section when sim::HeadroomShown (the binding pool
// needs 80 % of its capacity, or the run ran out of ports somewhere), with
// the binding pool and the others short of room; the JSON always has it
// ("headroom", report/json_writer.h), every pool listed.
//
// Example:
//   WriteRunHeadroom(result, out);             // nothing when not shown
//   json["headroom"] = RunHeadroomJson(result);
#ifndef PORTLAB_REPORT_RUN_HEADROOM_WRITER_H_
#define PORTLAB_REPORT_RUN_HEADROOM_WRITER_H_

#include <ostream>

#include "nlohmann/json.hpp"
#include "portlab/sim/result.h"

namespace portlab::report {

void WriteRunHeadroom(const sim::Result& result, std::ostream& out);

// {"at_s", "shown", "not_measured", "pools", "binding", "fixes"}.
nlohmann::ordered_json RunHeadroomJson(const sim::Result& result);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_RUN_HEADROOM_WRITER_H_
