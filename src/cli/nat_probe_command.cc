// `portlab nat-probe --profile P [--knob NAME=VALUE]... [--seed N]`: RFC
// 5780 behaviour discovery against a simulated NAT (nat/nat_probe.h).
#include <iostream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "flags.h"
#include "portlab/nat/nat_probe.h"
#include "portlab/nat/nat_profiles.h"
#include "portlab/report/nat_probe_writer.h"

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
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("--profile: no NAT profile \"", flags.profile, "\" (portlab list names them)")));
  }
  nat::NatConfig config = profile->config;
  for (const std::string& k : flags.knobs) {
    size_t eq = k.find('=');
    absl::Status s = eq == std::string::npos
                         ? absl::InvalidArgumentError("expected NAME=VALUE")
                         : nat::SetNatKnob(config, k.substr(0, eq), k.substr(eq + 1));
    if (!s.ok()) return Fail(FlagError(absl::StrCat("--knob ", k), s));
  }
  absl::StatusOr<nat::ProbeReport> r = nat::ProbeNat(config, flags.seed);
  if (!r.ok()) return Fail(r.status());
  report::WriteProbeReport(profile->name, *r, std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
