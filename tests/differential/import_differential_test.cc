// `portlab import` against the running kernel: sockets made in a private
// network namespace, `ss -tanpo` taken there, then the kernel's connect()
// run until it fails; the scenario imported from that ss output, with the
// same connect() calls, must fail after as many (stack/placed_socket.h:
// placed sockets hold what the kernel's hold).
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "differential/kernel_netns.h"
#include "differential/require_kernel.h"
#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::differential {
namespace {

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

sockaddr_in V4(const char* a, uint16_t port) {
  sockaddr_in s{};
  s.sin_family = AF_INET;
  s.sin_port = htons(port);
  inet_pton(AF_INET, a, &s.sin_addr);
  return s;
}

// A client socket as the scenario's steps make it: bound to 10.77.1.1 with
// IP_BIND_ADDRESS_NO_PORT, so connect() picks the port. -1 on failure, the
// errno in *err.
int ClientConnect(int* err) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  sockaddr_in local = V4("10.77.1.1", 0), server = V4("10.77.1.2", 80);
  bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
  if (connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    *err = errno;
    close(fd);
    return -1;
  }
  return fd;
}

// In the namespace: 30 connections to a listener on 10.77.1.2:80 (a 64-port
// range), 10 closed by the client first (TIME-WAIT on the client), 5 by
// the server first (TIME-WAIT on the server's side), 15 left open; then
// `ss -tanpo`; then connect() until it fails. Writes "K ERRNO\n" and the ss
// output to `out`.
void Child(int out) {
  std::string report;
  auto fail = [&](const std::string& why) {
    report = "fail " + why + "\n";
    (void)!write(out, report.data(), report.size());
    _exit(1);
  };
  if (!EnterPrivateNetns().ok()) fail("namespace");
  for (const char* a : {"10.77.1.1", "10.77.1.2"}) {
    if (!AddLoopbackAddress(*net::IpAddress::Parse(a)).ok()) fail("address");
  }
  if (!WriteSysctl("ip_local_port_range", "40000 40063").ok()) fail("sysctl");
  int l = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in la = V4("10.77.1.2", 80);
  if (bind(l, reinterpret_cast<sockaddr*>(&la), sizeof la) != 0 || listen(l, 1024) != 0) fail("listen");
  std::vector<int> clients, servers;
  int err = 0;
  for (int i = 0; i < 30; ++i) {
    int c = ClientConnect(&err);
    if (c < 0) fail("connect");
    clients.push_back(c);
    servers.push_back(accept(l, nullptr, nullptr));
  }
  for (int i = 0; i < 10; ++i) close(clients[i]);  // the client first: its TIME-WAIT
  usleep(50000);
  for (int i = 0; i < 10; ++i) close(servers[i]);
  for (int i = 10; i < 15; ++i) close(servers[i]);  // the server first: the server's TIME-WAIT
  usleep(50000);
  for (int i = 10; i < 15; ++i) close(clients[i]);
  usleep(100000);
  std::string ss;
  FILE* p = popen("ss -tanpo", "r");
  if (p == nullptr) fail("ss");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) ss.append(buf, n);
  if (pclose(p) != 0) fail("ss");
  int k = 0;
  while (k < 200 && ClientConnect(&err) >= 0) ++k;
  report = std::to_string(k) + " " + std::to_string(err) + "\n" + ss;
  (void)!write(out, report.data(), report.size());
  _exit(0);
}

TEST_CASE("an imported ss snapshot leaves connect() the ports the kernel left it", "[differential][import]") {
  REQUIRE_KERNEL();
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    Child(fds[1]);
  }
  close(fds[1]);
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  INFO(got);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const size_t nl = got.find('\n');
  const int kernel_ok = std::stoi(got.substr(0, got.find(' ')));
  const int kernel_errno = std::stoi(got.substr(got.find(' ') + 1, nl));
  const std::string ss = got.substr(nl + 1);
  CHECK(kernel_errno == EADDRNOTAVAIL);
  CHECK(kernel_ok == 64 - 15 - 10);  // the range less the client's open and TIME-WAIT connections

  absl::StatusOr<import::Snapshot> snap = import::ReadSnapshot(ss, "ss-tanpo", std::nullopt);
  REQUIRE(snap.ok());
  CHECK(snap->problems.empty());
  absl::StatusOr<import::Snapshot> knobs =
      import::ReadSnapshot("net.ipv4.ip_local_port_range = 40000\t40063\n", "sysctl", std::nullopt);
  REQUIRE(knobs.ok());
  absl::StatusOr<std::string> yaml = import::WriteImportedScenario({*snap, *knobs}, import::ImportOptions());
  REQUIRE(yaml.ok());
  const std::string text = *yaml +
                           "steps:\n  - {at: 1s, host: imported, op: connect, proto: tcp, to: \"10.77.1.2:80\", bind: "
                           "\"10.77.1.1:0\", options: [bind_address_no_port], count: 200}\n";
  INFO(text);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(text, "imported.yaml");
  INFO(s.status().message());
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  INFO(r.status().message());
  REQUIRE(r.ok());
  REQUIRE(r->steps.size() == 1);
  CHECK(r->steps[0].ok == kernel_ok);
  CHECK(r->steps[0].errors["EADDRNOTAVAIL"] == 200 - kernel_ok);
}

}  // namespace
}  // namespace portlab::differential
