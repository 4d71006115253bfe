// The lifecycle bench's scenario, shared by lifecycle_bench and
// sweep_bench: one server listening on port 80 and one client host per
// 10,000 lifecycles, each client opening batches of 1,000 connections every
// 100 ms (10 batches), sending 100 bytes 10 ms after and closing 20 ms after
// its connects. Each lifecycle is connect, SYN / SYN|ACK / ACK,
// PSH|ACK(100) / ACK, FIN|ACK / FIN|ACK / ACK, TIME-WAIT entered on the
// client and expired 60-62 s of simulated time later.
#ifndef PORTLAB_BENCH_LIFECYCLE_SCENARIO_H_
#define PORTLAB_BENCH_LIFECYCLE_SCENARIO_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/sim/result.h"

namespace portlab::bench {

constexpr int64_t kPerClient = 10000;
constexpr int64_t kBatch = 1000;

inline std::string Ms(int64_t ms) { return absl::StrCat(ms, "ms"); }

// `clients` client hosts each open a batch of `batch` connections every
// `interval_ms` from 1 s on (sending 100 bytes 10 ms after and closing
// 20 ms after; REQUIRES: interval_ms > 20) until `lifecycles` in all.
// `server_firewall`: the server's `firewall:` rules as YAML flow
// sequence text ("[{...}, ...]"), or "" for none.
inline std::string BatchedLifecycleScenario(const char* name, int64_t lifecycles,
                                            int64_t clients, int64_t batch, int64_t interval_ms,
                                            const std::string& server_firewall = "") {
  const int64_t batches = lifecycles / (clients * batch);
  std::string y = absl::StrCat("name: ", name, "\n",
                               "seed: 1\n"
                               "hosts:\n"
                               "  server: {address: 10.0.0.2, os: linux",
                               server_firewall.empty() ? "" : ", firewall: " + server_firewall, "}\n");
  for (int64_t c = 0; c < clients; ++c) {
    absl::StrAppend(&y, "  client", c, ": {address: 10.1.", c / 250, ".", c % 250 + 1,
                    ", os: linux}\n");
  }
  absl::StrAppend(&y, "steps:\n",
                  "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n");
  for (int64_t b = 0; b < batches; ++b) {
    const int64_t t = 1000 + b * interval_ms;
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t), ", host: client", c,
                      ", op: connect, proto: tcp, to: \"10.0.0.2:80\", count: ", batch,
                      ", as: c", c, "b", b, "}\n");
    }
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t + 10), ", host: client", c,
                      ", op: send, proto: tcp, sockets: c", c, "b", b, ", bytes: 100}\n");
    }
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t + 20), ", host: client", c,
                      ", op: close, proto: tcp, sockets: c", c, "b", b, "}\n");
    }
  }
  return y;
}

// The burst: every client's 10 batches of 1,000 within its first second,
// so every TIME-WAIT entry of the run is alive at once.
inline std::string LifecycleScenario(int64_t lifecycles) {
  const int64_t clients = (lifecycles + kPerClient - 1) / kPerClient;
  return BatchedLifecycleScenario("lifecycle bench", clients * kPerClient, clients, kBatch, 100);
}

// A server's rule list of `rules` rules, none of which the bench's traffic
// (TCP from 10.1.0.0/16 to port 80) meets: the shape of a real host's
// list (single ports, ranges, port sets, source prefixes, UDP services),
// each kind in turn.
inline std::string HundredRuleFirewall(int64_t rules) {
  std::string y = "[";
  for (int64_t i = 0; i < rules; ++i) {
    if (i > 0) y += ", ";
    switch (i % 5) {
      case 0: absl::StrAppend(&y, "{proto: tcp, dport: ", 1000 + i, ", action: drop}"); break;
      case 1: absl::StrAppend(&y, "{proto: udp, dport: ", 2000 + i, ", action: reject}"); break;
      case 2:
        absl::StrAppend(&y, "{proto: tcp, dport: \"", 3000 + i * 10, "-", 3009 + i * 10,
                        "\", saddr: 192.168.", i, ".0/24, action: accept}");
        break;
      case 3: absl::StrAppend(&y, "{proto: tcp, dport: \"22,", 5000 + i, "\", saddr: 203.0.113.", i, ", action: accept}"); break;
      default: absl::StrAppend(&y, "{proto: tcp, dport: ", 6000 + i, ", action: reject, with: admin-prohibited}");
    }
  }
  return y + "]";
}

// LifecycleScenario with HundredRuleFirewall(rules) on the server.
inline std::string FirewalledLifecycleScenario(int64_t lifecycles, int64_t rules) {
  const int64_t clients = (lifecycles + kPerClient - 1) / kPerClient;
  return BatchedLifecycleScenario("lifecycle bench", clients * kPerClient, clients, kBatch, 100,
                                  HundredRuleFirewall(rules));
}

// The same lifecycles at a steady rate (BatchedLifecycleScenario with a
// long interval). TIME-WAIT lasts 60-62 s, so about rate x 61 s entries
// are alive at once: a bounded live state, the shape of a real exhaustion
// experiment, unlike LifecycleScenario where every entry of the run is
// alive at the end of its first second.
inline std::string SteadyLifecycleScenario(int64_t lifecycles, int64_t clients, int64_t batch,
                                           int64_t interval_ms) {
  return BatchedLifecycleScenario("steady lifecycle bench", lifecycles, clients, batch, interval_ms);
}

// Every lifecycle connected, sent, closed, and left no socket behind.
inline bool Complete(const sim::Result& r, int64_t lifecycles) {
  int64_t connected = 0;
  for (const sim::StepResult& s : r.steps) {
    if (s.op == "connect") connected += s.ok;
    if (s.op != "listen" && s.ok != s.calls) return false;
  }
  int64_t peak_tw = 0;
  for (const sim::HostResult& h : r.hosts) {
    if (h.tcp.established != 0 || h.tcp.time_wait != 0) return false;
    if (h.name != "server" && h.tcp.ports_in_use != 0) return false;
    peak_tw += h.tcp.peak_time_wait;
  }
  return connected == lifecycles && peak_tw == lifecycles;
}

// As Complete, for a steady run whose TIME-WAIT entries do not all live at
// once: every connect succeeded, eight segments per lifecycle, nothing
// left. `peak_tw` gets the peak TIME-WAIT entries summed over the hosts.
inline bool CompleteSteady(const sim::Result& r, int64_t lifecycles, int64_t* peak_tw) {
  int64_t connected = 0, segments = 0;
  for (const sim::StepResult& s : r.steps) {
    if (s.op == "connect") connected += s.ok;
    if (s.op != "listen" && s.ok != s.calls) return false;
  }
  *peak_tw = 0;
  for (const sim::HostResult& h : r.hosts) {
    if (h.tcp.established != 0 || h.tcp.time_wait != 0) return false;
    if (h.name != "server" && h.tcp.ports_in_use != 0) return false;
    *peak_tw += h.tcp.peak_time_wait;
    segments += h.tcp.segments_sent;
  }
  return connected == lifecycles && segments == 8 * lifecycles;
}

}  // namespace portlab::bench

#endif  // PORTLAB_BENCH_LIFECYCLE_SCENARIO_H_
