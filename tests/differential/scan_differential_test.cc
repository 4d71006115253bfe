// Port scans held against real nmap (issue 19, item 3). Debian's nmap
// scans a target in a private network namespace across a veth link: TCP
// listeners, a UDP service that answers (a small responder here), a bound
// UDP socket that never does, closed ports, and nftables rules of each
// kind. The same network as a scenario runs through portlab's `scan`
// steps, and every port of every scan type must get the same state and
// reason from both (read from nmap's XML, -oX).
//
// Each rule row says how portlab's firewall writes the same rule (its
// nftables-style keys, scenarios/README.md "Firewall"), so every kind of
// reject nftables has is compared: tcp reset, and ICMP port unreachable,
// admin-prohibited, host unreachable and net unreachable.
//
// Needs root (REQUIRE_KERNEL), nmap and nft: without them the test prints
// PORTLAB_SKIP with the reason.
#include <poll.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "differential/kernel_netns.h"
#include "portlab/base/strings.h"
#include "differential/kernel_probe.h"
#include "differential/require_kernel.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::differential {
namespace {

constexpr const char* kScanner = "10.9.0.1";
constexpr const char* kTarget = "10.9.0.2";

// The target's services.
// 8080 listens behind a reject rule: the rule answers first.
constexpr int kTcpListeners[] = {22, 80, 8080};
constexpr int kTcpClosed = 23;
constexpr int kUdpAnswering = 53;
constexpr int kUdpSilent = 161;
constexpr int kUdpClosed = 123;

struct RuleRow {
  const char* proto;  // "tcp" or "udp"
  int port;
  const char* nft;      // the nftables statement after `PROTO dport PORT`
  const char* portlab;  // the same as a portlab rule's action keys
};

const RuleRow kRuleRows[] = {
    {"tcp", 25, "drop", "action: drop"},
    {"tcp", 8080, "reject with tcp reset", "action: reject, with: tcp-reset"},
    {"udp", 514, "drop", "action: drop"},
    {"udp", 517, "reject", "action: reject"},  // nft's default: ICMP port unreachable
    {"tcp", 8081, "reject with icmp type port-unreachable", "action: reject, with: port-unreachable"},
    {"tcp", 8082, "reject with icmp type admin-prohibited", "action: reject, with: admin-prohibited"},
    {"tcp", 8083, "reject with icmp type host-unreachable", "action: reject, with: host-unreachable"},
    {"tcp", 8084, "reject with icmp type net-unreachable", "action: reject, with: net-unreachable"},
    {"udp", 515, "reject with icmp type admin-prohibited", "action: reject, with: admin-prohibited"},
    {"udp", 516, "reject with icmp type host-unreachable", "action: reject, with: host-unreachable"},
    {"udp", 518, "reject with icmp type net-unreachable", "action: reject, with: net-unreachable"},
};

struct ScanKind {
  const char* portlab;  // the step's type:
  const char* nmap;     // nmap's option
  bool udp;
};
const ScanKind kScanKinds[] = {
    {"syn", "-sS", false}, {"connect", "-sT", false}, {"ack", "-sA", false}, {"fin", "-sF", false},
    {"null", "-sN", false}, {"xmas", "-sX", false}, {"udp", "-sU", true},
};

std::vector<int> PortsOf(bool udp) {
  std::vector<int> ports;
  if (udp) {
    ports = {kUdpAnswering, kUdpClosed, kUdpSilent};
  } else {
    ports = {std::begin(kTcpListeners), std::end(kTcpListeners)};
    ports.push_back(kTcpClosed);
  }
  for (const RuleRow& r : kRuleRows) {
    if ((std::string(r.proto) == "udp") == udp) ports.push_back(r.port);
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

// "TYPE PROTO/PORT" -> "state/reason".
using Verdicts = std::map<std::string, std::string>;

// Parses "key value" lines.
Verdicts ParseVerdicts(const std::string& text) {
  Verdicts v;
  std::istringstream in(text);
  std::string type, port, verdict;
  while (in >> type >> port >> verdict) v[absl::StrCat(type, " ", port)] = verdict;
  return v;
}

// --- The kernel half. ---

bool ReadChar(int fd, char want) {
  char c = 0;
  return read(fd, &c, 1) == 1 && c == want;
}

int BoundSocket(int type, int port) {
  const int fd = socket(AF_INET, type, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) return -1;
  return fd;
}

// The target: its own namespace (vb moved into it by the scanner), its
// services and rules; answers datagrams on the answering port until the
// scanner closes `go`.
[[noreturn]] void RunTarget(int ready, int go) {
  if (unshare(CLONE_NEWNET) != 0) _exit(1);
  (void)!write(ready, "r", 1);
  if (!ReadChar(go, 'm')) _exit(1);
  if (!Shell("ip link set lo up").ok() || !Shell(absl::StrCat("ip addr add ", kTarget, "/24 dev vb")).ok() ||
      !Shell("ip link set vb up").ok()) {
    _exit(2);
  }
  // Linux limits ICMP errors to ~1 a second per peer after a burst
  // (icmp_ratelimit); nmap would slow down to match. Off: the verdicts,
  // not the pacing, are compared.
  WriteSysctl("icmp_ratelimit", "0").IgnoreError();
  std::string rules = "table inet portlab_scan {\n  chain input {\n"
                      "    type filter hook input priority 0; policy accept;\n";
  for (const RuleRow& r : kRuleRows) absl::StrAppend(&rules, "    ", r.proto, " dport ", r.port, " ", r.nft, "\n");
  absl::StrAppend(&rules, "  }\n}\n");
  const std::string file = absl::StrCat("/tmp/portlab-scan-rules-", getpid(), ".nft");
  std::ofstream(file) << rules;
  const bool ruled = Shell(absl::StrCat("nft -f ", file)).ok();
  std::remove(file.c_str());
  if (!ruled) _exit(3);
  for (int port : kTcpListeners) {
    const int fd = BoundSocket(SOCK_STREAM, port);
    if (fd < 0 || listen(fd, 64) != 0) _exit(4);
  }
  const int answering = BoundSocket(SOCK_DGRAM, kUdpAnswering);
  if (answering < 0 || BoundSocket(SOCK_DGRAM, kUdpSilent) < 0) _exit(5);
  (void)!write(ready, "b", 1);
  pollfd fds[2] = {{answering, POLLIN, 0}, {go, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) _exit(0);  // the scanner is done (or gone)
    if (fds[0].revents & POLLIN) {
      char buf[2048];
      sockaddr_in from{};
      socklen_t len = sizeof(from);
      const ssize_t n = recvfrom(answering, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n >= 0) sendto(answering, "x", 1, 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
}

// nmap's verdicts from its XML: "TYPE PROTO/PORT state/reason" lines.
std::string NmapVerdicts(const ScanKind& kind, const std::string& xml) {
  static const std::regex kPort(
      R"re(<port protocol="(tcp|udp)" portid="(\d+)"><state state="([^"]+)" reason="([^"]+)")re");
  std::string out;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), kPort); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    absl::StrAppend(&out, kind.portlab, " ", m[1].str(), "/", m[2].str(), " ", m[3].str(), "/", m[4].str(), "\n");
  }
  return out;
}

std::string CaptureOutput(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

// The scanner's side: the link, the target, then one nmap run per scan type.
std::string KernelScans() {
  int ready[2], go[2];
  if (pipe(ready) != 0 || pipe(go) != 0) return "!pipe";
  const pid_t target = fork();
  if (target < 0) return "!fork";
  if (target == 0) {
    close(ready[0]);
    close(go[1]);
    RunTarget(ready[1], go[0]);
  }
  close(ready[1]);
  close(go[0]);
  auto finish = [&](std::string result) {
    close(go[1]);
    int status = 0;
    waitpid(target, &status, 0);
    return result;
  };
  if (!ReadChar(ready[0], 'r')) return finish("!the target did not start");
  for (const std::string& c : {absl::StrCat("ip link add va type veth peer name vb netns ", target),
                              absl::StrCat("ip addr add ", kScanner, "/24 dev va"), std::string("ip link set va up")}) {
    if (absl::Status s = Shell(c); !s.ok()) return finish(absl::StrCat("!", s.message()));
  }
  (void)!write(go[1], "m", 1);
  if (!ReadChar(ready[0], 'b')) return finish("!the target could not set up its services and rules");
  std::string out;
  for (const ScanKind& kind : kScanKinds) {
    // -Pn: no host discovery; -n: no DNS; -r: ports in order, as portlab's;
    // --max-retries 1: portlab's default (see scenario/scan_spec.h).
    const std::string xml =
        CaptureOutput(absl::StrCat("nmap -Pn -n -r -T4 --max-retries 1 ", kind.nmap, " -p ",
                         absl::StrJoin(PortsOf(kind.udp), ","), " ", kTarget, " -oX - 2>/dev/null"));
    out += NmapVerdicts(kind, xml);
  }
  return finish(out);
}

// --- The model half. ---

Verdicts ModelScans() {
  std::string firewall;
  for (const RuleRow& r : kRuleRows) {
    absl::StrAppend(&firewall, firewall.empty() ? "" : ", ", "{proto: ", r.proto, ", dport: ", r.port, ", ",
                    r.portlab, "}");
  }
  std::string yaml = absl::StrCat("name: scanned by nmap\nhosts:\n  scanner: {address: ", kScanner,
                                  "}\n  target: {address: ", kTarget, ", firewall: [", firewall,
                                  "]}\nsteps:\n");
  for (int port : kTcpListeners) {
    absl::StrAppend(&yaml, "  - {at: 0s, host: target, op: listen, proto: tcp, port: ", port, "}\n");
  }
  absl::StrAppend(&yaml, "  - {at: 0s, host: target, op: bind, proto: udp, port: ", kUdpAnswering,
                  ", app: {respond: 1}}\n");
  absl::StrAppend(&yaml, "  - {at: 0s, host: target, op: bind, proto: udp, port: ", kUdpSilent, "}\n");
  int at = 1;
  for (const ScanKind& kind : kScanKinds) {
    absl::StrAppend(&yaml, "  - {at: ", at, "0s, host: scanner, op: scan, type: ", kind.portlab,
                    ", target: ", kTarget, ", ports: \"", absl::StrJoin(PortsOf(kind.udp), ","), "\"}\n");
    ++at;
  }
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "scanned-by-nmap.yaml");
  INFO(yaml << (s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, {});
  REQUIRE(r.ok());
  Verdicts v;
  for (const sim::ScanResult& scan : r->scans) {
    const std::string_view proto = net::ProtocolName(scenario::ScanProtocol(scan.type));
    for (const sim::ScanPortResult& p : scan.ports) {
      v[absl::StrCat(AV(scenario::ScanTypeName(scan.type)), " ", AV(proto), "/", p.port)] =
          absl::StrCat(AV(scenario::PortStateName(p.state)), "/", AV(scenario::ScanReasonName(p.reason)));
    }
  }
  return v;
}

TEST_CASE("scan: every port of every scan type gets nmap's state and reason", "[differential][kernel][scan]") {
  REQUIRE_KERNEL();
  for (const char* tool : {"nmap", "nft"}) {
    if (std::system(absl::StrCat("command -v ", tool, " >/dev/null 2>&1").c_str()) != 0) {
      std::cout << "PORTLAB_SKIP: " << tool << " is not installed (tools/install-deps installs it)" << std::endl;
      return;
    }
  }
  absl::StatusOr<std::string> kernel = RunInNetns(KernelScans);
  REQUIRE(kernel.ok());
  const Verdicts nmap = ParseVerdicts(*kernel);
  const Verdicts model = ModelScans();
  int compared = 0;
  for (const ScanKind& kind : kScanKinds) {
    const std::string proto = kind.udp ? "udp" : "tcp";
    for (int port : PortsOf(kind.udp)) {
      const std::string key = absl::StrCat(kind.portlab, " ", proto, "/", port);
      INFO(key);
      auto n = nmap.find(key);
      REQUIRE(n != nmap.end());  // nmap lists every port it scanned
      auto m = model.find(key);
      REQUIRE(m != model.end());
      CHECK(m->second == n->second);
      ++compared;
    }
  }
  CHECK(compared == 62);  // 6 TCP scans of 9 ports, a UDP scan of 8
}

}  // namespace
}  // namespace portlab::differential
