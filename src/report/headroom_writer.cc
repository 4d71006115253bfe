#include "portlab/report/headroom_writer.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "portlab/base/time.h"
#include "report/internal/headroom_cells.h"
#include "report/internal/text_table.h"

namespace portlab::report {
namespace {

using internal::Align;
using internal::TextTable;
using Json = nlohmann::ordered_json;

using internal::NumberOrNull;

std::string Secs(std::optional<SimTime> t) { return internal::WhenCell(t); }

std::string Room(double room) { return internal::RoomCell(room); }

bool PredictsFailure(const analysis::Verdict& v) { return v.exhaustion.has_value() || v.failures > 0; }

std::string Failures(const analysis::Verdict& v) {
  if (v.failures > 0) return absl::StrCat(v.failures);
  return v.exhaustion ? "yes" : "0";
}

Json HeadroomSeconds(std::optional<SimTime> t) { return internal::SecondsOrNull(t); }

Json VerdictJson(const analysis::Verdict& v) {
  Json j;
  j["room"] = NumberOrNull(v.room);
  j["exhaustion_s"] = HeadroomSeconds(v.exhaustion);
  j["failures"] = v.failures;
  j["first_failure_s"] = HeadroomSeconds(v.first_failure);
  j["binding"] = v.binding;
  return j;
}

}  // namespace

bool FixAgrees(const analysis::Fix& f) {
  return f.simulated && PredictsFailure(f.predicted) == (f.simulated->failures > 0);
}

void WriteHeadroomText(const analysis::HeadroomReport& r, const std::string& scenario, uint64_t seed,
                       std::ostream& out) {
  const sim::Headroom& h = r.headroom;
  out << absl::StrFormat("headroom of %s at %ss (seed %d)\n", scenario, FormatSeconds(h.at), seed);
  if (h.pools.empty()) {
    out << "\n  no step or workload draws on a pool of ports after that time, and none is in use\n";
    return;
  }
  out << "\npools\n";
  internal::WritePoolsTable(h, out);
  if (!h.binding) return;
  internal::WriteBindingPool(h, out);
  if (r.fixes.empty()) {
    out << "\nno fix of portlab's list applies to this pool\n";
    return;
  }
  out << absl::StrFormat("\nfixes, ranked by the room they buy%s\n",
                         r.simulated ? absl::StrFormat(" (checked: %d runs of the scenario)", r.runs)
                                     : " (not checked: --no-check)");
  TextTable f({{"#", Align::kRight},
               {"fix", Align::kLeft},
               {"room", Align::kRight},
               {"exhaustion", Align::kRight},
               {"failures", Align::kRight},
               {"simulated failures", Align::kRight},
               {"first failure", Align::kRight},
               {"agrees", Align::kLeft}});
  auto sim_cells = [&](const std::optional<analysis::Verdict>& v) -> std::pair<std::string, std::string> {
    if (!v) return {"-", "-"};
    return {absl::StrCat(v->failures), Secs(v->first_failure)};
  };
  auto [before_failures, before_first] = sim_cells(r.simulated);
  f.AddRow({"-", "as it is", Room(r.predicted.room), Secs(r.predicted.exhaustion), Failures(r.predicted),
            before_failures, before_first,
            r.simulated ? (PredictsFailure(r.predicted) == (r.simulated->failures > 0) ? "yes" : "NO") : "-"});
  for (size_t i = 0; i < r.fixes.size(); ++i) {
    const analysis::Fix& x = r.fixes[i];
    auto [failures, first] = sim_cells(x.simulated);
    f.AddRow({absl::StrCat(i + 1), std::string(analysis::FixKindName(x.kind)), Room(x.predicted.room),
              Secs(x.predicted.exhaustion), Failures(x.predicted), failures, first,
              x.simulated ? (FixAgrees(x) ? "yes" : "NO") : "-"});
  }
  f.Print(out, "  ");
  out << "  (room, exhaustion, failures: predicted; failures \"yes\": an exhaustion, its count not predicted)\n";
  for (size_t i = 0; i < r.fixes.size(); ++i) {
    const analysis::Fix& x = r.fixes[i];
    out << absl::StrFormat("\n  %d. %s\n     change:  %s\n     formula: %s\n     then:    %s\n", i + 1,
                           analysis::FixKindName(x.kind), x.change, x.formula, x.predicted.binding);
  }
}

void WriteHeadroomJson(const analysis::HeadroomReport& r, const std::string& scenario, uint64_t seed,
                       const Provenance& provenance, std::ostream& out) {
  const sim::Headroom& h = r.headroom;
  Json j;
  j["portlab"] = ProvenanceJson(provenance, kHeadroomJsonFormat);
  j["scenario"] = scenario;
  j["seed"] = seed;
  j["at_s"] = h.at.seconds();
  j["pools"] = internal::PoolsJson(h);
  j["binding"] = h.binding ? Json(*h.binding) : Json(nullptr);
  j["predicted"] = VerdictJson(r.predicted);
  j["simulated"] = r.simulated ? VerdictJson(*r.simulated) : Json(nullptr);
  Json fixes = Json::array();
  for (const analysis::Fix& x : r.fixes) {
    Json q;
    q["kind"] = std::string(analysis::FixKindName(x.kind));
    q["change"] = x.change;
    q["formula"] = x.formula;
    q["predicted"] = VerdictJson(x.predicted);
    q["simulated"] = x.simulated ? VerdictJson(*x.simulated) : Json(nullptr);
    q["agrees"] = x.simulated ? Json(FixAgrees(x)) : Json(nullptr);
    fixes.push_back(std::move(q));
  }
  j["fixes"] = std::move(fixes);
  j["runs"] = r.runs;
  out << j.dump(2) << "\n";
}

}  // namespace portlab::report
