#include "portlab/report/summary_writer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/ordinal.h"
#include "portlab/net/port.h"
#include "portlab/net/service_names.h"
#include "portlab/report/run_headroom_writer.h"
#include "portlab/stack/connect_latency.h"
#include "portlab/base/strings.h"
#include "report/internal/text_table.h"

namespace portlab::report {
namespace {

using internal::Align;
using internal::TextTable;

// Above this many ports a step shows its span instead of the ports.
constexpr size_t kMaxListedPorts = 8;

std::string Seconds(SimTime t) { return FormatSeconds(t) + "s"; }

std::string DescribeErrors(const std::map<std::string, int64_t>& errors) {
  if (errors.empty()) return "-";
  std::vector<std::string> parts;
  for (const auto& [name, count] : errors) {
    parts.push_back(absl::StrFormat("%s %d", name, count));
  }
  return absl::StrJoin(parts, ", ");
}

bool HasActivity(const stack::ProtocolFigures& f) {
  return f.calls > 0 || f.segments_sent > 0 || f.segments_received > 0 ||
         f.peak_ports_in_use > 0 || f.peak_time_wait > 0 ||
         f.allocations > 0 || !f.demux.empty() || !f.failures.empty();
}

void WriteHeader(const sim::Result& result, std::ostream& out) {
  TextTable t({{"", Align::kLeft}, {"", Align::kLeft}});
  t.AddRow({"scenario", result.scenario});
  t.AddRow({"seed", absl::StrFormat("%d", result.seed)});
  t.AddRow({"end time", Seconds(result.end_time)});
  t.Print(out, "", /*show_header=*/false);
}

// "2.000ms / 2.000ms / 2.000ms" (min / mean / max), or "-".
std::string ResponseTimes(const stack::ConversationFigures& c) {
  if (c.requests_answered == 0) return "-";
  auto ms = [](int64_t ns) { return absl::StrFormat("%.3fms", static_cast<double>(ns) / 1e6); };
  return absl::StrFormat("%s / %s / %s", ms(c.response_time_min_ns),
                         ms(c.response_time_mean_ns()), ms(c.response_time_max_ns));
}

// The requests of `send` steps with expect_reply, and what came back; none
// printed when no step sent one.
void WriteRequests(const sim::Result& result, std::ostream& out) {
  TextTable t({{"#", Align::kRight},
               {"host", Align::kLeft},
               {"requests", Align::kRight},
               {"answered", Align::kRight},
               {"bytes sent", Align::kRight},
               {"bytes received", Align::kRight},
               {"response time min / mean / max", Align::kLeft}});
  bool any = false;
  for (const sim::StepResult& s : result.steps) {
    const stack::ConversationFigures& c = s.conversation;
    if (!c.any()) continue;
    any = true;
    t.AddRow({absl::StrFormat("%d", s.index), s.host, absl::StrFormat("%d", c.requests_sent),
              absl::StrFormat("%d", c.requests_answered), absl::StrFormat("%d", c.bytes_sent),
              absl::StrFormat("%d", c.bytes_received), ResponseTimes(c)});
  }
  if (!any) return;
  out << "\nrequests\n";
  t.Print(out, "  ");
}

void WriteSteps(const sim::Result& result, std::ostream& out) {
  out << "\nsteps\n";
  if (result.steps.empty()) {
    out << "  (none)\n";
    return;
  }
  TextTable t({{"#", Align::kRight},
               {"time", Align::kRight},
               {"host", Align::kLeft},
               {"op", Align::kLeft},
               {"proto", Align::kLeft},
               {"calls", Align::kRight},
               {"ok", Align::kRight},
               {"errors", Align::kLeft},
               {"ports", Align::kLeft}});
  for (const sim::StepResult& s : result.steps) {
    t.AddRow({absl::StrFormat("%d", s.index), Seconds(s.at), s.host, s.op,
              s.protocol.empty() ? "-" : s.protocol,
              absl::StrFormat("%d", s.calls), absl::StrFormat("%d", s.ok),
              DescribeErrors(s.errors), DescribePorts(s.ports)});
  }
  t.Print(out, "  ");
  WriteRequests(result, out);
}

// A modelled duration in microseconds, one decimal: "4.4 us".
std::string ConnectMicros(int64_t ns) { return absl::StrFormat("%.1f us", static_cast<double>(ns) / 1000.0); }

void WriteFigures(const stack::ProtocolFigures& f, std::ostream& out) {
  TextTable t({{"", Align::kLeft}, {"", Align::kRight}, {"", Align::kLeft}});
  auto row = [&](std::string label, int64_t value, std::string note = "") {
    t.AddRow({std::move(label), absl::StrFormat("%d", value), std::move(note)});
  };
  int64_t failures = 0;
  for (const auto& [name, causes] : f.failures) {
    for (const auto& [cause, count] : causes) failures += count;
  }
  row("calls", f.calls);
  row("successes", f.successes);
  row("failures", failures);
  for (const auto& [name, causes] : f.failures) {
    for (const auto& [cause, count] : causes) {
      row("  " + name, count, cause.empty() ? "" : "(" + cause + ")");
    }
  }
  row("peak ports in use", f.peak_ports_in_use);
  row("ports in use at end", f.ports_in_use);
  row("peak TIME-WAIT", f.peak_time_wait);
  row("TIME-WAIT at end", f.time_wait);
  row("established at end", f.established);
  row("segments sent", f.segments_sent);
  row("segments received", f.segments_received);
  row("RST sent", f.rst_sent);
  row("ICMP unreachable sent", f.icmp_unreachable_sent);
  for (const auto& [rule, count] : f.demux) row("demux " + rule, count);
  // Probes per allocation over the ports found; the searches that found
  // none (every candidate probed) on their own line.
  std::string mean;
  if (f.allocations > 0) {
    mean = absl::StrFormat(
        "(%.2f probes per allocation)",
        static_cast<double>(f.allocation_probes) /
            static_cast<double>(f.allocations));
  }
  row("allocations", f.allocations, mean);
  if (f.failed_allocations > 0) {
    row("failed allocations", f.failed_allocations,
        absl::StrFormat("(%d probes, %.2f per search)", f.failed_allocation_probes,
                        static_cast<double>(f.failed_allocation_probes) /
                            static_cast<double>(f.failed_allocations)));
  }
  // The modelled kernel cost of connect() (stack/connect_latency.h).
  if (const stack::ProbeHistogram& h = f.connect_probes; !h.empty()) {
    const int64_t p50 = h.Quantile(0.50), p99 = h.Quantile(0.99);
    row("connect() port choices", h.count(),
        absl::StrFormat("(modelled latency p50 %s, p99 %s; probes p50 %d, p99 %d)",
                        ConnectMicros(stack::ModelledConnectNs(p50)), ConnectMicros(stack::ModelledConnectNs(p99)),
                        p50, p99));
  }
  // Conversations only where something asked or answered (stack/app.h).
  if (const stack::ConversationFigures& c = f.conversation; c.any()) {
    row("requests sent", c.requests_sent);
    row("requests answered", c.requests_answered,
        c.requests_answered > 0 ? "(response time min / mean / max " + ResponseTimes(c) + ")" : "");
    row("requests received by apps", c.requests_received);
    row("responses sent", c.responses_sent);
    row("bytes sent", c.bytes_sent);
    row("bytes received", c.bytes_received);
  }
  t.Print(out, "  ", /*show_header=*/false);
}

// A host's rules with their counters, numbered as the trace names them,
// then each chain's policy.
void WriteFirewall(const sim::HostResult& host, std::ostream& out) {
  out << absl::StrFormat("\n%s firewall\n", host.name);
  TextTable t({{"#", Align::kRight},
               {"chain", Align::kLeft},
               {"rule", Align::kLeft},
               {"packets", Align::kRight},
               {"bytes", Align::kRight}});
  int number = 0;
  for (const sim::FirewallRuleResult& r : host.firewall) {
    t.AddRow({absl::StrFormat("%d", ++number), r.chain, r.rule, absl::StrFormat("%d", r.packets),
              absl::StrFormat("%d", r.bytes)});
  }
  if (!host.firewall.empty()) t.Print(out, "  ");
  else out << "  (no rules)\n";
  out << absl::StrFormat("  policy in %s (%d dropped), out %s (%d dropped)\n", host.policy_in,
                         host.policy_drops_in, host.policy_out, host.policy_drops_out);
}

// After a group's name: what its figures are (sim::HostResult).
std::string GroupNote(const sim::HostResult& host) {
  if (host.members == 0) return "";
  return absl::StrFormat(" (group of %d hosts, %d made calls: figures summed, peaks the largest member's)",
                         host.members, host.members_calling);
}

void WriteHosts(const sim::Result& result, std::ostream& out) {
  for (const sim::HostResult& host : result.hosts) {
    bool any = false;
    for (net::Protocol p : {net::Protocol::kTcp, net::Protocol::kUdp}) {
      const stack::ProtocolFigures& f = host.of(p);
      if (!HasActivity(f)) continue;
      any = true;
      out << absl::StrFormat("\n%s %s%s\n", host.name, net::ProtocolName(p), GroupNote(host));
      WriteFigures(f, out);
    }
    if (!any) out << absl::StrFormat("\n%s: no activity%s\n", host.name, GroupNote(host));
    if (host.has_firewall) WriteFirewall(host, out);
  }
}

std::string Percent(double got, double want) {
  if (want == 0) return "";
  return absl::StrFormat(" (%+.1f %%)", (got - want) / want * 100);
}

// The first failure and how far it is from the prediction's.
std::string SimulatedFirstFailure(const sim::WorkloadResult& w) {
  const sim::Prediction& p = w.prediction;
  if (!w.first_failure) return "never";
  return Seconds(*w.first_failure) +
         (p.first_failure
              ? Percent(w.first_failure->seconds() - w.ran_from.seconds(), p.first_failure->seconds() - w.ran_from.seconds())
              : "");
}

// A NAT's port blocks bind (sim::Prediction::clients_refused): a client
// takes one with its first connection, so the blocks run out when the
// (blocks + 1)-th client connects, and the rest get none.
void WriteBlockPrediction(const sim::WorkloadResult& w, const std::string& at, std::ostream& out) {
  const sim::Prediction& p = w.prediction;
  out << absl::StrFormat(
      "    prediction: %d clients behind the NAT, one port block each (taken at its first connection, "
      "kept while it holds a session there) = %d needed, %d usable%s\n",
      p.pool_clients, p.pool_clients, p.usable_ports, at);
  const std::string when = p.limit_reached ? " at " + Seconds(*p.limit_reached) : "";
  const std::string first =
      p.limit_reached && p.first_failure
          ? absl::StrCat(" (first connect() failure at ", Seconds(*p.first_failure), ")")
          : "";
  out << absl::StrFormat(
      "      exhaustion predicted%s%s%s, then %d of the %d clients %s no block (the %s to connect is "
      "the first refused)\n",
      when, at, first, p.clients_refused, p.pool_clients, p.clients_refused == 1 ? "gets" : "get",
      Ordinal(p.usable_ports + 1));
  // One connection per client: a failure is a client refused.
  const std::string failures =
      w.attempts == w.clients
          ? absl::StrFormat("%d failures = clients refused (one connection each)%s", w.failures,
                            Percent(static_cast<double>(w.failures), static_cast<double>(p.clients_refused)))
          : absl::StrFormat("%d failures", w.failures);
  out << absl::StrFormat("      simulated: first failure at %s, %s\n", SimulatedFirstFailure(w), failures);
}

void WritePrediction(const sim::WorkloadResult& w, std::ostream& out) {
  const sim::Prediction& p = w.prediction;
  if (!p.applies) {
    if (!p.why_not.empty()) out << "    no analytical prediction: " << p.why_not << "\n";
    return;
  }
  std::string pool = p.pool_note.empty() ? "" : " " + p.pool_note;
  // A NAT's limit names itself; the client's range is the default.
  const std::string at = p.limit.empty() ? "" : ": " + p.limit;
  if (p.clients_refused > 0) {
    WriteBlockPrediction(w, at, out);
  } else if (p.limit.empty()) {
    out << absl::StrFormat(
        "    prediction: %.6g conn/s%s x %.6gs held (hold + 2 RTT + TIME-WAIT) = %.0f ports "
        "needed, %d usable\n",
        p.rate_per_port_pool, pool, p.occupancy_s, p.needed_ports, p.usable_ports);
  } else {
    out << absl::StrFormat(
        "    prediction: %.6g conn/s%s x %.6gs held at the NAT (hold + 2 RTT + its timeout after "
        "the close) = %.0f needed, %d usable%s\n",
        p.rate_per_port_pool, pool, p.occupancy_s, p.needed_ports, p.usable_ports, at);
  }
  if (p.clients_refused > 0) {
    // Written above.
  } else if (p.exhaustion) {
    if (p.limit_reached) {
      out << absl::StrFormat(
          "      exhaustion predicted at %s%s (first connect() failure at %s), then %.1f conn/s "
          "sustained%s\n",
          Seconds(*p.limit_reached), at, p.first_failure ? Seconds(*p.first_failure) : "?",
          p.sustainable_rate, pool);
    } else {
      out << absl::StrFormat(
          "      exhaustion predicted at %s%s, then %.1f conn/s sustained%s\n",
          p.first_failure ? Seconds(*p.first_failure) : "?", at, p.sustainable_rate, pool);
    }
    std::string first = SimulatedFirstFailure(w);
    double sustained = w.ok_rate * p.pool_clients / (p.per_destination ? w.destinations : 1);
    out << absl::StrFormat(
        "      simulated: first failure at %s, %.1f conn/s%s in the second half%s\n", first,
        sustained, pool, Percent(sustained, p.sustainable_rate));
  } else {
    out << absl::StrFormat("      no exhaustion predicted (up to %.1f conn/s%s sustainable%s); "
                           "simulated: %s\n",
                           p.sustainable_rate, pool, at,
                           w.failures == 0 ? "no failures"
                                           : absl::StrFormat("%d failures", w.failures));
  }
  for (const std::string& note : p.notes) out << "      - " << note << "\n";
}

void WriteWorkloads(const sim::Result& result, std::ostream& out) {
  if (result.workloads.empty()) return;
  out << "\nworkloads\n";
  TextTable t({{"name", Align::kLeft},
               {"proto", Align::kLeft},
               {"clients", Align::kRight},
               {"dests", Align::kRight},
               {"attempts", Align::kRight},
               {"ok", Align::kRight},
               {"failures", Align::kLeft},
               {"first failure", Align::kRight},
               {"ok/s per client, 2nd half", Align::kRight},
               {"peak open", Align::kRight}});
  for (const sim::WorkloadResult& w : result.workloads) {
    t.AddRow({w.name, w.protocol, absl::StrFormat("%d", w.clients),
              absl::StrFormat("%d", w.destinations), absl::StrFormat("%d", w.attempts),
              absl::StrFormat("%d", w.ok), DescribeErrors(w.errors),
              w.first_failure ? Seconds(*w.first_failure) : "-",
              absl::StrFormat("%.1f", w.ok_rate), absl::StrFormat("%d", w.peak_open)});
  }
  t.Print(out, "  ");
  for (const sim::WorkloadResult& w : result.workloads) {
    out << "  " << w.name << "\n";
    if (const stack::ConversationFigures& c = w.conversation; c.any()) {
      out << absl::StrFormat(
          "    requests: %d sent, %d answered; %d bytes sent, %d received; response time "
          "min / mean / max %s\n",
          c.requests_sent, c.requests_answered, c.bytes_sent, c.bytes_received, ResponseTimes(c));
    }
    WritePrediction(w, out);
  }
}

void WriteFailures(const sim::Result& result, std::ostream& out) {
  if (result.failure_groups.empty()) return;
  out << absl::StrFormat("\nfailures (%d)\n", result.failures_total);
  TextTable t({{"host", Align::kLeft},
               {"proto", Align::kLeft},
               {"source", Align::kLeft},
               {"errno", Align::kLeft},
               {"cause", Align::kLeft},
               {"count", Align::kRight},
               {"first", Align::kRight},
               {"last", Align::kRight}});
  for (const sim::FailureGroup& g : result.failure_groups) {
    t.AddRow({g.host, g.protocol, g.source, g.errno_name, g.cause.empty() ? "-" : g.cause,
              absl::StrFormat("%d", g.count), Seconds(g.first), Seconds(g.last)});
  }
  t.Print(out, "  ");
}

// Subscribers listed one by one up to this many; beyond, only the largest.
constexpr size_t kMaxListedSubscribers = 8;

void WriteNats(const sim::Result& result, std::ostream& out) {
  for (const nat::NatFigures& f : result.nats) {
    out << absl::StrFormat("\nNAT %s (%s)\n", f.name, f.profile);
    TextTable t({{"", Align::kLeft}, {"", Align::kRight}, {"", Align::kLeft}});
    auto row = [&](std::string label, int64_t value, std::string note = "") {
      t.AddRow({std::move(label), absl::StrFormat("%d", value), std::move(note)});
    };
    row("mappings at end", f.mappings);
    row("peak mappings", f.peak_mappings);
    row("mappings created", f.mappings_created);
    row("mappings expired", f.mappings_expired);
    row("peak sessions", f.peak_sessions);
    row("translated out", f.translated_out);
    row("translated in", f.translated_in);
    if (f.hairpinned) row("hairpinned", f.hairpinned);
    if (f.icmp_translated) row("ICMP errors translated", f.icmp_translated);
    if (f.icmp_sent) row("ICMP errors sent", f.icmp_sent);
    if (f.syns_held) row("unsolicited SYNs held", f.syns_held, "(RFC 5382: 6 s)");
    row("drops", f.drops_total());
    for (nat::DropReason reason : nat::DropReasonsByName()) {
      if (f.drops[reason] > 0) row("  " + std::string(nat::DropReasonName(reason)), f.drops[reason]);
    }
    for (const auto& [address, ports] : f.ports_in_use) {
      row("ports in use " + address, ports, absl::StrFormat("(peak %d)", f.peak_ports_in_use.at(address)));
    }
    if (f.peak_port_blocks) {
      row("port blocks at end", f.port_blocks, absl::StrFormat("(peak %d; blocks of %d ports)", f.peak_port_blocks, f.block_ports));
    }
    if (!f.subscribers.empty()) {
      row("subscribers", static_cast<int64_t>(f.subscribers.size()),
          absl::StrFormat("(most ports held by one: %d)", f.max_subscriber_ports));
      if (f.subscribers.size() <= kMaxListedSubscribers) {
        for (const auto& [address, s] : f.subscribers) {
          row("  " + address, s.ports, absl::StrFormat("ports at end (peak %d)", s.peak_ports));
        }
      }
    }
    t.Print(out, "  ", /*show_header=*/false);
  }
}

// What each nat-probe step found, as `portlab nat-probe` prints it.
void WriteNatProbes(const sim::Result& result, std::ostream& out) {
  for (const sim::NatProbeResult& p : result.nat_probes) {
    out << absl::StrFormat("\nNAT probe of %s (step %d at %s, client %s)\n", p.nat, p.step,
                           Seconds(p.at), p.client);
    if (!p.error.empty()) {
      out << "  failed: " << p.error << "\n";
      continue;
    }
    const nat::ProbeReport& r = p.report;
    TextTable t({{"", Align::kLeft}, {"", Align::kLeft}});
    t.AddRow({"mapping", std::string(nat::DependenceName(r.mapping))});
    t.AddRow({"filtering", std::string(nat::DependenceName(r.filtering))});
    t.AddRow({"RFC 3489 name", r.classic});
    t.AddRow({"hairpinning", r.hairpinning ? "yes" : "no"});
    t.AddRow({"binding lifetime", r.binding_lifetime
                                      ? FormatDuration(*r.binding_lifetime) + " (UDP, idle, 1 s precision)"
                                      : "longer than the search's 4 h"});
    t.Print(out, "  ", /*show_header=*/false);
  }
}

// What each dns-poison step found: the measured rate beside RFC 5452's.
void WritePoisonings(const sim::Result& result, std::ostream& out) {
  for (const sim::PoisonResult& p : result.poisonings) {
    out << absl::StrFormat("\nDNS poisoning race against %s (step %d at %s, query ports: %s)\n",
                           p.host, p.step, Seconds(p.at), p.ports);
    if (!p.error.empty()) {
      out << "  failed: " << p.error << "\n";
      continue;
    }
    const sim::PoisonFigures& f = p.figures;
    TextTable t({{"", Align::kLeft}, {"", Align::kLeft}});
    t.AddRow({"forged answers", absl::StrFormat("%d per race (%d/s for %s, RFC 5452 F = R x W)",
                                                f.forgeries, p.rate, FormatDuration(p.rtt))});
    t.AddRow({"attacker's bet", absl::StrFormat("one port in %d of %d races, else the %d-port range",
                                                f.predicted, f.trials, f.range_ports)});
    t.AddRow({"query port covered", absl::StrFormat("%d of %d races", f.port_covered, f.trials)});
    t.AddRow({"forgeries read", absl::StrFormat("%d (right port, ID checked); %d drew ICMP errors",
                                                f.reached, f.icmp)});
    t.AddRow({"poisoned", absl::StrFormat("%d of %d races: %.6f, 95 %% Wilson [%.6f, %.6f]",
                                          f.poisoned, f.trials, f.rate(), f.interval.lo,
                                          f.interval.hi)});
    t.AddRow({"RFC 5452 P_s", absl::StrFormat("%.6g (%s the interval)", f.analytic,
                                              f.agrees() ? "inside" : "OUTSIDE")});
    t.Print(out, "  ", /*show_header=*/false);
  }
}

// Each scan step's ports as nmap prints them (PORT STATE SERVICE REASON,
// with --reason), under a line saying who scanned what.
void WriteScans(const sim::Result& result, std::ostream& out) {
  for (const sim::ScanResult& scan : result.scans) {
    const net::Protocol protocol = scenario::ScanProtocol(scan.type);
    const std::string_view proto = net::ProtocolName(protocol);
    out << absl::StrFormat("\n%s scan of %s from %s (%s, step %d at %s): %d probes", AV(scenario::ScanTypeName(scan.type)),
                           scan.target, scan.host, scan.source, scan.step, Seconds(scan.at),
                           scan.probes_sent);
    if (scan.finished) out << ", done at " << Seconds(*scan.finished);
    if (scan.unfinished > 0) out << absl::StrFormat(", %d ports unjudged at the end", scan.unfinished);
    out << "\n";
    TextTable t({{"PORT", Align::kLeft},
                 {"STATE", Align::kLeft},
                 {"SERVICE", Align::kLeft},
                 {"REASON", Align::kLeft}});
    for (const sim::ScanPortResult& p : scan.ports) {
      const std::string_view service = net::ServiceName(net::Port(p.port), protocol);
      t.AddRow({absl::StrFormat("%d/%s", p.port, AV(proto)), std::string(scenario::PortStateName(p.state)),
                service.empty() ? "unknown" : std::string(service),
                std::string(scenario::ScanReasonName(p.reason))});
    }
    t.Print(out, "  ");
  }
}

void WriteExpectations(const sim::Result& result, std::ostream& out) {
  const size_t n = result.expectations.size();
  size_t failed = 0;
  if (n > 0) {
    out << "\nexpectations\n";
    TextTable t({{"", Align::kLeft}, {"", Align::kRight}, {"", Align::kLeft}});
    for (const sim::ExpectationResult& e : result.expectations) {
      if (!e.passed) ++failed;
      t.AddRow({e.passed ? "PASS" : "FAIL", absl::StrFormat("#%d", e.index),
                e.detail});
    }
    t.Print(out, "  ", /*show_header=*/false);
  }
  out << "\n";
  if (n == 0) {
    out << "no expectations to check\n";
  } else if (failed == 0) {
    out << absl::StrFormat("all %d expectation%s held\n", n,
                           n == 1 ? "" : "s");
  } else {
    out << absl::StrFormat("%d of %d expectation%s FAILED\n", failed, n,
                           n == 1 ? "" : "s");
  }
}

}  // namespace

std::string DescribePorts(const std::vector<uint16_t>& ports) {
  std::vector<uint16_t> had;
  for (uint16_t p : ports) {
    if (p != 0) had.push_back(p);
  }
  if (had.empty()) return "-";
  if (had.size() <= kMaxListedPorts) return absl::StrJoin(had, " ");
  std::sort(had.begin(), had.end());
  const size_t distinct =
      std::unique(had.begin(), had.end()) - had.begin();
  return absl::StrFormat("%d..%d (%d distinct)", had.front(), had[distinct - 1],
                         distinct);
}

void WriteSummary(const sim::Result& result, std::ostream& out) {
  WriteHeader(result, out);
  WriteSteps(result, out);
  WriteHosts(result, out);
  WriteWorkloads(result, out);
  WriteFailures(result, out);
  WriteRunHeadroom(result, out);
  WriteNats(result, out);
  WriteNatProbes(result, out);
  WritePoisonings(result, out);
  WriteScans(result, out);
  WriteExpectations(result, out);
}

}  // namespace portlab::report
