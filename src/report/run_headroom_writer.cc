#include "portlab/report/run_headroom_writer.h"

#include "absl/strings/str_format.h"
#include "report/internal/headroom_cells.h"

namespace portlab::report {

void WriteRunHeadroom(const sim::Result& result, std::ostream& out) {
  const sim::RunHeadroom& rh = result.headroom;
  if (!sim::HeadroomShown(result)) return;
  const sim::Headroom& h = *rh.measured;
  out << absl::StrFormat("\nheadroom at %ss (the pools of ports as the run starts)\n", FormatSeconds(h.at));
  if (h.pools.empty()) {
    out << "  no step or workload draws on a pool of ports, and none is in use\n";
    return;
  }
  internal::WritePoolsTable(h, out, /*short_only=*/true);
  internal::WriteBindingPool(h, out);
  if (rh.fixes.empty()) {
    out << "  no fix of portlab's list buys this pool room\n";
    return;
  }
  out << "\n  fixes ranked by their formulas (portlab headroom SCENARIO checks each by a run)\n";
  for (size_t i = 0; i < rh.fixes.size(); ++i) {
    const sim::RankedFix& f = rh.fixes[i];
    out << absl::StrFormat("  %d. %s: room %s, exhaustion %s%s\n     change:  %s\n     formula: %s\n", i + 1,
                           f.kind, internal::RoomCell(f.room), internal::WhenCell(f.exhaustion),
                           f.failures > 0 ? absl::StrFormat(", %d burst failures", f.failures) : "", f.change,
                           f.formula);
  }
}

nlohmann::ordered_json RunHeadroomJson(const sim::Result& result) {
  using Json = nlohmann::ordered_json;
  const sim::RunHeadroom& rh = result.headroom;
  Json j;
  j["at_s"] = rh.measured ? Json(rh.measured->at.seconds()) : Json(nullptr);
  j["shown"] = sim::HeadroomShown(result);
  j["not_measured"] = rh.measured ? Json(nullptr) : Json(rh.not_measured);
  j["pools"] = rh.measured ? internal::PoolsJson(*rh.measured) : Json::array();
  j["binding"] = rh.measured && rh.measured->binding ? Json(*rh.measured->binding) : Json(nullptr);
  Json fixes = Json::array();
  for (const sim::RankedFix& f : rh.fixes) {
    Json q;
    q["kind"] = f.kind;
    q["change"] = f.change;
    q["formula"] = f.formula;
    q["room"] = internal::NumberOrNull(f.room);
    q["exhaustion_s"] = internal::SecondsOrNull(f.exhaustion);
    q["failures"] = f.failures;
    q["binding"] = f.then;
    fixes.push_back(std::move(q));
  }
  j["fixes"] = std::move(fixes);
  return j;
}

}  // namespace portlab::report
