#include "portlab/report/headroom_writer.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "portlab/base/time.h"
#include "report/internal/text_table.h"

namespace portlab::report {
namespace {

using internal::Align;
using internal::TextTable;
using Json = nlohmann::ordered_json;

std::string Secs(std::optional<SimTime> t) { return t ? FormatSeconds(*t) + "s" : "never"; }

std::string Room(double room) { return std::isinf(room) ? "-" : absl::StrFormat("x%.3g", room); }

std::string HeadroomPerSecond(double r) { return std::isinf(r) ? "-" : absl::StrFormat("%.1f/s", r); }

std::string PoolName(const analysis::HeadroomPool& p) {
  std::string name = absl::StrCat(p.kind == analysis::PoolKind::kHostRange ? "host " : "NAT ", p.owner);
  if (p.source != "*") absl::StrAppend(&name, " ", p.source);
  absl::StrAppend(&name, " -> ", p.destination == "*" ? "any" : p.destination, " ", std::string(net::ProtocolName(p.protocol)));
  return name;
}

bool PredictsFailure(const analysis::Verdict& v) { return v.exhaustion.has_value() || v.failures > 0; }

std::string Failures(const analysis::Verdict& v) {
  if (v.failures > 0) return absl::StrCat(v.failures);
  return v.exhaustion ? "yes" : "0";
}

Json NumberOrNull(double x) { return std::isinf(x) || std::isnan(x) ? Json(nullptr) : Json(x); }

Json HeadroomSeconds(std::optional<SimTime> t) { return t ? Json(t->seconds()) : Json(nullptr); }

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
  const analysis::Headroom& h = r.headroom;
  out << absl::StrFormat("headroom of %s at %ss (seed %d)\n", scenario, FormatSeconds(h.at), seed);
  if (h.pools.empty()) {
    out << "\n  no step or workload draws on a pool of ports after that time, and none is in use\n";
    return;
  }
  out << "\npools\n";
  TextTable t({{"", Align::kLeft},
               {"pool", Align::kLeft},
               {"in use", Align::kRight},
               {"capacity", Align::kRight},
               {"burst", Align::kRight},
               {"rate", Align::kRight},
               {"held", Align::kRight},
               {"sustainable", Align::kRight},
               {"exhaustion", Align::kRight},
               {"room", Align::kRight}});
  for (size_t i = 0; i < h.pools.size(); ++i) {
    const analysis::HeadroomPool& p = h.pools[i];
    t.AddRow({h.binding == i ? "*" : "", PoolName(p), absl::StrCat(p.in_use), absl::StrCat(p.capacity),
              absl::StrCat(p.burst), p.rate > 0 ? HeadroomPerSecond(p.rate) : "-",
              p.occupancy_s > 0 ? absl::StrFormat("%.6gs", p.occupancy_s) : "-",
              p.occupancy_s > 0 ? HeadroomPerSecond(p.sustainable_rate()) : "-", Secs(p.exhaustion()), Room(p.room())});
  }
  t.Print(out, "  ");
  out << "  (room: capacity / (in use + burst + rate x held); below x1 the pool runs out)\n";
  if (!h.binding) return;
  const analysis::HeadroomPool& b = h.pools[*h.binding];
  out << absl::StrFormat("\nbinding (*): %s\n  capacity: %s\n", PoolName(b), b.why);
  if (b.burst_failures() > 0) {
    out << absl::StrFormat("  the steps' %d connect() calls find %d places free: %d predicted to fail at %s\n",
                           b.burst, std::max<int64_t>(0, b.capacity - b.in_use), b.burst_failures(),
                           Secs(b.burst_at));
  } else if (auto e = b.exhaustion()) {
    out << absl::StrFormat("  %.6g conn/s x %.6gs held = %.0f needed > %d: runs out at %s, then %.1f conn/s sustained\n",
                           b.rate, b.occupancy_s, b.rate * b.occupancy_s, b.capacity, Secs(e),
                           b.sustainable_rate());
  } else {
    out << "  no exhaustion predicted\n";
  }
  std::vector<std::string> short_too;
  for (size_t i = 0; i < h.pools.size(); ++i) {
    if (i != *h.binding && h.pools[i].room() < 1) short_too.push_back(PoolName(h.pools[i]));
  }
  if (!short_too.empty()) {
    out << "  also short (room below x1; fix the binding pool first, then run again):\n";
    for (const std::string& name : short_too) out << "    " << name << "\n";
  }
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
  const analysis::Headroom& h = r.headroom;
  Json j;
  j["portlab"] = ProvenanceJson(provenance, kHeadroomJsonFormat);
  j["scenario"] = scenario;
  j["seed"] = seed;
  j["at_s"] = h.at.seconds();
  Json pools = Json::array();
  for (const analysis::HeadroomPool& p : h.pools) {
    Json q;
    q["kind"] = std::string(analysis::PoolKindName(p.kind));
    q["owner"] = p.owner;
    q["source"] = p.source;
    q["destination"] = p.destination;
    q["protocol"] = std::string(net::ProtocolName(p.protocol));
    q["why"] = p.why;
    q["capacity"] = p.capacity;
    q["in_use"] = p.in_use;
    q["burst"] = p.burst;
    q["rate"] = p.rate;
    q["occupancy_s"] = p.occupancy_s;
    q["sustainable_rate"] = NumberOrNull(p.sustainable_rate());
    q["room"] = NumberOrNull(p.room());
    q["exhaustion_s"] = HeadroomSeconds(p.exhaustion());
    q["burst_failures"] = p.burst_failures();
    pools.push_back(std::move(q));
  }
  j["pools"] = std::move(pools);
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
