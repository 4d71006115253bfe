// `portlab table` held against the kernel's own tools: shipped scenarios'
// steps run on the kernel in a private network namespace (kernel_runner.h),
// and there `ss -tan`, `ss -uan` and `netstat -tuan` print the sockets the
// steps left open; the model runs the same steps and its ss and netstat
// formats (report/socket_table_writer.h) must list the same rows: protocol,
// state, local and peer address and port. Ports the kernel picks from its
// ephemeral range differ by design (its secret is not ours), so a port in
// the range compares as "EPH"; service names, which ss -n and netstat -n do
// not print, are left out; the queue columns are not compared (the model
// has none, socket_row.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "differential/kernel_runner.h"
#include "differential/require_kernel.h"
#include "portlab/report/socket_row.h"
#include "portlab/report/socket_table_writer.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::differential {
namespace {

namespace fs = std::filesystem;

// Linux's default ip_local_port_range; the scenarios below leave it.
constexpr int kEphemeralLow = 32768;
constexpr int kEphemeralHigh = 60999;

// "10.0.0.1:40000" -> "10.0.0.1:EPH" when the port is ephemeral.
std::string Canonical(std::string endpoint) {
  const size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return endpoint;
  int port = 0;
  try {
    port = std::stoi(endpoint.substr(colon + 1));
  } catch (...) {
    return endpoint;  // "*"
  }
  if (port >= kEphemeralLow && port <= kEphemeralHigh) endpoint = endpoint.substr(0, colon + 1) + "EPH";
  return endpoint;
}

std::vector<std::string> Words(const std::string& line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

// `ss -Htan` / `ss -Huan`: State Recv-Q Send-Q Local Peer [Process].
std::vector<std::string> SsRows(const std::string& proto, const std::string& text) {
  std::vector<std::string> rows;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(text, '\n', absl::SkipEmpty()))) {
    std::vector<std::string> w = Words(line);
    if (w.size() < 5) continue;
    rows.push_back(absl::StrJoin({proto, w[0], Canonical(w[3]), Canonical(w[4])}, " "));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// `netstat -tuan`: two header lines, then Proto Recv-Q Send-Q Local Foreign [State].
std::vector<std::string> NetstatRows(const std::string& text) {
  std::vector<std::string> rows;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(text, '\n', absl::SkipEmpty()))) {
    std::vector<std::string> w = Words(line);
    if (w.size() < 5 || (w[0].rfind("tcp", 0) != 0 && w[0].rfind("udp", 0) != 0)) continue;
    rows.push_back(absl::StrJoin({w[0], Canonical(w[3]), Canonical(w[4]), w.size() > 5 ? w[5] : ""}, " "));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

struct ModelRows {
  std::vector<std::string> ss_tcp, ss_udp, netstat;
};

// The model's rows in the same shapes, service names cut off.
ModelRows Model(const scenario::Scenario& s, Duration at) {
  ModelRows m;
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(s, 1, nullptr);
  REQUIRE(simulation.ok());
  (*simulation)->Run(SimTime() + at);
  const std::regex service(R"( \([^)]*\))");
  auto numeric = [&](const std::string& text) { return Canonical(std::regex_replace(text, service, "")); };
  const auto& hosts = (*simulation)->hosts();
  for (uint32_t i = 0; i < hosts.size(); ++i) {
    for (const report::TableRow& r : report::TableRows(*hosts[i], (*simulation)->SocketLabels(i))) {
      // Bound-only TCP sockets: plain ss -a and netstat -a do not list them.
      if (r.socket.protocol == net::Protocol::kTcp && r.state == report::SsState::kClose) continue;
      const std::string proto(net::ProtocolName(r.socket.protocol));
      std::string ss = absl::StrJoin({proto, std::string(report::SsStateName(r.state)),
                                      numeric(report::LocalText(r, report::TableFormat::kSs)),
                                      numeric(report::PeerText(r, report::TableFormat::kSs))},
                                     " ");
      (r.socket.protocol == net::Protocol::kTcp ? m.ss_tcp : m.ss_udp).push_back(ss);
      m.netstat.push_back(absl::StrJoin(
          {proto + (r.v6 ? "6" : ""), Canonical(report::LocalText(r, report::TableFormat::kNetstat)),
           Canonical(report::PeerText(r, report::TableFormat::kNetstat)),
           std::string(report::NetstatStateName(r.state, r.socket.protocol))},
          " "));
    }
  }
  for (auto* v : {&m.ss_tcp, &m.ss_udp, &m.netstat}) std::sort(v->begin(), v->end());
  return m;
}

TEST_CASE("portlab table lists the sockets ss and netstat list on the kernel", "[differential][kernel]") {
  REQUIRE_KERNEL();
  // Each scenario's state just after its last step, or after its first
  // `steps` steps (plus `settle` for the model's latency: handshakes and
  // FINs in flight arrive, no timer fires).
  struct Case {
    const char* scenario;
    size_t steps;  // 0: all
    Duration settle;
  } cases[] = {
      // Up to its closes: the kernel runner's servers never read, and Linux
      // answers the close of a socket with unread data with a RST
      // (tcp_close, RFC 2525 §2.17), which the model's reading servers do not.
      {"web-browsing.yaml", 5, Duration::Millis(50)},
      {"dns-tcp-and-udp.yaml", 0, Duration::Millis(50)},
      {"ftp-and-http.yaml", 0, Duration::Millis(50)},
      // The server's TIME-WAIT (close_after) beside a listener restarted
      // with SO_REUSEADDR.
      {"address-in-use.yaml", 0, Duration::Millis(50)},
      // TIME-WAIT entries reused with tcp_tw_reuse: the four ports of a
      // four-port range, established again.
      {"time-wait-reconnect.yaml", 0, Duration::Millis(50)},
      // Dual-stack listeners ("*" and "[::]" wildcards) and IPv4-mapped
      // connections.
      {"dual-stack.yaml", 0, Duration::Millis(50)},
  };
  // tools/install-deps installs net-tools; where it is missing the netstat
  // half is skipped, unless the kernel comparison is required.
  const bool have_netstat = std::system("command -v netstat >/dev/null 2>&1") == 0;
  if (!have_netstat && NetnsRequired()) FAIL("PORTLAB_REQUIRE_NETNS is set and netstat (net-tools) is missing");
  for (const Case& c : cases) {
    INFO(c.scenario);
    absl::StatusOr<scenario::Scenario> s =
        scenario::LoadScenarioFile((fs::path(PORTLAB_SOURCE_DIR) / "scenarios" / c.scenario).string());
    REQUIRE(s.ok());
    if (c.steps > 0) s->steps.resize(c.steps);
    REQUIRE_FALSE(s->steps.empty());
    std::vector<std::string> commands = {"ss -Htan", "ss -Huan"};
    if (have_netstat) commands.push_back("netstat -tuan");
    absl::StatusOr<KernelRun> kernel = RunOnKernelThen(*s, commands);
    REQUIRE(kernel.ok());
    const ModelRows model = Model(*s, Duration::Nanos(s->steps.back().at.nanos()) + c.settle);
    const std::vector<std::string> ss_tcp = SsRows("tcp", kernel->outputs[0]);
    const std::vector<std::string> ss_udp = SsRows("udp", kernel->outputs[1]);
    INFO("kernel ss -tan:\n" << kernel->outputs[0] << "model:\n" << absl::StrJoin(model.ss_tcp, "\n"));
    CHECK(ss_tcp == model.ss_tcp);
    INFO("kernel ss -uan:\n" << kernel->outputs[1] << "model:\n" << absl::StrJoin(model.ss_udp, "\n"));
    CHECK(ss_udp == model.ss_udp);
    if (have_netstat) {
      INFO("kernel netstat -tuan:\n" << kernel->outputs[2] << "model:\n" << absl::StrJoin(model.netstat, "\n"));
      CHECK(NetstatRows(kernel->outputs[2]) == model.netstat);
    }
  }
}

}  // namespace
}  // namespace portlab::differential
