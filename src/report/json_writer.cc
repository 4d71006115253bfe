#include "portlab/report/json_writer.h"

#include "absl/strings/str_cat.h"
#include "portlab/base/confidence_interval.h"
#include "portlab/run/expectations.h"
#include "portlab/report/run_headroom_writer.h"
#include "portlab/stack/connect_latency.h"

namespace portlab::report {
namespace {

using Json = nlohmann::ordered_json;

// std::map iterates in key order, so the JSON object is sorted too.
template <typename Map>
Json CountsToJson(const Map& counts) {
  Json j = Json::object();
  for (const auto& [key, value] : counts) j[key] = value;
  return j;
}

// Present only where something asked or answered (stack/app.h), so runs
// without applications write what they always wrote.
Json ConversationToJson(const stack::ConversationFigures& c) {
  Json j;
  j["requests_sent"] = c.requests_sent;
  j["requests_answered"] = c.requests_answered;
  j["requests_received"] = c.requests_received;
  j["responses_sent"] = c.responses_sent;
  j["bytes_sent"] = c.bytes_sent;
  j["bytes_received"] = c.bytes_received;
  if (c.requests_answered > 0) {
    j["response_time_min_s"] = Duration::Nanos(c.response_time_min_ns).seconds();
    j["response_time_mean_s"] = Duration::Nanos(c.response_time_mean_ns()).seconds();
    j["response_time_max_s"] = Duration::Nanos(c.response_time_max_ns).seconds();
  }
  return j;
}

Json StepToJson(const sim::StepResult& step) {
  Json j;
  j["index"] = step.index;
  j["at_s"] = step.at.seconds();
  j["host"] = step.host;
  j["op"] = step.op;
  j["protocol"] = step.protocol;
  j["calls"] = step.calls;
  j["ok"] = step.ok;
  j["errors"] = CountsToJson(step.errors);
  j["ports"] = Json::array();
  for (uint16_t port : step.ports) j["ports"].push_back(port);
  if (step.conversation.any()) j["conversation"] = ConversationToJson(step.conversation);
  return j;
}

// The run's connect() calls: their probes' and modelled durations'
// percentiles (stack/connect_latency.h).
Json ConnectLatencyToJson(const stack::ProbeHistogram& h) {
  Json j;
  const int64_t p50 = h.Quantile(0.50), p99 = h.Quantile(0.99);
  j["calls"] = h.count();
  j["probes_p50"] = p50;
  j["probes_p99"] = p99;
  j["p50_s"] = static_cast<double>(stack::ModelledConnectNs(p50)) * 1e-9;
  j["p99_s"] = static_cast<double>(stack::ModelledConnectNs(p99)) * 1e-9;
  return j;
}

Json FiguresToJson(const stack::ProtocolFigures& f) {
  Json j;
  j["calls"] = f.calls;
  j["connect_calls"] = f.connect_calls;
  j["successes"] = f.successes;
  Json failures = Json::object();
  for (const auto& [errno_name, causes] : f.failures) {
    failures[errno_name] = CountsToJson(causes);
  }
  j["failures"] = std::move(failures);
  j["ports_in_use"] = f.ports_in_use;
  j["peak_ports_in_use"] = f.peak_ports_in_use;
  j["time_wait"] = f.time_wait;
  j["peak_time_wait"] = f.peak_time_wait;
  j["established"] = f.established;
  j["segments_sent"] = f.segments_sent;
  j["segments_received"] = f.segments_received;
  j["rst_sent"] = f.rst_sent;
  j["icmp_unreachable_sent"] = f.icmp_unreachable_sent;
  j["allocations"] = f.allocations;
  j["allocation_probes"] = f.allocation_probes;
  j["failed_allocations"] = f.failed_allocations;
  j["failed_allocation_probes"] = f.failed_allocation_probes;
  if (!f.connect_probes.empty()) j["connect_latency"] = ConnectLatencyToJson(f.connect_probes);
  j["demux"] = CountsToJson(f.demux);
  if (f.conversation.any()) j["conversation"] = ConversationToJson(f.conversation);
  return j;
}

Json OptionalSeconds(const std::optional<SimTime>& t) {
  return t ? Json(t->seconds()) : Json(nullptr);
}

Json PredictionToJson(const sim::Prediction& p) {
  Json j;
  j["applies"] = p.applies;
  if (!p.applies) {
    j["why_not"] = p.why_not;
    return j;
  }
  // A NAT's port blocks binding: the figures count blocks, and no rate
  // applies (sim::Prediction::clients_refused).
  const bool blocks = p.clients_refused > 0;
  j["rate_per_port_pool"] = blocks ? Json(nullptr) : Json(p.rate_per_port_pool);
  j["needed_ports"] = p.needed_ports;
  j["usable_ports"] = p.usable_ports;
  j["sustainable_rate"] = blocks ? Json(nullptr) : Json(p.sustainable_rate);
  j["exhaustion"] = p.exhaustion;
  j["first_failure_s"] = OptionalSeconds(p.first_failure);
  // The binding limit when a NAT on the path binds (sim/port_capacity.h);
  // null when it is the client's own range.
  j["limit"] = p.limit.empty() ? Json(nullptr) : Json(p.limit);
  if (p.limit_reached) j["limit_reached_s"] = p.limit_reached->seconds();
  if (blocks) j["clients_refused"] = p.clients_refused;
  return j;
}

Json WorkloadToJson(const sim::WorkloadResult& w) {
  Json j;
  j["name"] = w.name;
  j["protocol"] = w.protocol;
  j["clients"] = w.clients;
  j["destinations"] = w.destinations;
  j["attempts"] = w.attempts;
  j["ok"] = w.ok;
  j["failures"] = w.failures;
  j["errors"] = CountsToJson(w.errors);
  j["first_failure_s"] = OptionalSeconds(w.first_failure);
  j["ok_rate"] = w.ok_rate;
  j["ran_from_s"] = w.ran_from.seconds();
  j["ran_until_s"] = w.ran_until.seconds();
  j["peak_open"] = w.peak_open;
  if (w.conversation.any()) j["conversation"] = ConversationToJson(w.conversation);
  j["prediction"] = PredictionToJson(w.prediction);
  return j;
}

Json FailuresToJson(const sim::Result& result) {
  Json j;
  j["total"] = result.failures_total;
  j["groups"] = Json::array();
  for (const sim::FailureGroup& g : result.failure_groups) {
    Json gj;
    gj["host"] = g.host;
    gj["protocol"] = g.protocol;
    gj["source"] = g.source;
    gj["errno"] = g.errno_name;
    gj["cause"] = g.cause;
    gj["count"] = g.count;
    gj["first_s"] = g.first.seconds();
    gj["last_s"] = g.last.seconds();
    j["groups"].push_back(std::move(gj));
  }
  j["first"] = Json::array();
  for (const sim::FailureRecord& f : result.failure_log) {
    Json fj;
    fj["time_s"] = f.time.seconds();
    fj["host"] = f.host;
    fj["protocol"] = f.protocol;
    fj["source"] = f.source;
    fj["errno"] = f.errno_name;
    fj["cause"] = f.cause;
    j["first"].push_back(std::move(fj));
  }
  return j;
}

Json NatToJson(const nat::NatFigures& f) {
  Json j;
  j["profile"] = f.profile;
  j["mappings"] = f.mappings;
  j["peak_mappings"] = f.peak_mappings;
  j["mappings_created"] = f.mappings_created;
  j["mappings_expired"] = f.mappings_expired;
  j["sessions"] = f.sessions;
  j["peak_sessions"] = f.peak_sessions;
  j["translated_out"] = f.translated_out;
  j["translated_in"] = f.translated_in;
  j["hairpinned"] = f.hairpinned;
  j["icmp_translated"] = f.icmp_translated;
  j["icmp_sent"] = f.icmp_sent;
  j["syns_held"] = f.syns_held;
  j["allocation_probes"] = f.allocation_probes;
  j["port_blocks"] = f.port_blocks;
  j["peak_port_blocks"] = f.peak_port_blocks;
  j["block_ports"] = f.block_ports;
  // Only the reasons that dropped something, sorted by name.
  Json drops = Json::object();
  for (nat::DropReason reason : nat::DropReasonsByName()) {
    if (f.drops[reason] > 0) drops[std::string(nat::DropReasonName(reason))] = f.drops[reason];
  }
  j["drops"] = std::move(drops);
  j["ports_in_use"] = CountsToJson(f.ports_in_use);
  j["peak_ports_in_use"] = CountsToJson(f.peak_ports_in_use);
  j["max_subscriber_ports"] = f.max_subscriber_ports;
  Json subs = Json::object();
  for (const auto& [address, s] : f.subscribers) {
    subs[address] = Json{{"ports", s.ports}, {"peak_ports", s.peak_ports}, {"blocks", s.blocks}};
  }
  j["subscribers"] = std::move(subs);
  return j;
}

}  // namespace

Json ResultToJson(const sim::Result& result) {
  Json j;
  j["scenario"] = result.scenario;
  j["seed"] = result.seed;
  j["end_time_s"] = result.end_time.seconds();
  j["steps"] = Json::array();
  for (const sim::StepResult& step : result.steps) {
    j["steps"].push_back(StepToJson(step));
  }
  Json hosts = Json::object();
  for (const sim::HostResult& host : result.hosts) {
    Json h;
    const bool group = host.members > 0;
    if (group) {
      h["members"] = host.members;
      h["members_calling"] = host.members_calling;
    }
    h["tcp"] = FiguresToJson(host.tcp);
    h["tcp"]["first_failure_s"] = OptionalSeconds(run::FirstFailure(result, host.name, "tcp", group));
    h["udp"] = FiguresToJson(host.udp);
    h["udp"]["first_failure_s"] = OptionalSeconds(run::FirstFailure(result, host.name, "udp", group));
    if (host.has_firewall) {
      Json fw;
      fw["rules"] = Json::array();
      int number = 0;
      for (const sim::FirewallRuleResult& r : host.firewall) {
        Json rule;
        rule["number"] = ++number;
        rule["chain"] = r.chain;
        rule["rule"] = r.rule;
        rule["packets"] = r.packets;
        rule["bytes"] = r.bytes;
        fw["rules"].push_back(std::move(rule));
      }
      fw["policy"]["in"] = host.policy_in;
      fw["policy"]["out"] = host.policy_out;
      fw["policy_drops"]["in"] = host.policy_drops_in;
      fw["policy_drops"]["out"] = host.policy_drops_out;
      h["firewall"] = std::move(fw);
    }
    hosts[host.name] = std::move(h);
  }
  j["hosts"] = std::move(hosts);
  if (!result.nats.empty()) {
    Json nats = Json::object();
    for (const nat::NatFigures& n : result.nats) nats[n.name] = NatToJson(n);
    j["nat"] = std::move(nats);
  }
  if (!result.nat_probes.empty()) {
    Json probes = Json::array();
    for (const sim::NatProbeResult& p : result.nat_probes) {
      Json pj;
      pj["step"] = p.step;
      pj["at_s"] = p.at.seconds();
      pj["nat"] = p.nat;
      pj["client"] = p.client;
      if (!p.error.empty()) {
        pj["error"] = p.error;
      } else {
        pj["mapping"] = std::string(nat::DependenceName(p.report.mapping));
        pj["filtering"] = std::string(nat::DependenceName(p.report.filtering));
        pj["classic"] = p.report.classic;
        pj["hairpinning"] = p.report.hairpinning;
        pj["binding_lifetime_s"] =
            p.report.binding_lifetime ? Json(p.report.binding_lifetime->seconds()) : Json(nullptr);
      }
      probes.push_back(std::move(pj));
    }
    j["nat_probes"] = std::move(probes);
  }
  if (!result.poisonings.empty()) {
    Json races = Json::array();
    for (const sim::PoisonResult& p : result.poisonings) {
      Json pj;
      pj["step"] = p.step;
      pj["at_s"] = p.at.seconds();
      pj["host"] = p.host;
      pj["query_ports"] = p.ports;
      pj["rate"] = p.rate;
      pj["rtt_s"] = p.rtt.seconds();
      if (!p.error.empty()) {
        pj["error"] = p.error;
      } else {
        const sim::PoisonFigures& f = p.figures;
        pj["trials"] = f.trials;
        pj["forgeries"] = f.forgeries;
        pj["range_ports"] = f.range_ports;
        pj["predicted"] = f.predicted;
        pj["port_covered"] = f.port_covered;
        pj["reached"] = f.reached;
        pj["icmp"] = f.icmp;
        pj["poisoned"] = f.poisoned;
        pj["success_rate"] = f.rate();
        pj["interval"] = Json::array({f.interval.lo, f.interval.hi});
        pj["analytic"] = f.analytic;
        pj["agrees"] = f.agrees();
      }
      races.push_back(std::move(pj));
    }
    j["poisonings"] = std::move(races);
  }
  if (!result.scans.empty()) {
    Json scans = Json::array();
    for (const sim::ScanResult& scan : result.scans) {
      Json sj;
      sj["step"] = scan.step;
      sj["at_s"] = scan.at.seconds();
      sj["host"] = scan.host;
      sj["source"] = scan.source;
      sj["target"] = scan.target;
      sj["type"] = std::string(scenario::ScanTypeName(scan.type));
      sj["probes_sent"] = scan.probes_sent;
      sj["finished_s"] = OptionalSeconds(scan.finished);
      sj["unfinished"] = scan.unfinished;
      const std::string protocol(net::ProtocolName(scenario::ScanProtocol(scan.type)));
      Json ports = Json::object();
      for (const sim::ScanPortResult& p : scan.ports) {
        Json pj;
        pj["state"] = std::string(scenario::PortStateName(p.state));
        pj["reason"] = std::string(scenario::ScanReasonName(p.reason));
        pj["tries"] = p.tries;
        ports[absl::StrCat(protocol, "/", p.port)] = std::move(pj);
      }
      sj["ports"] = std::move(ports);
      scans.push_back(std::move(sj));
    }
    j["scans"] = std::move(scans);
  }
  if (!result.analysis.empty()) {
    Json figures = Json::array();
    for (const sim::AnalysisFigure& f : result.analysis) {
      Json fj;
      fj["strategy"] = f.strategy;
      fj["axis"] = f.axis;
      fj["metric"] = f.metric;
      fj["x"] = f.x ? Json(*f.x) : Json(nullptr);
      fj["value"] = f.value;
      fj["seed_count"] = f.seed_count;
      fj["ci95"] = f.ci95 ? Json::array({f.ci95->low, f.ci95->high}) : Json(nullptr);
      fj["interval"] = f.ci95 ? Json(std::string(IntervalMethodName(f.interval))) : Json(nullptr);
      figures.push_back(std::move(fj));
    }
    j["analysis"] = std::move(figures);
  }
  if (!result.workloads.empty()) {
    j["workloads"] = Json::array();
    for (const sim::WorkloadResult& w : result.workloads) j["workloads"].push_back(WorkloadToJson(w));
  }
  j["failures"] = FailuresToJson(result);
  j["headroom"] = RunHeadroomJson(result);
  j["sample_interval_s"] = result.sample_interval.seconds();
  j["expectations"] = Json::array();
  for (const sim::ExpectationResult& e : result.expectations) {
    Json ej;
    ej["index"] = e.index;
    ej["passed"] = e.passed;
    ej["detail"] = e.detail;
    j["expectations"].push_back(std::move(ej));
  }
  j["passed"] = result.passed;
  return j;
}

void WriteJson(const sim::Result& result, std::ostream& out) {
  // Replace rather than throw on a name that is not valid UTF-8.
  out << ResultToJson(result).dump(2, ' ', false,
                                   Json::error_handler_t::replace)
      << "\n";
}

}  // namespace portlab::report
