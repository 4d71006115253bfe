#include "portlab/import/scenario_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "import/internal/conntrack_nat.h"
#include "import/internal/port_runs.h"
#include "portlab/base/strings.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/os_profile.h"

namespace portlab::import {
namespace {

using scenario::SocketState;

// A series of snapshots: their format, and for /proc/net files the IP
// version their addresses have (0 for every other format).
using SeriesKey = std::pair<Format, int>;

// A socket group's timer when it has none: none said, or none running
// (a FIN-WAIT-2 its process holds: `timer: none`).
constexpr int64_t kNoTimer = -1;
constexpr int64_t kHeld = -2;

net::IpAddress Plain(const net::IpAddress& a) { return a.MappedV4().value_or(a); }

// A socket's identity across lists: protocol, local end, remote end (or
// none), so the same socket in ss and /proc/net is placed once.
using SocketKey = std::tuple<int, net::IpAddress, uint16_t, bool, net::IpAddress, uint16_t>;

SocketKey KeyOf(const ObservedSocket& s) {
  return {static_cast<int>(s.protocol), s.local.address, s.local.port.value(), s.remote.has_value(),
          s.remote ? s.remote->address : net::IpAddress(), s.remote ? s.remote->port.value() : 0};
}

ObservedSocket Normalised(ObservedSocket s) {
  s.local.address = Plain(s.local.address);
  if (s.remote) s.remote->address = Plain(s.remote->address);
  return s;
}

std::string Endpoint(const net::IpAddress& a, uint16_t port) {
  return net::Endpoint{a, net::Port(port)}.ToString();
}

// Seconds as the loader reads them, without trailing zeros: "25s", "33.83s".
std::string Seconds(Duration d) {
  std::string s = absl::StrFormat("%.3f", static_cast<double>(d.nanos()) / 1e9);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "s";
}

std::string Rate(double r) {
  std::string s = absl::StrFormat("%.4f", r);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// A name the loader takes for a workload: [A-Za-z0-9_.-].
std::string SimpleName(std::string text) {
  for (char& c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '-';
  }
  return text;
}

int StateOrder(SocketState s) { return static_cast<int>(s); }

// The sockets of the last snapshot of every format, merged.
struct Machine {
  std::map<SocketKey, ObservedSocket> sockets;
  std::map<SocketKey, std::string> source;  // the file each came from
};

// Whether `s` is a connection the machine accepted: a listener (of the
// same protocol) holds its local port on its address or the wildcard.
bool Accepted(const ObservedSocket& s, const std::set<std::pair<net::IpAddress, uint16_t>>& listeners) {
  if (!s.remote || s.protocol != net::Protocol::kTcp) return false;
  const net::IpAddress any = s.local.address.is_v4() ? net::IpAddress::AnyV4() : net::IpAddress::AnyV6();
  return listeners.count({s.local.address, s.local.port.value()}) || listeners.count({any, s.local.port.value()}) ||
         listeners.count({net::IpAddress::AnyV6(), s.local.port.value()});
}

std::set<std::pair<net::IpAddress, uint16_t>> Listeners(const std::vector<ObservedSocket>& sockets) {
  std::set<std::pair<net::IpAddress, uint16_t>> out;
  for (const ObservedSocket& s : sockets) {
    if (s.protocol == net::Protocol::kTcp && s.state == SocketState::kListen) {
      out.insert({s.local.address, s.local.port.value()});
    }
  }
  return out;
}

// The OS whose output a format is, by its profile's name and as written:
// macOS's and Windows's netstat, else Linux's (conntrack's too).
struct Os {
  const char* profile;
  const char* title;
};
Os OsOf(Format f) {
  if (f == Format::kNetstatMacos) return {"macos", "macOS"};
  if (f == Format::kNetstatWindows) return {"windows", "Windows"};
  return {"linux", "Linux"};
}

struct Continuation {
  net::IpAddress local;
  net::Endpoint to;
  int64_t fresh = 0;        // connections the last snapshot has and the first had not
  int64_t fresh_open = 0;   // of those, ESTABLISHED in the last
  int64_t open_first = 0;   // ESTABLISHED toward `to` in the first, and in the last
  int64_t open_last = 0;
  int64_t time_wait = 0;    // TIME-WAITs toward `to` in the last
  double rate = 0;
  std::string first_file, last_file;
};

}  // namespace

absl::StatusOr<std::string> WriteImportedScenario(const std::vector<Snapshot>& snapshots,
                                                  const ImportOptions& options) {
  if (snapshots.empty()) return absl::InvalidArgumentError("nothing to import: no file given");
  if (options.interval && options.interval->nanos() <= 0) {
    return absl::InvalidArgumentError("--interval must be more than 0");
  }
  // Snapshots by format, in the order given: one series of moments per
  // format, except that /proc/net/tcp and tcp6 (udp and udp6) are two
  // halves of one moment, each a series of its own.
  std::map<SeriesKey, std::vector<const Snapshot*>> by_format;
  for (const Snapshot& s : snapshots) by_format[{s.format, s.ip_version}].push_back(&s);
  bool series = false;
  for (const auto& [key, list] : by_format) {
    if (list.size() < 2) continue;
    if (!options.interval) {
      return absl::InvalidArgumentError(absl::StrCat(
          list[0]->file, " and ", list[1]->file, " are both ", AV(FormatName(key.first)),
          key.second ? absl::StrCat(" of IPv", key.second) : "",
          ": give --interval, the time between them, to read a rate from them (or only one)"));
    }
    series = true;
  }
  if (options.interval && !series) {
    return absl::InvalidArgumentError(
        "--interval needs two snapshots of one format (the same command run that far apart)");
  }

  // One machine, one OS: ss, /proc/net, sockstat, sysctl -a and net-tools'
  // netstat are Linux's, the other netstats macOS's and Windows's (a sysctl
  // -a's net.ipv4 knobs do not go onto a macOS host). conntrack describes
  // the NAT, a box of its own, whatever the host.
  const Snapshot* os_file = nullptr;
  for (const Snapshot& s : snapshots) {
    if (s.format == Format::kConntrackList || s.format == Format::kConntrackStats) continue;
    if (os_file && std::string_view(OsOf(os_file->format).profile) != OsOf(s.format).profile) {
      return absl::InvalidArgumentError(absl::StrCat(
          os_file->file, " is ", AV(FormatName(os_file->format)), ", a ", OsOf(os_file->format).title,
          " machine's, and ", s.file, " ", AV(FormatName(s.format)), ", a ", OsOf(s.format).title,
          " machine's: one import is one machine's (import each on its own)"));
    }
    if (!os_file) os_file = &s;
  }

  // The machine now: the last socket list of every format, merged.
  Machine m;
  for (const auto& [key, list] : by_format) {
    if (!ListsSockets(key.first)) continue;
    for (ObservedSocket s : list.back()->sockets) {
      s = Normalised(s);
      const SocketKey k = KeyOf(s);
      auto [it, fresh] = m.sockets.try_emplace(k, s);
      if (fresh) {
        m.source[k] = list.back()->file;
      } else if (!it->second.timer && s.timer && s.state == it->second.state) {
        // The same socket in another list (ss and /proc/net), one with its
        // time left. A line of the same 4-tuple in another state is another
        // moment of it: the first is kept, and a timer only goes with the
        // states that have one (fuzz/findings/import).
        it->second.timer = s.timer;
        it->second.held = false;
      } else if (s.held && !it->second.timer && s.state == it->second.state) {
        it->second.held = true;
      }
    }
  }
  std::vector<ObservedSocket> now;
  for (const auto& [k, s] : m.sockets) now.push_back(s);
  const auto listeners = Listeners(now);

  // Addresses.
  std::set<net::IpAddress> addresses;
  for (const ObservedSocket& s : now) {
    if (!s.local.address.IsUnspecified() && !s.local.address.IsLoopback()) addresses.insert(s.local.address);
  }
  const bool made_up_address = addresses.empty();
  if (made_up_address) addresses.insert(net::IpAddress::V4(0xC0000201));  // 192.0.2.1

  // Rates.
  std::vector<Continuation> continuations;
  if (options.interval) {
    std::map<std::pair<net::IpAddress, std::pair<net::IpAddress, uint16_t>>, Continuation> by_dest;
    std::optional<Format> rates_from;
    for (const auto& [key, list] : by_format) {
      if (!ListsSockets(key.first) || list.size() < 2) continue;
      // One format's series give the rates: another's (ss and /proc/net of
      // the same instants) would count the same connections again.
      if (rates_from && *rates_from != key.first) break;
      rates_from = key.first;
      const Snapshot& first = *list.front();
      const Snapshot& last = *list.back();
      const Duration span = *options.interval * static_cast<int64_t>(list.size() - 1);
      std::vector<ObservedSocket> first_sockets, last_sockets;
      for (const ObservedSocket& s : first.sockets) first_sockets.push_back(Normalised(s));
      for (const ObservedSocket& s : last.sockets) last_sockets.push_back(Normalised(s));
      const auto first_listeners = Listeners(first_sockets);
      const auto last_listeners = Listeners(last_sockets);
      std::set<SocketKey> seen;
      std::set<Continuation*> touched;
      auto entry = [&](const ObservedSocket& s) -> Continuation& {
        Continuation& c = by_dest[{s.local.address, {s.remote->address, s.remote->port.value()}}];
        c.local = s.local.address;
        c.to = *s.remote;
        c.first_file = first.file;
        c.last_file = last.file;
        touched.insert(&c);
        return c;
      };
      for (const ObservedSocket& s : first_sockets) {
        if (s.protocol != net::Protocol::kTcp || !s.remote || Accepted(s, first_listeners)) continue;
        seen.insert(KeyOf(s));
        if (s.state == SocketState::kEstablished) ++entry(s).open_first;
      }
      for (const ObservedSocket& s : last_sockets) {
        if (s.protocol != net::Protocol::kTcp || !s.remote || Accepted(s, last_listeners)) continue;
        Continuation& c = entry(s);
        const bool open = s.state == SocketState::kEstablished;
        if (!seen.count(KeyOf(s))) {
          ++c.fresh;
          if (open) ++c.fresh_open;
        }
        if (open) ++c.open_last;
        if (s.state == SocketState::kTimeWait) ++c.time_wait;
      }
      for (Continuation* c : touched) {
        c->rate = static_cast<double>(c->fresh) / (static_cast<double>(span.nanos()) / 1e9);
      }
    }
    for (auto& [k, c] : by_dest) {
      if (c.fresh > 0) continuations.push_back(c);
    }
  }

  std::string out;
  absl::StrAppend(&out, "# Imported by `portlab import` from what a machine showed:\n");
  for (const Snapshot& s : snapshots) {
    std::string what;
    if (ListsSockets(s.format)) what = absl::StrCat(s.sockets.size(), " sockets");
    if (s.format == Format::kSysctl) {
      what = absl::StrCat(s.knobs.size(), " knobs of the linux profile, ", s.other_settings,
                          " settings portlab does not model");
    }
    if (s.format == Format::kSockstat) what = "socket counts";
    if (s.format == Format::kConntrackList) what = absl::StrCat(s.conntrack.size(), " conntrack entries");
    if (s.format == Format::kConntrackStats) what = absl::StrCat(s.conntrack_stats.size(), " conntrack counters");
    absl::StrAppend(&out, "#   ", s.file, " (", AV(FormatName(s.format)), "): ", what);
    if (!s.problems.empty()) absl::StrAppend(&out, "; ", s.problems.size(), " lines not read (listed when imported)");
    absl::StrAppend(&out, "\n");
  }
  if (options.interval) {
    absl::StrAppend(&out, "# Snapshots of one format are ", Seconds(*options.interval),
                    " apart (--interval); the sockets placed are the last one's.\n");
  }
  std::string named = snapshots.back().file;  // the last socket list, else the last file
  for (const Snapshot& s : snapshots) {
    if (ListsSockets(s.format)) named = s.file;
  }
  absl::StrAppend(&out, "name: imported from ", named, "\nseed: 1\n");
  if (!continuations.empty()) {
    absl::StrAppend(&out, "# The workloads below go on as the machine did, for ", Seconds(options.until), ".\n",
                    "until: ", Seconds(options.until), "\n");
  }
  absl::StrAppend(&out, "hosts:\n  ", options.host, ":\n");
  std::vector<std::string> addr_text;
  // Quoted: an IPv6 address ending "::" is a map's key to YAML
  // ("[2001:db8::, ...]": "2001:db8:" and a ':').
  for (const net::IpAddress& a : addresses) addr_text.push_back(absl::StrCat("\"", a.ToString(), "\""));
  if (made_up_address) absl::StrAppend(&out, "    # No socket named an address of the machine: 192.0.2.1 (RFC 5737) stands in.\n");
  // The OS of the files (one, checked above).
  const std::string os = os_file ? OsOf(os_file->format).profile : "linux";
  absl::StrAppend(&out, "    addresses: [", absl::StrJoin(addr_text, ", "), "]\n    os: ", os, "\n");

  // Knobs: the last sysctl snapshot's.
  if (auto it = by_format.find({Format::kSysctl, 0}); it != by_format.end() && !it->second.back()->knobs.empty()) {
    const Snapshot& s = *it->second.back();
    absl::StrAppend(&out, "    sysctl:\n");
    for (const KnobLine& k : s.knobs) {
      absl::StrAppend(&out, "      ", k.name, ": \"", k.value, "\"  # ", s.file, ":", k.line, "\n");
    }
  }

  // How long the host lets a placed socket's timer run (stack/host_placement.cc):
  // its TIME-WAIT and its tcp_fin_timeout, the imported knobs' or the
  // profile's. A longer timer (snapshots taken apart, a knob changed
  // between them, a hand-edited file) is placed at that length, and said.
  stack::Knobs knobs = stack::FindProfile(os)->knobs;
  if (auto it = by_format.find({Format::kSysctl, 0}); it != by_format.end()) {
    for (const KnobLine& k : it->second.back()->knobs) (void)stack::FindProfile(os)->set_knob(knobs, k.name, k.value);
  }
  bool timers_cut = false;

  // Sockets, grouped.
  using GroupKey = std::tuple<int, int, net::IpAddress, bool, net::IpAddress, uint16_t, int64_t>;
  std::map<GroupKey, std::vector<uint16_t>> groups;
  std::map<std::string, std::map<std::string, int64_t>> per_file;  // file -> state -> count
  bool timers_missing = false;
  for (const auto& [k, s] : m.sockets) {
    std::optional<Duration> timer = s.timer;
    const Duration longest = s.state == SocketState::kTimeWait ? knobs.time_wait : knobs.tcp_fin_timeout;
    if (timer && *timer > longest) {
      timer = longest;
      timers_cut = true;
    }
    const GroupKey g{static_cast<int>(s.protocol), StateOrder(s.state), s.local.address, s.remote.has_value(),
                     s.remote ? s.remote->address : net::IpAddress(), s.remote ? s.remote->port.value() : 0,
                     timer ? timer->nanos() : s.held ? kHeld : kNoTimer};
    groups[g].push_back(s.local.port.value());
    ++per_file[m.source[k]][absl::StrCat(AV(net::ProtocolName(s.protocol)), " ", AV(scenario::SocketStateName(s.state)))];
    timers_missing |= s.state == SocketState::kTimeWait && !s.timer;
  }
  if (!groups.empty()) {
    absl::StrAppend(&out, "    # The sockets the machine held, placed in its tables at the start:\n");
    for (const auto& [file, counts] : per_file) {
      std::vector<std::string> parts;
      for (const auto& [state, n] : counts) parts.push_back(absl::StrCat(n, " ", state));
      absl::StrAppend(&out, "    #   from ", file, ": ", absl::StrJoin(parts, ", "), "\n");
    }
    if (timers_missing) {
      absl::StrAppend(&out, "    # Some TIME-WAITs came without their time left (ss without -o, netstat):\n",
                      "    # they are placed with the whole TIME-WAIT.\n");
    }
    if (timers_cut) {
      absl::StrAppend(&out, "    # Some timers were longer than the host's TIME-WAIT or tcp_fin_timeout:\n",
                      "    # they are placed at that length.\n");
    }
    absl::StrAppend(&out, "    sockets:\n");
    for (auto& [g, ports] : groups) {
      std::sort(ports.begin(), ports.end());
      const auto& [proto, state, local, has_remote, remote, remote_port, timer_ns] = g;
      std::string line = absl::StrCat("      - {");
      if (proto == static_cast<int>(net::Protocol::kUdp)) absl::StrAppend(&line, "proto: udp, ");
      absl::StrAppend(&line, "state: ", AV(scenario::SocketStateName(static_cast<SocketState>(state))), ", ");
      if (ports.size() == 1) {
        absl::StrAppend(&line, "local: \"", Endpoint(local, ports[0]), "\"");
      } else {
        absl::StrAppend(&line, "local: \"", local.ToString(), "\", ports: \"", internal::PortRuns(ports), "\", count: ",
                        ports.size());
      }
      if (has_remote) absl::StrAppend(&line, ", remote: \"", Endpoint(remote, remote_port), "\"");
      if (timer_ns >= 0) absl::StrAppend(&line, ", timer: ", Seconds(Duration::Nanos(timer_ns)));
      if (timer_ns == kHeld) absl::StrAppend(&line, ", timer: none");
      absl::StrAppend(&out, line, "}\n");
    }
  }

  // The peers the workloads connect to.
  std::set<net::IpAddress> peer_addresses;
  std::set<std::pair<net::IpAddress, uint16_t>> peer_ports;
  for (const Continuation& c : continuations) {
    if (addresses.count(c.to.address) || c.to.address.IsLoopback()) continue;
    peer_addresses.insert(c.to.address);
    peer_ports.insert({c.to.address, c.to.port.value()});
  }
  if (!peer_addresses.empty()) {
    std::vector<std::string> text;
    for (const net::IpAddress& a : peer_addresses) text.push_back(a.ToString());
    absl::StrAppend(&out, "  # The destinations the machine kept connecting to, answering as a server does.\n",
                    "  peers:\n    addresses: [", absl::StrJoin(text, ", "), "]\n    os: linux\n");
    // A SYN-SENT toward a peer's port nobody answers there: no RST either
    // (the machine's SYN went unanswered), so the peer drops it.
    std::set<std::pair<net::IpAddress, uint16_t>> unanswered;
    for (const auto& [k, s] : m.sockets) {
      if (s.protocol != net::Protocol::kTcp || s.state != SocketState::kSynSent || !s.remote) continue;
      const std::pair<net::IpAddress, uint16_t> to{s.remote->address, s.remote->port.value()};
      if (peer_addresses.count(to.first) && !peer_ports.count(to)) unanswered.insert(to);
    }
    if (!unanswered.empty()) {
      absl::StrAppend(&out, "    # Its SYN-SENT sockets' SYNs went unanswered: the peer drops them.\n    firewall:\n");
      for (const auto& [a, p] : unanswered) {
        absl::StrAppend(&out, "      - {proto: tcp, daddr: ", a.ToString(), ", dport: ", p, ", action: drop}\n");
      }
    }
  }

  // Comments: sockstat, conntrack.
  if (auto it = by_format.find({Format::kSockstat, 0}); it != by_format.end()) {
    const Snapshot& s = *it->second.back();
    if (s.sockstat) {
      int64_t tcp_tw = 0, tcp_other = 0, udp = 0;
      for (const ObservedSocket& o : now) {
        if (o.protocol == net::Protocol::kUdp) ++udp;
        else if (o.state == SocketState::kTimeWait) ++tcp_tw;
        else ++tcp_other;
      }
      absl::StrAppend(&out, "# ", s.file, ": TCP inuse ", s.sockstat->tcp_inuse, ", tw ", s.sockstat->tcp_tw,
                      ", orphan ", s.sockstat->tcp_orphan, "; UDP inuse ", s.sockstat->udp_inuse, ".\n",
                      "# The socket lists hold ", tcp_other, " TCP sockets besides ", tcp_tw, " TIME-WAITs, and ",
                      udp, " UDP sockets", (tcp_other == s.sockstat->tcp_inuse && tcp_tw == s.sockstat->tcp_tw &&
                                              udp == s.sockstat->udp_inuse)
                                                 ? ": the same counts.\n"
                                                 : " (sockstat counts every socket of the machine, the lists only "
                                                   "those they were asked for).\n");
    }
  }
  if (auto it = by_format.find({Format::kConntrackList, 0}); it != by_format.end()) {
    // The hosts' addresses, the machine's and its peers': no NAT may own one.
    std::set<net::IpAddress> owned = addresses;
    owned.insert(peer_addresses.begin(), peer_addresses.end());
    absl::StrAppend(&out, internal::WriteConntrackNat(*it->second.back(), options.host, owned));
  }
  if (auto it = by_format.find({Format::kConntrackStats, 0}); it != by_format.end()) {
    const Snapshot& s = *it->second.back();
    std::vector<std::string> parts;
    for (const ConntrackStat& c : s.conntrack_stats) parts.push_back(absl::StrCat(c.name, " ", c.value));
    absl::StrAppend(&out, "# ", s.file, ": ", absl::StrJoin(parts, ", "), ".\n");
  }

  if (!peer_ports.empty()) {
    absl::StrAppend(&out, "steps:\n");
    for (const auto& [a, p] : peer_ports) {
      absl::StrAppend(&out, "  - {at: 0s, host: peers, op: listen, proto: tcp, address: ", a.ToString(), ", port: ", p, "}\n");
    }
  }
  if (!continuations.empty()) {
    absl::StrAppend(&out, "workloads:\n");
    std::set<std::string> names;  // a workload's name is its own
    for (const Continuation& c : continuations) {
      // Named after the destination; a second source toward it adds its
      // own address (and a count, should that be taken too).
      std::string name = SimpleName(absl::StrCat("continue-", c.to.ToString()));
      if (!names.insert(name).second) {
        const std::string base = SimpleName(absl::StrCat("continue-", c.local.ToString(), "-", c.to.ToString()));
        name = base;
        for (int n = 2; !names.insert(name).second; ++n) name = absl::StrCat(base, "-", n);
      }
      // Little's law over the new connections alone: those open in both
      // snapshots are placed sockets, not part of the flow. Every new one
      // still open: each is held at least the interval, so for the run.
      const bool held = c.fresh_open == c.fresh;
      absl::StrAppend(&out, "  # ", c.fresh, " new connections from ", c.local.ToString(), " to ", c.to.ToString(),
                      " between ", c.first_file, " and ", c.last_file, ": ", Rate(c.rate), " per second, ",
                      c.fresh_open, " of them still open; ESTABLISHED ", c.open_first, " -> ", c.open_last);
      std::string hold;
      if (held) {
        absl::StrAppend(&out, ": held open\n");
        hold = Seconds(options.until);
      } else {
        const double mean = c.rate > 0 ? static_cast<double>(c.fresh_open) / c.rate : 0;
        absl::StrAppend(&out, ": held ", Rate(mean), " s on average (new still open / rate)\n");
        hold = Seconds(Duration::Nanos(static_cast<int64_t>(std::llround(mean * 1e9))));
      }
      absl::StrAppend(&out, "  - {name: ", name, ", from: ",
                      options.host, ", to: \"", c.to.ToString(), "\", rate: ", Rate(c.rate), ", hold: ", hold,
                      ", closer: ", c.time_wait > 0 || !held ? "client" : "server");
      if (std::count_if(addresses.begin(), addresses.end(),
                        [&](const net::IpAddress& a) { return a.is_v4() == c.local.is_v4(); }) > 1) {
        absl::StrAppend(&out, ", bind: \"", Endpoint(c.local, 0), "\", options: [bind_address_no_port]");
      }
      absl::StrAppend(&out, "}\n");
    }
  }
  return out;
}

}  // namespace portlab::import
