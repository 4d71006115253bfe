// The writers of `portlab headroom` (analysis/headroom_fixes.h): the pools
// as a table with the binding one marked, the fixes ranked with their
// formulas, predicted beside simulated; and the same as JSON.
//
// JSON (WriteHeadroomJson):
//   {"portlab": {...},                   (provenance.h; docs/schema/headroom.schema.json)
//    "scenario": "...", "seed": 1, "at_s": 0.0,
//    "pools": [{"kind": "host range", "owner": "client", "source": "10.0.0.1",
//               "destination": "10.0.0.2:80", "protocol": "tcp", "why": "...",
//               "capacity": 28232, "in_use": 0, "burst": 0, "rate": 1000.0,
//               "occupancy_s": 60.004, "sustainable_rate": 470.5, "room": 0.47,
//               "exhaustion_s": 28.232, "burst_failures": 0}],
//    "binding": 0,                       (index into pools, null without pools)
//    "predicted": VERDICT, "simulated": VERDICT (null when not checked),
//    "fixes": [{"kind": "tcp_tw_reuse=1", "change": "...", "formula": "...",
//               "predicted": VERDICT, "simulated": VERDICT, "agrees": true}],
//    "runs": 5}
//   VERDICT: {"room": 0.47, "exhaustion_s": 28.232, "failures": 0,
//             "first_failure_s": null, "binding": "..."}; a room or rate
//   without bound is null. `agrees`: the fix's run had failures exactly when
//   they were predicted (an exhaustion or burst failures).
//
// Thread safety: plain functions over finished data.
#ifndef PORTLAB_REPORT_HEADROOM_WRITER_H_
#define PORTLAB_REPORT_HEADROOM_WRITER_H_

#include <ostream>
#include <string>

#include "portlab/analysis/headroom_fixes.h"
#include "portlab/report/provenance.h"

namespace portlab::report {

void WriteHeadroomText(const analysis::HeadroomReport& r, const std::string& scenario, uint64_t seed,
                       std::ostream& out);
void WriteHeadroomJson(const analysis::HeadroomReport& r, const std::string& scenario, uint64_t seed,
                       const Provenance& provenance, std::ostream& out);
// Whether a checked fix's run agrees with its prediction (see above).
bool FixAgrees(const analysis::Fix& f);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_HEADROOM_WRITER_H_
