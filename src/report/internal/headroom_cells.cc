#include "report/internal/headroom_cells.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "report/internal/text_table.h"

namespace portlab::report::internal {
namespace {

std::string PerSecondCell(double r) { return std::isinf(r) ? "-" : absl::StrFormat("%.1f/s", r); }

}  // namespace

std::string PoolName(const sim::HeadroomPool& p) {
  std::string name = absl::StrCat(p.kind == sim::PoolKind::kHostRange ? "host " : "NAT ", p.owner);
  // Blocks serve every destination and protocol (nat/port_blocks.h).
  if (p.kind == sim::PoolKind::kNatBlocks) return absl::StrCat(name, " port blocks");
  if (p.source != "*") absl::StrAppend(&name, " ", p.source);
  absl::StrAppend(&name, " -> ", p.destination == "*" ? "any" : p.destination, " ",
                  std::string(net::ProtocolName(p.protocol)));
  return name;
}

std::string RoomCell(double room) { return std::isinf(room) ? "-" : absl::StrFormat("x%.3g", room); }

std::string WhenCell(std::optional<SimTime> t) { return t ? FormatSeconds(*t) + "s" : "never"; }

void WritePoolsTable(const sim::Headroom& h, std::ostream& out, bool short_only) {
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
  size_t shown = 0;
  for (size_t i = 0; i < h.pools.size(); ++i) {
    const sim::HeadroomPool& p = h.pools[i];
    if (short_only && h.binding != i && (p.room() > sim::kShownRoom || shown + 1 >= kMaxShortPools)) continue;
    ++shown;
    t.AddRow({h.binding == i ? "*" : "", PoolName(p), absl::StrCat(p.in_use), absl::StrCat(p.capacity),
              absl::StrCat(p.burst), p.rate > 0 ? PerSecondCell(p.rate) : "-",
              p.occupancy_s > 0 ? absl::StrFormat("%.6gs", p.occupancy_s) : "-",
              p.occupancy_s > 0 ? PerSecondCell(p.sustainable_rate()) : "-", WhenCell(p.exhaustion()),
              RoomCell(p.room())});
  }
  t.Print(out, "  ");
  if (shown < h.pools.size()) {
    out << absl::StrFormat("  (%d more pools, not listed: the JSON lists every one)\n", h.pools.size() - shown);
  }
  out << "  (room: capacity / the most places held at once: in use + burst + rate x held, less the entries in\n"
         "   use that free themselves meanwhile; below x1 the pool runs out)\n";
}

void WriteBindingPool(const sim::Headroom& h, std::ostream& out) {
  if (!h.binding) return;
  const sim::HeadroomPool& b = h.pools[*h.binding];
  out << absl::StrFormat("\nbinding (*): %s\n  capacity: %s\n", PoolName(b), b.why);
  if (b.burst_failures() > 0) {
    out << absl::StrFormat("  the steps' %d connect() calls find %d places free: %d predicted to fail at %s\n",
                           b.burst, std::max<int64_t>(0, b.capacity - b.in_use + (b.burst_at ? b.FreedBy(*b.burst_at) : 0)),
                           b.burst_failures(),
                           WhenCell(b.burst_at));
  } else if (auto e = b.exhaustion()) {
    const std::string burst = b.burst > 0 ? absl::StrFormat(" + %d the steps'", b.burst) : "";
    out << absl::StrFormat("  %d in use%s + %.6g conn/s x %.6gs held: %.0f at most at once > %d: runs out at %s, then "
                           "%.1f conn/s sustained\n",
                           b.in_use, burst, b.rate, b.occupancy_s, b.needed(), b.capacity, WhenCell(e),
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
}

nlohmann::ordered_json NumberOrNull(double x) {
  return std::isinf(x) || std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x);
}

nlohmann::ordered_json SecondsOrNull(std::optional<SimTime> t) {
  return t ? nlohmann::ordered_json(t->seconds()) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json PoolsJson(const sim::Headroom& h) {
  nlohmann::ordered_json pools = nlohmann::ordered_json::array();
  for (const sim::HeadroomPool& p : h.pools) {
    nlohmann::ordered_json q;
    q["kind"] = std::string(sim::PoolKindName(p.kind));
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
    q["exhaustion_s"] = SecondsOrNull(p.exhaustion());
    q["burst_failures"] = p.burst_failures();
    pools.push_back(std::move(q));
  }
  return pools;
}

}  // namespace portlab::report::internal
