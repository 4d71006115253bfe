#include "portlab/nat/nat_figures.h"

#include "absl/strings/str_join.h"

namespace portlab::nat {
namespace {

constexpr std::string_view kNames[] = {
    "mappings",        "peak_mappings",    "mappings_created", "mappings_expired",   "sessions",
    "peak_sessions",   "translated_out",   "translated_in",    "hairpinned",         "icmp_translated",
    "icmp_sent",       "syns_held",        "allocation_probes", "port_blocks",       "peak_port_blocks", "block_ports",
    "ports_in_use",    "peak_ports_in_use", "max_subscriber_ports", "subscribers",   "drops"};

int64_t Sum(const std::map<std::string, int64_t>& m) {
  int64_t n = 0;
  for (const auto& [k, v] : m) n += v;
  return n;
}

}  // namespace

std::optional<int64_t> NatFigureByName(const NatFigures& f, std::string_view name) {
  if (name == "mappings") return f.mappings;
  if (name == "peak_mappings") return f.peak_mappings;
  if (name == "mappings_created") return f.mappings_created;
  if (name == "mappings_expired") return f.mappings_expired;
  if (name == "sessions") return f.sessions;
  if (name == "peak_sessions") return f.peak_sessions;
  if (name == "translated_out") return f.translated_out;
  if (name == "translated_in") return f.translated_in;
  if (name == "hairpinned") return f.hairpinned;
  if (name == "icmp_translated") return f.icmp_translated;
  if (name == "icmp_sent") return f.icmp_sent;
  if (name == "syns_held") return f.syns_held;
  if (name == "allocation_probes") return f.allocation_probes;
  if (name == "port_blocks") return f.port_blocks;
  if (name == "peak_port_blocks") return f.peak_port_blocks;
  if (name == "block_ports") return f.block_ports;
  if (name == "ports_in_use") return Sum(f.ports_in_use);
  if (name == "peak_ports_in_use") return Sum(f.peak_ports_in_use);
  if (name == "max_subscriber_ports") return f.max_subscriber_ports;
  if (name == "subscribers") return static_cast<int64_t>(f.subscribers.size());
  if (name == "drops") return f.drops_total();
  for (DropReason reason : AllDropReasons()) {
    if (name == DropFigureName(reason)) return f.drops[reason];
  }
  return std::nullopt;
}

bool IsNatFigureName(std::string_view name) { return NatFigureByName(NatFigures(), name).has_value(); }

std::string NatFigureNamesText() {
  std::vector<std::string> names(std::begin(kNames), std::end(kNames));
  for (DropReason reason : AllDropReasons()) names.push_back(DropFigureName(reason));
  return absl::StrJoin(names, ", ");
}

}  // namespace portlab::nat
