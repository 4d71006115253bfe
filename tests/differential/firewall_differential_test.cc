// The firewall held against nftables on the running kernel (issue 19,
// item 1). Two namespaces joined by a veth pair: the client 10.0.0.1/24
// and the server 10.0.0.2/24, each with the nft rules of the table below.
// The client makes TCP connect()s and UDP sends through them; the same
// rules and calls run through the simulator as one scenario. Each call
// must end with the same errno, and every rule must count the same
// packets (nft `counter`).
//
// The link between them is a userspace wire with 1 ms of latency (TapWire()
// below), the scenario's default.
//
// The table covers every reject kind, a drop, accept before drop, source
// prefixes, a port range, a set with a timeout filled by one rule and read
// by another, output rules, and `ct state established,related` letting
// replies in under a drop policy.
//
// Both namespaces retry a SYN once (tcp_syn_retries=1,
// tcp_syn_linear_timeouts=0: a dropped connect() gives up after 3 s) and
// the server does not rate-limit its ICMP errors (icmp_ratelimit=0:
// portlab does not model icmp_ratelimit's per-destination token bucket).
// Skipped with PORTLAB_SKIP where no namespace can be made or nft is
// missing.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "differential/errno_names.h"
#include "differential/kernel_probe.h"
#include "differential/require_kernel.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::differential {
namespace {

// One rule, as nft writes it (with `counter`) and as the scenario does.
struct FwRule {
  bool server;       // else the client's
  const char* nft;   // after `nft add rule inet T CHAIN`
  const char* yaml;  // the scenario's rule
};

const FwRule kRules[] = {
    // The client: replies only (a drop input policy), and two output drops.
    {false, "in ct state established,related counter accept", "{ct: \"established,related\", action: accept}"},
    {false, "out udp dport 9999 counter drop", "{dir: out, proto: udp, dport: 9999, action: drop}"},
    {false, "out tcp dport 9998 counter drop", "{dir: out, proto: tcp, dport: 9998, action: drop}"},
    // The server: each verdict and selector.
    {true, "in tcp dport 23 counter drop", "{proto: tcp, dport: 23, action: drop}"},
    {true, "in tcp dport 25 counter reject", "{proto: tcp, dport: 25, action: reject}"},
    {true, "in tcp dport 110 counter reject with tcp reset", "{proto: tcp, dport: 110, action: reject, with: tcp-reset}"},
    {true, "in tcp dport 143 counter reject with icmpx admin-prohibited",
     "{proto: tcp, dport: 143, action: reject, with: admin-prohibited}"},
    {true, "in tcp dport 445 counter reject with icmpx host-unreachable",
     "{proto: tcp, dport: 445, action: reject, with: host-unreachable}"},
    {true, "in tcp dport 3389 counter reject with icmp net-unreachable",
     "{proto: tcp, dport: 3389, action: reject, with: net-unreachable}"},
    {true, "in tcp dport 5000-5010 counter accept", "{proto: tcp, dport: \"5000-5010\", action: accept}"},
    {true, "in ip saddr 10.0.0.0/30 tcp dport 6000 counter accept",
     "{proto: tcp, dport: 6000, saddr: 10.0.0.0/30, action: accept}"},
    {true, "in tcp dport 6000 counter drop", "{proto: tcp, dport: 6000, action: drop}"},
    {true, "in ip saddr 192.168.0.0/16 tcp dport 6001 counter reject",
     "{proto: tcp, dport: 6001, saddr: 192.168.0.0/16, action: reject}"},
    {true, "in udp dport 161 counter drop", "{proto: udp, dport: 161, action: drop}"},
    {true, "in udp dport 162 counter reject", "{proto: udp, dport: 162, action: reject}"},
    {true, "in udp dport 514 counter reject with icmpx admin-prohibited",
     "{proto: udp, dport: 514, action: reject, with: admin-prohibited}"},
    {true, "in udp dport 515 counter reject with icmpx host-unreachable",
     "{proto: udp, dport: 515, action: reject, with: host-unreachable}"},
    {true, "in udp dport 516 counter reject with icmp net-unreachable",
     "{proto: udp, dport: 516, action: reject, with: net-unreachable}"},
    {true, "in udp dport 7000 counter add @knocked { ip saddr timeout 2s } drop",
     "{proto: udp, dport: 7000, add: {set: knocked, timeout: 2s}, action: drop}"},
    {true, "in tcp dport 7022 ip saddr @knocked counter accept",
     "{proto: tcp, dport: 7022, saddr: \"@knocked\", action: accept}"},
    {true, "in tcp dport 7022 counter reject with tcp reset",
     "{proto: tcp, dport: 7022, action: reject, with: tcp-reset}"},
};

enum class FwCall {
  kConnect,  // TCP connect() from the client, blocking
  kUdp,      // UDP: connect(), send(), 0.2 s, then the error pending (SO_ERROR)
  kSendTo,   // one sendto() from an unconnected UDP socket
};

struct FwProbe {
  const char* name;
  FwCall call;
  int port;
  double after_s;      // waits this long after the probe before it
  const char* expect;  // the errno both must give ("OK": none)
};

const FwProbe kProbes[] = {
    {"drop: the SYN and its retransmission go unanswered", FwCall::kConnect, 23, 0, "ETIMEDOUT"},
    {"reject: ICMP port unreachable, for TCP too", FwCall::kConnect, 25, 0, "ECONNREFUSED"},
    {"reject with tcp reset", FwCall::kConnect, 110, 0, "ECONNREFUSED"},
    {"reject with admin-prohibited", FwCall::kConnect, 143, 0, "EHOSTUNREACH"},
    {"reject with host-unreachable", FwCall::kConnect, 445, 0, "EHOSTUNREACH"},
    {"reject with net-unreachable", FwCall::kConnect, 3389, 0, "ENETUNREACH"},
    {"a port range accepts", FwCall::kConnect, 5005, 0, "OK"},
    {"accept from a prefix before the drop", FwCall::kConnect, 6000, 0, "OK"},
    {"a prefix that does not match: the closed port's RST", FwCall::kConnect, 6001, 0, "ECONNREFUSED"},
    {"UDP drop: silence", FwCall::kUdp, 161, 0, "OK"},
    {"UDP reject: port unreachable", FwCall::kUdp, 162, 0, "ECONNREFUSED"},
    {"UDP admin-prohibited: a hard error", FwCall::kUdp, 514, 0, "EHOSTUNREACH"},
    {"UDP host-unreachable: a soft error, ignored", FwCall::kUdp, 515, 0, "OK"},
    {"UDP net-unreachable: a soft error, ignored", FwCall::kUdp, 516, 0, "OK"},
    {"before the knock", FwCall::kConnect, 7022, 0, "ECONNREFUSED"},
    {"the knock", FwCall::kSendTo, 7000, 0, "OK"},
    {"after the knock", FwCall::kConnect, 7022, 0.1, "OK"},
    {"after the set's timeout", FwCall::kConnect, 7022, 2.5, "ECONNREFUSED"},
    {"an output drop fails sendto() with EPERM", FwCall::kSendTo, 9999, 0, "EPERM"},
    {"an output drop keeps the SYN in: ETIMEDOUT", FwCall::kConnect, 9998, 0, "ETIMEDOUT"},
};

// The server's listeners and bound UDP sockets (no application answers).
constexpr int kServerTcp[] = {23, 25, 110, 143, 445, 3389, 5005, 6000, 7022};
constexpr int kServerUdp[] = {161, 162, 514, 515, 516};
constexpr int kClientListener = 2222;  // the server's connect() meets the client's drop policy

constexpr const char* kSysctls[] = {"tcp_syn_retries=1", "tcp_syn_linear_timeouts=0", "icmp_ratelimit=0"};

// --- The kernel half. ---

sockaddr_in FwAddr(const char* ip, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

std::string ErrnoText(int err) { return err == 0 ? "OK" : ErrnoName(err); }

std::string KernelConnect(const char* ip, int port, std::vector<int>& keep) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in a = FwAddr(ip, port);
  const int err = connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) == 0 ? 0 : errno;
  keep.push_back(fd);  // open until the counters are read: no FIN to count
  return ErrnoText(err);
}

std::string KernelFwProbe(const FwProbe& p, std::vector<int>& keep) {
  if (p.call == FwCall::kConnect) return KernelConnect("10.0.0.2", p.port, keep);
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  keep.push_back(fd);
  const sockaddr_in a = FwAddr("10.0.0.2", p.port);
  if (p.call == FwCall::kSendTo) {
    return ErrnoText(sendto(fd, "x", 1, 0, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) < 0 ? errno : 0);
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0) return ErrnoText(errno);
  if (send(fd, "x", 1, 0) < 0) return ErrnoText(errno);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // What the socket's next call would return (sk_err), read without
  // sending a second datagram: SO_ERROR returns and clears it.
  int err = 0;
  socklen_t len = sizeof(err);
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  return ErrnoText(err);
}

// The packets of every `counter` in `nft list ruleset`, in listing order.
std::string NftCounters() {
  FILE* f = popen("nft list ruleset", "r");
  if (f == nullptr) return "?";
  std::vector<std::string> out;
  char line[1024];
  while (fgets(line, sizeof(line), f) != nullptr) {
    const char* c = std::strstr(line, "counter packets ");
    if (c != nullptr) out.push_back(std::to_string(std::atoll(c + std::strlen("counter packets "))));
  }
  pclose(f);
  return absl::StrJoin(out, " ");
}

absl::Status NftRules(bool server) {
  const char* table = server ? "s" : "c";
  std::vector<std::string> commands = {
      absl::StrCat("nft add table inet ", table),
      absl::StrCat("nft 'add chain inet ", table, " in { type filter hook input priority 0; policy ",
                   server ? "accept" : "drop", "; }'"),
      absl::StrCat("nft 'add chain inet ", table, " out { type filter hook output priority 0; policy accept; }'")};
  if (server) commands.push_back("nft 'add set inet s knocked { type ipv4_addr; flags timeout, dynamic; }'");
  for (const FwRule& r : kRules) {
    if (r.server == server) commands.push_back(absl::StrCat("nft 'add rule inet ", table, " ", r.nft, "'"));
  }
  for (const std::string& c : commands) {
    if (absl::Status s = Shell(c); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status FwSysctls() {
  for (const char* s : kSysctls) {
    if (absl::Status st = Shell(absl::StrCat("sysctl -qw net.ipv4.", s)); !st.ok()) return st;
  }
  return absl::OkStatus();
}

bool ReadSignal(int fd, char want) {
  char c = 0;
  return read(fd, &c, 1) == 1 && c == want;
}

// A tap device named `name` in the calling process's namespace; -1 on failure.
int OpenTap(const char* name) {
  const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) return -1;
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The wire between the two namespaces: frames copied from one tap to the
// other 1 ms late (the scenario's default latency). A link with latency,
// unlike a veth pair: veth delivers the server's ICMP error while the
// client's connect() still holds its socket (tcp_v4_err then keeps it as a
// soft error and the SYN goes again), which no real link does.
[[noreturn]] void TapWire(int a, int b) {
  pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  char frame[2048];
  for (;;) {
    if (poll(fds, 2, -1) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      const ssize_t n = read(fds[i].fd, frame, sizeof(frame));
      if (n <= 0) continue;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      (void)!write(fds[1 - i].fd, frame, static_cast<size_t>(n));
    }
  }
}

// "probe errnos | client counters | server connect errno | server counters".
std::string FirewallKernelRun() {
  const int client_tap = OpenTap("ta");
  if (client_tap < 0) return absl::StrCat("!tap: ", std::strerror(errno));
  for (const char* c : {"ip addr add 10.0.0.1/24 dev ta", "ip link set ta up"}) {
    if (absl::Status s = Shell(c); !s.ok()) return absl::StrCat("!", s.message());
  }
  int up[2], down[2], result[2];
  if (pipe(up) != 0 || pipe(down) != 0 || pipe(result) != 0) return "!pipe";
  const pid_t server = fork();
  if (server < 0) return "!fork";
  if (server == 0) {
    close(up[0]);
    close(down[1]);
    close(result[0]);
    if (unshare(CLONE_NEWNET) != 0) _exit(1);
    std::string out;
    std::vector<int> keep;
    const int server_tap = OpenTap("tb");
    if (server_tap < 0 || !Shell("ip link set lo up").ok() || !Shell("ip addr add 10.0.0.2/24 dev tb").ok() ||
        !Shell("ip link set tb up").ok() || !FwSysctls().ok() || !NftRules(true).ok()) {
      out = "!server setup";
    }
    std::thread(TapWire, client_tap, server_tap).detach();
    for (int port : kServerTcp) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      const sockaddr_in a = FwAddr("0.0.0.0", port);
      if (bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0 || listen(fd, 16) != 0) out = "!listen";
    }
    for (int port : kServerUdp) {
      const int fd = socket(AF_INET, SOCK_DGRAM, 0);
      const sockaddr_in a = FwAddr("0.0.0.0", port);
      if (bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0) out = "!bind";
    }
    (void)!write(up[1], "b", 1);
    if (!ReadSignal(down[0], 's')) _exit(1);
    if (out.empty()) out = absl::StrCat(KernelConnect("10.0.0.1", kClientListener, keep), " | ", NftCounters());
    (void)!write(result[1], out.data(), out.size());
    _exit(0);
  }
  close(up[1]);
  close(down[0]);
  close(result[1]);
  if (absl::Status s = FwSysctls(); !s.ok()) return absl::StrCat("!", s.message());
  if (absl::Status s = NftRules(false); !s.ok()) return absl::StrCat("!", s.message());
  const int l = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in la = FwAddr("0.0.0.0", kClientListener);
  if (bind(l, reinterpret_cast<const sockaddr*>(&la), sizeof(la)) != 0 || listen(l, 16) != 0) return "!listen";
  if (!ReadSignal(up[0], 'b')) return "!the server did not set up";
  std::vector<int> keep;
  std::vector<std::string> errnos;
  for (const FwProbe& p : kProbes) {
    std::this_thread::sleep_for(std::chrono::duration<double>(p.after_s));
    errnos.push_back(KernelFwProbe(p, keep));
  }
  const std::string client_counters = NftCounters();
  (void)!write(down[1], "s", 1);
  std::string server_out;
  char buf[4096];
  for (ssize_t n; (n = read(result[0], buf, sizeof(buf))) > 0;) server_out.append(buf, static_cast<size_t>(n));
  int status = 0;
  waitpid(server, &status, 0);
  if (server_out.empty() || server_out[0] == '!') return absl::StrCat("!", server_out);
  return absl::StrCat(absl::StrJoin(errnos, " "), " | ", client_counters, " | ", server_out);
}

// --- The model half: the same rules and calls as one scenario. ---

std::string FirewallModelRun() {
  std::string yaml = "name: firewall differential\nhosts:\n";
  for (const bool server : {false, true}) {
    absl::StrAppend(&yaml, server ? "  server:\n    address: 10.0.0.2/24\n" : "  client:\n    address: 10.0.0.1/24\n",
                    "    sysctl: {tcp_syn_retries: 1, tcp_syn_linear_timeouts: 0}\n",
                    server ? "" : "    firewall_policy: drop\n", "    firewall:\n");
    for (const FwRule& r : kRules) {
      if (r.server == server) absl::StrAppend(&yaml, "      - ", r.yaml, "\n");
    }
  }
  absl::StrAppend(&yaml, "steps:\n");
  for (int port : kServerTcp) absl::StrAppend(&yaml, "  - {at: 0s, host: server, op: listen, proto: tcp, port: ", port, "}\n");
  for (int port : kServerUdp) absl::StrAppend(&yaml, "  - {at: 0s, host: server, op: bind, proto: udp, port: ", port, "}\n");
  absl::StrAppend(&yaml, "  - {at: 0s, host: client, op: listen, proto: tcp, port: ", kClientListener, "}\n");
  // Each probe 10 s after the one before (a drop gives up after 3 s), or
  // `after_s` after it when it waits for a set's timeout.
  std::vector<int> probe_step;
  int step = static_cast<int>(std::size(kServerTcp) + std::size(kServerUdp) + 1);
  double at = 0;
  for (const FwProbe& p : kProbes) {
    at = p.after_s > 0 ? at + p.after_s : at + 10;
    const std::string to = absl::StrCat("\"10.0.0.2:", p.port, "\"");
    if (p.call == FwCall::kConnect) {
      absl::StrAppend(&yaml, "  - {at: ", at, "s, host: client, op: connect, proto: tcp, to: ", to, "}\n");
    } else if (p.call == FwCall::kSendTo) {
      absl::StrAppend(&yaml, "  - {at: ", at, "s, host: client, op: send, proto: udp, to: ", to, "}\n");
    } else {
      absl::StrAppend(&yaml, "  - {at: ", at, "s, host: client, op: connect, proto: udp, to: ", to, ", as: u", step,
                      "}\n");
      absl::StrAppend(&yaml, "  - {at: ", at, "s, host: client, op: send, proto: udp, sockets: u", step, "}\n");
      ++step;
    }
    probe_step.push_back(step++);
  }
  absl::StrAppend(&yaml, "  - {at: ", at + 10, "s, host: server, op: connect, proto: tcp, to: \"10.0.0.1:",
                  kClientListener, "\"}\n");
  const int server_step = step;
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "firewall-differential.yaml");
  INFO(yaml);
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, {});
  REQUIRE(r.ok());
  const auto result_of = [&](int i) -> std::string {
    const sim::StepResult& st = r->steps[static_cast<size_t>(i)];
    return st.errors.empty() ? "OK" : st.errors.begin()->first;
  };
  std::vector<std::string> errnos;
  for (int i : probe_step) errnos.push_back(result_of(i));
  std::vector<std::string> counters[2];
  for (const sim::HostResult& h : r->hosts) {
    for (const sim::FirewallRuleResult& rule : h.firewall) {
      counters[h.name == "server"].push_back(std::to_string(rule.packets));
    }
  }
  return absl::StrCat(absl::StrJoin(errnos, " "), " | ", absl::StrJoin(counters[0], " "), " | ",
                      result_of(server_step), " | ", absl::StrJoin(counters[1], " "));
}

bool NftAvailable() { return Shell("nft --version > /dev/null 2>&1").ok(); }

TEST_CASE("firewall: errnos and rule counters match nftables on the kernel", "[differential][kernel]") {
  REQUIRE_KERNEL();
  if (!NftAvailable()) {
    if (NetnsRequired()) FAIL("nft is missing (tools/install-deps installs nftables)");
    std::cout << "PORTLAB_SKIP: nft is missing (tools/install-deps installs nftables)" << std::endl;
    return;
  }
  absl::StatusOr<std::string> kernel = RunInNetns(FirewallKernelRun);
  REQUIRE(kernel.ok());
  INFO("kernel: " << *kernel);
  REQUIRE(kernel->rfind("!", 0) != 0);
  const std::string model = FirewallModelRun();
  INFO("model:  " << model);
  const std::vector<std::string> k = absl::StrSplit(*kernel, " | ");
  const std::vector<std::string> m = absl::StrSplit(model, " | ");
  REQUIRE(k.size() == 4);
  REQUIRE(m.size() == 4);
  const std::vector<std::string> kernel_errnos = absl::StrSplit(k[0], ' ');
  const std::vector<std::string> model_errnos = absl::StrSplit(m[0], ' ');
  REQUIRE(kernel_errnos.size() == std::size(kProbes));
  REQUIRE(model_errnos.size() == std::size(kProbes));
  for (size_t i = 0; i < std::size(kProbes); ++i) {
    INFO(kProbes[i].name);
    CHECK(kernel_errnos[i] == kProbes[i].expect);
    CHECK(model_errnos[i] == kernel_errnos[i]);
  }
  INFO("the server's connect() to the client, under its drop policy");
  CHECK(k[2] == "ETIMEDOUT");
  CHECK(m[2] == k[2]);
  INFO("packets per rule, client then server, in kRules order");
  CHECK(m[1] == k[1]);
  CHECK(m[3] == k[3]);
}

}  // namespace
}  // namespace portlab::differential
