#include "import/internal/conntrack_nat.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "import/internal/port_runs.h"
#include "portlab/base/strings.h"
#include "portlab/nat/session_state.h"

namespace portlab::import::internal {
namespace {

// 24 leading bits of a and b agree ... : the length of their common prefix.
int CommonBits(uint32_t a, uint32_t b) {
  int n = 0;
  while (n < 32 && ((a ^ b) & (0x80000000u >> n)) == 0) ++n;
  return n;
}

bool InPrefix(uint32_t a, uint32_t base, int len) {
  const uint32_t mask = len == 0 ? 0 : ~uint32_t{0} << (32 - len);
  return (a & mask) == (base & mask);
}

// The state as a `sessions:` entry takes it: conntrack's TCP name, and for
// UDP whether a reply came.
std::string StateText(const ConntrackEntry& e) {
  if (e.protocol == net::Protocol::kTcp) return e.state;
  if (e.unreplied) return "UNREPLIED";
  return e.assured ? "ASSURED" : "REPLIED";
}

// Longer than any conntrack timeout (ESTABLISHED's is 5 days,
// nf_conntrack_proto_tcp.c tcp_timeouts): a longer one is not a timer.
constexpr int64_t kLongestTimer = 100'000'000;

}  // namespace

std::string WriteConntrackNat(const Snapshot& s, const std::string& host,
                              const std::set<net::IpAddress>& host_addresses) {
  std::map<std::string, int64_t> states;
  std::map<net::IpAddress, int64_t> snat;
  std::vector<const ConntrackEntry*> translated;
  int64_t double_nat = 0, v6 = 0, unplaceable = 0;
  for (const ConntrackEntry& e : s.conntrack) {
    ++states[absl::StrCat(AV(net::ProtocolName(e.protocol)), e.state.empty() ? "" : " ", e.state)];
    if (e.reply_dst.address == e.original_src.address) continue;
    ++snat[e.reply_dst.address];
    if (!e.original_src.address.is_v4() || !e.reply_dst.address.is_v4() || !e.original_dst.address.is_v4()) {
      ++v6;
    } else if (!(e.reply_src == e.original_dst)) {
      ++double_nat;
    } else if (!nat::ParseSessionState(StateText(e), e.protocol) || e.timeout_s < 0 || e.timeout_s > kLongestTimer ||
               e.original_src.port.is_zero() || e.original_dst.port.is_zero() || e.reply_dst.port.is_zero()) {
      ++unplaceable;
    } else {
      translated.push_back(&e);
    }
  }
  std::vector<std::string> parts;
  for (const auto& [k, n] : states) parts.push_back(absl::StrCat(n, " ", k));
  std::string out = absl::StrCat("# ", s.file, ": ", s.conntrack.size(), " conntrack entries (",
                                 absl::StrJoin(parts, ", "), ")");
  for (const auto& [a, n] : snat) absl::StrAppend(&out, "; ", n, " translated to ", a.ToString());
  absl::StrAppend(&out, ".\n");
  if (translated.empty()) {
    absl::StrAppend(&out, "# No entry was translated by a source NAT: no NAT is placed.\n");
    return out;
  }
  const std::string name = absl::StrCat(host, "-nat");
  std::set<net::IpAddress> outside;
  for (const ConntrackEntry* e : translated) outside.insert(e->reply_dst.address);
  if (outside.size() > 256) {
    absl::StrAppend(&out, "# The translations use ", outside.size(),
                    " outside addresses, more than one NAT takes (256): they are not placed.\n");
    return out;
  }
  for (const net::IpAddress& a : outside) {
    if (host_addresses.count(a)) {
      absl::StrAppend(&out, "# ", a.ToString(), " is both the translations' outside address and a host's (",
                      host, "'s sockets, or a destination it connects to): a NAT cannot share it, so the "
                      "translations are not placed.\n");
      return out;
    }
  }
  // The inside network: every inside address within it, no outside address
  // or remote.
  const uint32_t first = translated.front()->original_src.address.v4();
  int common = 32;
  for (const ConntrackEntry* e : translated) common = std::min(common, CommonBits(first, e->original_src.address.v4()));
  auto holds_other = [&](int len) {
    for (const net::IpAddress& a : outside)
      if (InPrefix(a.v4(), first, len)) return true;
    for (const ConntrackEntry* e : translated)
      if (InPrefix(e->original_dst.address.v4(), first, len)) return true;
    return false;
  };
  int len = std::max(8, std::min(common, 24));
  while (len < 30 && holds_other(len)) ++len;
  if (holds_other(len)) {
    absl::StrAppend(&out, "# No inside network of length 8 to 30 holds the translated sources without an outside "
                          "address or a remote: the translations are not placed.\n");
    return out;
  }
  int64_t elsewhere = 0;
  // Grouped where the port is kept: (protocol, state, inside, outside,
  // remote, seconds left) -> ports.
  using Group = std::tuple<int, std::string, net::IpAddress, net::IpAddress, net::Endpoint, int64_t>;
  std::map<Group, std::vector<uint16_t>> groups;
  std::vector<const ConntrackEntry*> single;
  // Each side's 5-tuple once, as the loader checks (a table listed while
  // it changed may show one twice): the first kept.
  std::set<std::tuple<int, net::Endpoint, net::Endpoint>> inside_seen, outside_seen;
  for (const ConntrackEntry* e : translated) {
    const int p = static_cast<int>(e->protocol);
    if (!InPrefix(e->original_src.address.v4(), first, len) || outside.count(e->original_dst.address) ||
        !inside_seen.insert({p, e->original_src, e->original_dst}).second ||
        !outside_seen.insert({p, e->reply_dst, e->original_dst}).second) {
      ++elsewhere;
      continue;
    }
    if (e->original_src.port == e->reply_dst.port) {
      groups[{static_cast<int>(e->protocol), StateText(*e), e->original_src.address, e->reply_dst.address,
              e->original_dst, e->timeout_s}]
          .push_back(e->original_src.port.value());
    } else {
      single.push_back(e);
    }
  }
  const int64_t placed = static_cast<int64_t>(translated.size()) - elsewhere;
  const uint32_t mask = ~uint32_t{0} << (32 - len);
  if (placed == 0) {
    absl::StrAppend(&out, "# No translated entry can be placed: no NAT is placed.\n");
    return out;
  }
  absl::StrAppend(&out, "# The ", placed, " translated entries are NAT ", name,
                  "'s sessions at the start (the reply's destination its outside end), with their time left.\n");
  if (double_nat + v6 + unplaceable + elsewhere > 0) {
    absl::StrAppend(&out, "# Left out: ", double_nat, " also destination-NATed, ", v6, " IPv6, ", unplaceable,
                    " with a state, timeout or port no NAT holds, ", elsewhere, " from outside ",
                    net::IpAddress::V4(first & mask).ToString(), "/", len,
                    ", toward an outside address or listed twice.\n");
  }
  std::vector<std::string> outside_text;
  for (const net::IpAddress& a : outside) outside_text.push_back(a.ToString());
  absl::StrAppend(&out, "nats:\n  ", name, ":\n    profile: linux-masquerade\n    inside: ",
                  net::IpAddress::V4(first & mask).ToString(), "/", len, "\n    outside: [",
                  absl::StrJoin(outside_text, ", "), "]\n    sessions:\n");
  auto proto = [](net::Protocol p) { return p == net::Protocol::kUdp ? std::string("proto: udp, ") : std::string(); };
  for (const auto& [g, ports] : groups) {
    const auto& [p, state, inside, out_addr, remote, left] = g;
    absl::StrAppend(&out, "      - {", proto(static_cast<net::Protocol>(p)), "state: ", state, ", ");
    if (ports.size() == 1) {
      absl::StrAppend(&out, "inside: \"", net::Endpoint{inside, net::Port(ports[0])}.ToString(), "\", outside: \"",
                      net::Endpoint{out_addr, net::Port(ports[0])}.ToString(), "\"");
    } else {
      absl::StrAppend(&out, "inside: ", inside.ToString(), ", outside: ", out_addr.ToString(), ", ports: \"",
                      PortRuns(ports), "\", count: ", ports.size());
    }
    absl::StrAppend(&out, ", remote: \"", remote.ToString(), "\", timer: ", left, "s}\n");
  }
  for (const ConntrackEntry* e : single) {
    absl::StrAppend(&out, "      - {", proto(e->protocol), "state: ", StateText(*e), ", inside: \"",
                    e->original_src.ToString(), "\", outside: \"", e->reply_dst.ToString(), "\", remote: \"",
                    e->original_dst.ToString(), "\", timer: ", e->timeout_s, "s}  # ", s.file, ":", e->line, "\n");
  }
  return out;
}

}  // namespace portlab::import::internal
