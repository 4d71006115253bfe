// Snapshot: what one pasted file says about a machine, read by one of the
// parsers of this area (ss_parser.h, proc_net_parser.h, sysctl_parser.h,
// sockstat_parser.h, netstat_parser.h, conntrack_parser.h), before
// scenario_writer.h turns snapshots into a scenario.
//
// A Snapshot owns plain data; nothing in it points into the text it came
// from. Every line a parser could not read is a Problem with its line (and
// column where one helps), never dropped silently.
//
// Thread safety: plain data.
#ifndef PORTLAB_IMPORT_SNAPSHOT_H_
#define PORTLAB_IMPORT_SNAPSHOT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/port.h"
#include "portlab/scenario/scenario.h"

namespace portlab::import {

// The formats `portlab import` reads; --format takes FormatName's names.
enum class Format {
  kSsTcp,           // ss -tan, -tanpo (with -o timers), ss -tuan (a Netid column)
  kSsUdp,           // ss -uan
  kProcNetTcp,      // /proc/net/tcp and /proc/net/tcp6
  kProcNetUdp,      // /proc/net/udp and /proc/net/udp6
  kSockstat,        // /proc/net/sockstat
  kSysctl,          // sysctl -a (its net.ipv4 lines)
  kNetstatLinux,    // netstat -an (net-tools)
  kNetstatMacos,    // netstat -an on macOS (BSD: addr.port)
  kNetstatWindows,  // netstat -an on Windows
  kConntrackList,   // conntrack -L
  kConntrackStats,  // conntrack -S
};
// "ss-tcp", "proc-net-tcp", "netstat-windows", ...
std::string_view FormatName(Format f);
std::optional<Format> ParseFormatName(std::string_view name);
// Every name, for messages.
std::string FormatNames();
// Whether the format lists sockets (rather than knobs or figures).
bool ListsSockets(Format f);

// One socket as the file shows it.
struct ObservedSocket {
  net::Protocol protocol = net::Protocol::kTcp;
  scenario::SocketState state = scenario::SocketState::kEstablished;
  net::Endpoint local;                  // its address may be a wildcard
  std::optional<net::Endpoint> remote;  // none for LISTEN and UNCONN
  std::optional<Duration> timer;        // TIME-WAIT / FIN-WAIT-2: time left
  // FIN-WAIT-2: a process still holds it (shut down, not closed), so no
  // timer runs: ss -p names its process, or ss -o shows timers on other
  // lines and none on it.
  bool held = false;
  int line = 0;
};

// A line that could not be read: 1-based line, column 0 when none helps.
struct Problem {
  int line = 0;
  int column = 0;
  std::string message;
};

// A sysctl that names a knob of the linux profile (stack/knobs.h).
struct KnobLine {
  std::string name;   // as the file has it: net.ipv4.ip_local_port_range
  std::string value;  // whitespace runs made one space: "40000 40499"
  int line = 0;
};

// /proc/net/sockstat's figures (net/ipv4/proc.c sockstat_seq_show).
struct Sockstat {
  int64_t sockets_used = 0;
  int64_t tcp_inuse = 0, tcp_orphan = 0, tcp_tw = 0, tcp_alloc = 0;
  int64_t udp_inuse = 0;
};

// One conntrack entry (conntrack -L): the original direction's tuple and
// the reply's, whose destination is where a NAT sent it back.
struct ConntrackEntry {
  net::Protocol protocol = net::Protocol::kTcp;
  std::string state;                   // TCP: ESTABLISHED, TIME_WAIT, ...; UDP: empty
  int64_t timeout_s = 0;               // seconds the entry has left
  net::Endpoint original_src, original_dst;
  net::Endpoint reply_src, reply_dst;
  bool assured = false;
  bool unreplied = false;              // [UNREPLIED]: no packet came back yet
  int line = 0;
};

// conntrack -S, summed over the CPUs: each counter by its name.
struct ConntrackStat {
  std::string name;
  int64_t value = 0;
};

struct Snapshot {
  std::string file;  // as named on the command line
  Format format = Format::kSsTcp;
  int lines = 0;     // lines in the file
  // /proc/net files: 4 or 6, the IP version of their entries' addresses
  // (tcp or tcp6: two halves of one moment); 0 for the other formats, or
  // where no entry tells.
  int ip_version = 0;
  std::vector<ObservedSocket> sockets;
  std::vector<KnobLine> knobs;
  int64_t other_settings = 0;  // sysctl lines read that no linux knob models
  std::optional<Sockstat> sockstat;
  std::vector<ConntrackEntry> conntrack;
  std::vector<ConntrackStat> conntrack_stats;
  std::vector<Problem> problems;
  // "file:line:column: message" for problems[i] (no column when 0).
  std::string Where(const Problem& p) const;
};

}  // namespace portlab::import

#endif  // PORTLAB_IMPORT_SNAPSHOT_H_
