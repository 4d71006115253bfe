#include "differential/kernel_runner.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "differential/kernel_netns.h"
#include "differential/kernel_steps.h"
#include "nlohmann/json.hpp"

namespace portlab::differential {
namespace {

using nlohmann::json;

// The sysctls of all hosts, merged: they share one namespace. Two hosts
// setting one knob to different values cannot be honoured.
absl::StatusOr<std::map<std::string, std::string>> MergedSysctls(
    const scenario::Scenario& scenario) {
  std::map<std::string, std::string> merged;
  std::map<std::string, std::string> setter;
  for (const scenario::HostSpec& host : scenario.hosts) {
    for (const scenario::SysctlSetting& s : host.sysctl) {
      auto [it, inserted] = merged.emplace(s.name, s.value);
      if (!inserted && it->second != s.value) {
        return absl::InvalidArgumentError(absl::StrCat(
            "hosts ", setter[s.name], " and ", host.name, " set ", s.name,
            " differently; on the kernel all hosts share one namespace"));
      }
      setter.emplace(s.name, host.name);
    }
  }
  return merged;
}

// Lets the child hold as many sockets as the scenario opens.
void RaiseFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  rlim_t want = 1 << 20;  // fs.nr_open's default
  lim.rlim_cur = lim.rlim_max = std::max<rlim_t>(lim.rlim_max, want);
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

json StepToJson(const sim::StepResult& r) {
  return json{{"index", r.index},       {"at_ns", r.at.nanos()},
              {"host", r.host},         {"op", r.op},
              {"protocol", r.protocol}, {"calls", r.calls},
              {"ok", r.ok},             {"errors", r.errors},
              {"ports", r.ports}};
}

sim::StepResult StepFromJson(const json& j) {
  sim::StepResult r;
  r.index = j.at("index").get<int>();
  r.at = SimTime::FromNanos(j.at("at_ns").get<int64_t>());
  r.host = j.at("host").get<std::string>();
  r.op = j.at("op").get<std::string>();
  r.protocol = j.at("protocol").get<std::string>();
  r.calls = j.at("calls").get<int64_t>();
  r.ok = j.at("ok").get<int64_t>();
  r.errors = j.at("errors").get<std::map<std::string, int64_t>>();
  r.ports = j.at("ports").get<std::vector<uint16_t>>();
  return r;
}

json StatusToJson(const absl::Status& s) {
  return json{{"code", static_cast<int>(s.code())},
              {"message", std::string(s.message())}};
}

// Everything the child does after fork(): set up the namespace, run the
// steps, describe the outcome as JSON.
// The stdout of `command` run by sh in this process's namespace.
std::string CommandOutput(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

json ChildRun(const scenario::Scenario& scenario, const std::vector<std::string>& commands) {
  for (const scenario::HostSpec& host : scenario.hosts) {
    if (!host.firewall.empty() || host.firewall_policy_in != scenario::FirewallPolicy::kAccept ||
        host.firewall_policy_out != scenario::FirewallPolicy::kAccept) {
      return StatusToJson(absl::InvalidArgumentError(absl::StrCat(
          "host ", host.name, ": firewall rules are not run on the kernel "
          "(firewall_differential_test.cc holds them against nftables)")));
    }
  }
  for (const scenario::StepSpec& step : scenario.steps) {
    if (step.op == scenario::StepOp::kFirewall) {
      return StatusToJson(absl::InvalidArgumentError(absl::StrCat(
          "step ", step.index, ": op firewall is not run on the kernel")));
    }
  }
  absl::StatusOr<std::map<std::string, std::string>> sysctls =
      MergedSysctls(scenario);
  if (!sysctls.ok()) return StatusToJson(sysctls.status());
  if (absl::Status s = EnterPrivateNetns(); !s.ok()) return StatusToJson(s);
  for (const scenario::HostSpec& host : scenario.hosts) {
    for (const net::IpAddress& a : host.addresses) {
      if (absl::Status s = AddLoopbackAddress(a); !s.ok()) {
        return StatusToJson(absl::InvalidArgumentError(
            absl::StrCat("host ", host.name, ": ", s.message())));
      }
    }
  }
  for (const auto& [name, value] : *sysctls) {
    if (absl::Status s = WriteSysctl(name, value); !s.ok()) {
      return StatusToJson(absl::InvalidArgumentError(s.message()));
    }
  }
  RaiseFileLimit();

  KernelSteps runner(scenario);
  json steps = json::array();
  const auto start = KernelSteps::Clock::now();
  for (const scenario::StepSpec& step : scenario.steps) {
    runner.WaitUntil(start + std::chrono::nanoseconds(step.at.nanos()));
    absl::StatusOr<sim::StepResult> r = runner.Run(step);
    if (!r.ok()) return StatusToJson(r.status());
    steps.push_back(StepToJson(*r));
  }
  // The steps' sockets are still open (runner holds them): what the
  // kernel's own tools print of them.
  json outputs = json::array();
  for (const std::string& c : commands) outputs.push_back(CommandOutput(c));
  return json{{"code", 0}, {"steps", std::move(steps)}, {"outputs", std::move(outputs)}};
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

absl::StatusOr<std::vector<sim::StepResult>> RunOnKernel(
    const scenario::Scenario& scenario) {
  absl::StatusOr<KernelRun> run = RunOnKernelThen(scenario, {});
  if (!run.ok()) return run.status();
  return std::move(run->steps);
}

absl::StatusOr<KernelRun> RunOnKernelThen(const scenario::Scenario& scenario,
                                          const std::vector<std::string>& commands) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    try {
      out = ChildRun(scenario, commands).dump();
    } catch (const std::exception& e) {
      out = StatusToJson(absl::InternalError(e.what())).dump();
    }
    WriteAll(fds[1], out);
    close(fds[1]);
    _exit(0);  // no atexit handlers: they belong to the parent (Catch2 ...)
  }
  close(fds[1]);
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return absl::InternalError(absl::StrCat(
        "kernel runner child died (wait status ", wstatus, ") running ",
        scenario.name));
  }
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("code")) {
    return absl::InternalError("kernel runner child sent no result");
  }
  if (int code = j["code"].get<int>(); code != 0) {
    return absl::Status(static_cast<absl::StatusCode>(code),
                        j.value("message", std::string()));
  }
  KernelRun run;
  try {
    for (const json& step : j.at("steps")) run.steps.push_back(StepFromJson(step));
    for (const json& o : j.at("outputs")) run.outputs.push_back(o.get<std::string>());
  } catch (const json::exception& e) {
    return absl::InternalError(absl::StrCat("kernel runner result: ", e.what()));
  }
  return run;
}

absl::Status KernelAvailable() {
  // An empty scenario still makes the namespace, raises lo and writes one
  // per-namespace sysctl: exactly what a real run needs first.
  scenario::Scenario probe;
  probe.name = "kernel-available probe";
  scenario::HostSpec host;
  host.name = "probe";
  host.addresses.push_back(net::IpAddress::V4(0x0a000001));  // 10.0.0.1
  host.sysctl.push_back({"ip_local_port_range", "40000 40003", {}});
  probe.hosts.push_back(host);
  absl::StatusOr<std::vector<sim::StepResult>> r = RunOnKernel(probe);
  return r.status();
}

}  // namespace portlab::differential
