#include "portlab/scenario/model_checks.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/known_names.h"
#include "portlab/base/strings.h"
#include "portlab/nat/nat_profiles.h"
#include "portlab/net/address_pool.h"
#include "portlab/stack/os_profile.h"
#include "scenario/internal/model_checks.h"

namespace portlab::scenario {
namespace {

using internal::Defined;
using internal::Diagnostics;

absl::Status ModelErrorAt(const SourceLocation& where, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where.ToString(), ": ", AV(message)));
}

// Sets `settings` on `knobs` in order, as the host (or NAT) would, reporting
// each refusal at its entry, and a knob given under both its names
// (stack::KnobIdentity) at the second. `set` is the profile's setter.
template <typename Config, typename Set>
void SetEach(const std::vector<SysctlSetting>& settings, Config& config, Set set, Diagnostics& d) {
  absl::flat_hash_map<std::string_view, const SysctlSetting*> seen;
  for (const SysctlSetting& s : settings) {
    auto [it, fresh] = seen.emplace(stack::KnobIdentity(s.name), &s);
    if (!fresh && it->second->name != s.name) {
      // The loader refuses a key written twice; two names of one knob
      // would leave which value wins to the order of the entries. (A
      // scenario built in code may set a knob again by its one name: the
      // later value wins, as a second write would.)
      d.Add(ModelErrorAt(s.location, absl::StrCat("sysctl ", s.name, " is ", it->second->name, " (at ",
                                                   it->second->location.ToString(),
                                                   ") by its other name; give the knob once")));
      continue;
    }
    if (absl::Status st = set(config, s.name, s.value); !st.ok()) d.Add(ModelErrorAt(s.location, SV(st.message())));
  }
}

// The hosts' profiles and knobs. The members of a quantity: group follow
// one another with the same os: and sysctl:, and are checked once.
void CheckHostProfiles(const Scenario& s, Diagnostics& d) {
  const HostSpec* previous = nullptr;
  for (const HostSpec& h : s.hosts) {
    if (d.full()) return;
    const bool same = previous != nullptr && previous->os == h.os &&
                      std::equal(previous->sysctl.begin(), previous->sysctl.end(), h.sysctl.begin(),
                                 h.sysctl.end(), [](const SysctlSetting& a, const SysctlSetting& b) {
                                   return a.name == b.name && a.value == b.value;
                                 });
    previous = &h;
    if (same) continue;
    const stack::OsProfile* profile = stack::FindProfile(h.os);
    if (profile == nullptr) {
      const SourceLocation at =
          h.os_line > 0 ? SourceLocation{h.location.file, h.os_line, h.os_column} : h.location;
      d.Add(ModelErrorAt(at, absl::StrCat("unknown os \"", h.os, "\"", NearestName(h.os, stack::Profiles()),
                                                   "; profiles: ", KnownNames(stack::Profiles()))));
      continue;
    }
    stack::Knobs knobs = profile->knobs;
    SetEach(h.sysctl, knobs, profile->set_knob, d);
  }
}

// Who owns each address: a host's index, or a NAT's (kNat | index).
class AddressOwners {
 public:
  static constexpr uint32_t kNat = 0x80000000u;

  explicit AddressOwners(size_t addresses) { owners_.reserve(addresses); }

  // The owner already holding `a`, if any; else `a` becomes `owner`'s.
  std::optional<uint32_t> Claim(const net::IpAddress& a, uint32_t owner) {
    auto [it, fresh] = owners_.emplace(a, owner);
    if (fresh) return std::nullopt;
    return it->second;
  }

 private:
  absl::flat_hash_map<net::IpAddress, uint32_t> owners_;
};

std::string OwnerName(const Scenario& s, uint32_t owner) {
  return owner & AddressOwners::kNat ? s.nats[owner & ~AddressOwners::kNat].name : s.hosts[owner].name;
}

bool InsideOf(const NatSpec& nat, const HostSpec& h) {
  if (!nat.inside.is_v4()) return false;
  const uint32_t mask = net::IpAddress::V4Netmask(nat.inside_prefix);
  return std::any_of(h.addresses.begin(), h.addresses.end(), [&](const net::IpAddress& a) {
    return a.is_v4() && (a.v4() & mask) == (nat.inside.v4() & mask);
  });
}

// No address of two hosts, nor of a host and a NAT's outside; the NATs'
// profiles, knobs and boxes; no host inside two NATs.
void CheckAddressesAndNats(const Scenario& s, Diagnostics& d) {
  AddressOwners owners(s.hosts.size());
  for (uint32_t i = 0; i < s.hosts.size() && !d.full(); ++i) {
    for (const net::IpAddress& a : s.hosts[i].addresses) {
      if (std::optional<uint32_t> owner = owners.Claim(a, i)) {
        d.Add(ModelErrorAt(s.hosts[i].location, absl::StrCat("address ", a.ToString(), " already belongs to host ",
                                                             s.hosts[*owner].name)));
      }
    }
  }
  std::vector<int32_t> inside_of(s.hosts.size(), -1);
  for (uint32_t n = 0; n < s.nats.size() && !d.full(); ++n) {
    const NatSpec& nat = s.nats[n];
    const nat::NatProfile* profile = nat::FindNatProfile(nat.profile);
    if (profile == nullptr) {
      d.Add(ModelErrorAt(nat.profile_location.line > 0 ? nat.profile_location : nat.location,
                         absl::StrCat("unknown NAT profile \"", nat.profile, "\"",
                                                    NearestName(nat.profile, nat::NatProfiles()),
                                                    "; profiles: ", KnownNames(nat::NatProfiles()))));
    }
    bool usable = profile != nullptr;
    if (profile != nullptr) {
      nat::NatConfig config = profile->config;
      const size_t before = d.count();
      SetEach(nat.knobs, config, nat::SetNatKnob, d);
      usable = d.count() == before;
    }
    for (const net::IpAddress& a : nat.outside) {
      std::optional<uint32_t> owner = owners.Claim(a, AddressOwners::kNat | n);
      if (!owner || *owner == (AddressOwners::kNat | n)) continue;  // listed twice: NatBox says so
      d.Add(ModelErrorAt(nat.location, absl::StrCat("outside address ", a.ToString(), " already belongs to ",
                                                    OwnerName(s, *owner))));
      usable = false;
    }
    uint32_t instances = 0;
    for (uint32_t h = 0; h < s.hosts.size(); ++h) {
      if (!InsideOf(nat, s.hosts[h])) continue;
      ++instances;
      if (inside_of[h] >= 0) {
        d.Add(ModelErrorAt(nat.location, absl::StrCat("host ", s.hosts[h].name, " is inside NATs ",
                                                      s.nats[inside_of[h]].name, " and ", nat.name)));
      }
      inside_of[h] = static_cast<int32_t>(n);
    }
    if (!usable) continue;
    // The box's own checks (nat::NatBox::Init), on a box made and dropped.
    net::AddressPool pool;
    absl::StatusOr<std::unique_ptr<nat::NatBox>> box =
        nat::NatBox::Create(NatBoxSpecOf(nat, instances), pool, /*seed=*/0, /*trace=*/nullptr);
    if (!box.ok()) d.Add(ModelErrorAt(nat.location, SV(box.status().message())));
  }
}

// `expect:` entries naming a NAT name one under `nats:`.
void CheckExpectedNats(const Scenario& s, Diagnostics& d) {
  for (const ExpectSpec& x : s.expect) {
    const auto* want = std::get_if<NatExpect>(&x.kind);
    if (want == nullptr || d.Excused(Defined::kNat, want->nat)) continue;
    if (std::none_of(s.nats.begin(), s.nats.end(), [&](const NatSpec& n) { return n.name == want->nat; })) {
      d.Add(ModelErrorAt(x.location, absl::StrCat("nat: \"", want->nat, "\"", NearestName(want->nat, s.nats),
                                                  " is not defined under nats:")));
    }
  }
}

// The steps: `set` knobs in order on each host's own, a scan's address
// family, labelled sockets on their own host. A step naming a host that
// is not there was refused by the loader (or the engine).
void CheckSteps(const Scenario& s, Diagnostics& d) {
  // Only the hosts a set or scan step names are looked up: a quantity:
  // group may hold a million hosts.
  absl::flat_hash_map<std::string_view, const HostSpec*> named;
  for (const StepSpec& step : s.steps) {
    if (step.op == StepOp::kSet || step.op == StepOp::kScan) named.emplace(step.host, nullptr);
  }
  if (!named.empty()) {
    for (const HostSpec& h : s.hosts) {
      if (auto it = named.find(h.name); it != named.end()) it->second = &h;
    }
  }
  absl::flat_hash_map<std::string_view, stack::Knobs> knobs;  // of hosts a set step changed
  absl::flat_hash_map<std::string_view, std::string_view> label_host;
  for (const StepSpec& step : s.steps) {
    if (d.full()) return;
    auto it = named.find(step.host);
    const HostSpec* host = it == named.end() ? nullptr : it->second;
    if (step.op == StepOp::kScan && host != nullptr && step.scan) {
      const bool v4 = step.scan->target.is_v4();
      if (std::none_of(host->addresses.begin(), host->addresses.end(),
                       [&](const net::IpAddress& a) { return a.is_v4() == v4; })) {
        d.Add(ModelErrorAt(step.location, absl::StrCat("host ", step.host, " has no ", v4 ? "IPv4" : "IPv6",
                                                       " address to scan ", step.scan->target.ToString(), " from")));
      }
    }
    if (step.op == StepOp::kSet && host != nullptr) {
      const stack::OsProfile* profile = stack::FindProfile(host->os);
      if (profile == nullptr) continue;  // reported at the host
      auto [k, fresh] = knobs.try_emplace(step.host, profile->knobs);
      if (fresh) {
        // The host's own knobs first, as the host starts (their errors
        // are reported at the host).
        for (const SysctlSetting& own : host->sysctl) (void)profile->set_knob(k->second, own.name, own.value);
      }
      SetEach(step.sysctl, k->second, profile->set_knob, d);
    }
    if (!step.sockets.empty()) {
      auto l = label_host.find(step.sockets);
      if (l == label_host.end()) {
        if (!d.Excused(Defined::kLabel, step.sockets)) {
          d.Add(ModelErrorAt(step.location, absl::StrCat("no earlier step labels sockets \"", step.sockets, "\"")));
        }
      } else if (l->second != step.host) {
        d.Add(ModelErrorAt(step.location, absl::StrCat("sockets \"", step.sockets, "\" belong to host ",
                                                       AV(l->second), ", not ", step.host)));
      }
    }
    if (!step.as.empty()) label_host[step.as] = step.host;
  }
}

}  // namespace

namespace internal {

void ReportModelErrors(const Scenario& scenario, Diagnostics& diagnostics) {
  CheckHostProfiles(scenario, diagnostics);
  CheckAddressesAndNats(scenario, diagnostics);
  CheckExpectedNats(scenario, diagnostics);
  CheckSteps(scenario, diagnostics);
}

}  // namespace internal

absl::Status CheckModel(const Scenario& scenario) {
  Diagnostics diagnostics(scenario.file);
  internal::ReportModelErrors(scenario, diagnostics);
  return diagnostics.ToStatus();
}

uint32_t HostsInside(const Scenario& scenario, const NatSpec& nat) {
  return static_cast<uint32_t>(std::count_if(scenario.hosts.begin(), scenario.hosts.end(),
                                             [&](const HostSpec& h) { return InsideOf(nat, h); }));
}

nat::NatBoxSpec NatBoxSpecOf(const NatSpec& nat, uint32_t instances) {
  nat::NatBoxSpec box;
  box.name = nat.name;
  box.profile = nat.profile;
  if (const nat::NatProfile* profile = nat::FindNatProfile(nat.profile)) box.config = profile->config;
  for (const SysctlSetting& k : nat.knobs) (void)nat::SetNatKnob(box.config, k.name, k.value);
  box.outside = nat.outside;
  box.inside_network = nat.inside;
  box.inside_prefix = nat.inside_prefix;
  for (const PortForwardSpec& f : nat.forwards) box.forwards.push_back({f.protocol, f.outside, f.inside});
  box.instances = instances;
  return box;
}

}  // namespace portlab::scenario
