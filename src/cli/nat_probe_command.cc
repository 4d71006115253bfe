// `portlab nat-probe --profile P [--knob NAME=VALUE]... [--seed N]`: RFC
// 5780 behaviour discovery against a simulated NAT (nat/nat_probe.h).
#include <iostream>

#include "absl/strings/str_format.h"
#include "commands.h"
#include "portlab/nat/nat_probe.h"
#include "portlab/nat/nat_profiles.h"

namespace portlab::cli {

CLI::App* AddNatProbeCommand(CLI::App& app, NatProbeFlags& flags) {
  CLI::App* probe = app.add_subcommand("nat-probe", "RFC 5780 NAT behaviour discovery against a simulated NAT");
  probe->add_option("--profile", flags.profile, "NAT profile (portlab list)")->required();
  probe->add_option("--knob", flags.knobs, "NAT knob NAME=VALUE on top of the profile (repeatable)");
  probe->add_option("--seed", flags.seed, "Seed of the NAT's random choices");
  return probe;
}

int RunNatProbeCommand(const NatProbeFlags& flags) {
  const nat::NatProfile* profile = nat::FindNatProfile(flags.profile);
  if (!profile) {
    std::cerr << "--profile: no NAT profile \"" << flags.profile << "\" (portlab list names them)\n";
    return kExitUsage;
  }
  nat::NatConfig config = profile->config;
  for (const std::string& k : flags.knobs) {
    size_t eq = k.find('=');
    absl::Status s = eq == std::string::npos
                         ? absl::InvalidArgumentError("expected NAME=VALUE")
                         : nat::SetNatKnob(config, k.substr(0, eq), k.substr(eq + 1));
    if (!s.ok()) {
      std::cerr << "--knob " << k << ": " << s.message() << "\n";
      return kExitUsage;
    }
  }
  absl::StatusOr<nat::ProbeReport> r = nat::ProbeNat(config, flags.seed);
  if (!r.ok()) {
    std::cerr << r.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << "NAT profile " << profile->name << " (client 192.168.1.100:5000, server 192.0.2.1 and "
            << "192.0.2.2, ports 3478 and 3479)\n\n";
  for (const std::string& line : r->log) std::cout << "  " << line << "\n";
  std::cout << "\n";
  std::cout << absl::StrFormat("mapping           %s\n", nat::DependenceName(r->mapping));
  std::cout << absl::StrFormat("filtering         %s\n", nat::DependenceName(r->filtering));
  std::cout << absl::StrFormat("RFC 3489 name     %s\n", r->classic);
  std::cout << absl::StrFormat("hairpinning       %s\n", r->hairpinning ? "yes" : "no");
  if (r->binding_lifetime) {
    std::cout << absl::StrFormat("binding lifetime  %s (UDP, idle, 1 s precision)\n",
                                 FormatDuration(*r->binding_lifetime));
  } else {
    std::cout << "binding lifetime  longer than the search's 4 h\n";
  }
  return kExitPassed;
}

}  // namespace portlab::cli
