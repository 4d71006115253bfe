// Tests for what lets a scenario be written once and varied: YAML merge
// keys, `x-` extension keys, the hosts' `defaults:` block, and the
// loader's "did you mean" for a misspelt key. Each case is a file and what
// it loads to, or the exact FILE:LINE:COLUMN and message it is refused with.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

const HostSpec* FindHost(const Scenario& s, const std::string& name) {
  for (const HostSpec& h : s.hosts) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

std::string SysctlOf(const HostSpec& h, const std::string& name) {
  for (const SysctlSetting& k : h.sysctl) {
    if (k.name == name) return k.value;
  }
  return "(unset)";
}

TEST_CASE("a merge key brings an anchor's keys, the host's own win", "[loader][reuse]") {
  const std::string text =
      "name: x\n"
      "x-base: &base {os: freebsd, sysctl: {net.inet.ip.portrange.first: 50000}}\n"
      "hosts:\n"
      "  a: {<<: *base, address: 10.0.0.1}\n"
      "  b: {<<: *base, address: 10.0.0.2, os: linux, sysctl: {tcp_tw_reuse: 1}}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "m.yaml");
  REQUIRE(s.ok());
  const HostSpec* a = FindHost(*s, "a");
  const HostSpec* b = FindHost(*s, "b");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->os == "freebsd");
  CHECK(SysctlOf(*a, "net.inet.ip.portrange.first") == "50000");
  // The merged value is read where it is written.
  REQUIRE(a->sysctl.size() == 1);
  CHECK(a->sysctl[0].location.ToString() == "m.yaml:2:38");
  CHECK(b->os == "linux");
  // A merge key is shallow: the host's own sysctl: replaces the anchor's.
  CHECK(SysctlOf(*b, "net.inet.ip.portrange.first") == "(unset)");
  CHECK(SysctlOf(*b, "tcp_tw_reuse") == "1");
}

TEST_CASE("a list of merge maps: the earlier one wins", "[loader][reuse]") {
  const std::string text =
      "name: x\n"
      "x-one: &one {os: freebsd}\n"
      "x-two: &two {os: macos, firewall_policy: {in: drop}}\n"
      "hosts:\n"
      "  a: {<<: [*one, *two], address: 10.0.0.1}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "m.yaml");
  REQUIRE(s.ok());
  CHECK(s->hosts[0].os == "freebsd");
  CHECK(s->hosts[0].firewall_policy_in == FirewallPolicy::kDrop);
}

TEST_CASE("defaults: every host takes what it does not give, sysctl key by key", "[loader][reuse]") {
  const std::string text =
      "name: x\n"
      "defaults:\n"
      "  os: freebsd\n"
      "  sysctl: {net.inet.ip.portrange.first: 50000, net.inet.ip.portrange.last: 50009}\n"
      "hosts:\n"
      "  a: {address: 10.0.0.1}\n"
      "  b: {address: 10.0.0.2, sysctl: {net.inet.ip.portrange.last: 50099}}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "d.yaml");
  REQUIRE(s.ok());
  const HostSpec* a = FindHost(*s, "a");
  const HostSpec* b = FindHost(*s, "b");
  REQUIRE((a && b));
  CHECK(a->os == "freebsd");
  CHECK(SysctlOf(*a, "net.inet.ip.portrange.last") == "50009");
  CHECK(b->os == "freebsd");
  CHECK(SysctlOf(*b, "net.inet.ip.portrange.first") == "50000");
  CHECK(SysctlOf(*b, "net.inet.ip.portrange.last") == "50099");
  // A host of another OS takes the defaults' sysctl keys too; the model's
  // checks refuse the ones its OS does not know, at the defaults' line.
  s = LoadScenarioText(text + "  c: {address: 10.0.0.3, os: linux, sysctl: {tcp_tw_reuse: 2}}\n", "d.yaml");
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(std::string(s.status().message()),
             Catch::StartsWith("d.yaml:4:12: unknown sysctl \"net.inet.ip.portrange.first\""));
}

TEST_CASE("x- keys are the author's own in every map of fixed keys", "[loader][reuse]") {
  const std::string text =
      "name: x\n"
      "x-notes: anything at all\n"
      "hosts:\n"
      "  a: {address: 10.0.0.1, x-role: client}\n"
      "steps:\n"
      "  - {at: 0s, host: a, op: bind, proto: udp, port: 53, x-why: a resolver}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "x.yaml");
  INFO(s.status().message());
  REQUIRE(s.ok());
  CHECK(s->steps.size() == 1);
}

TEST_CASE("set overrides address the file as written, before merges and defaults", "[loader][reuse]") {
  const std::string text =
      "name: x\n"
      "x-base: &base {os: freebsd}\n"
      "defaults: {os: macos}\n"
      "hosts:\n"
      "  a: {<<: *base, address: 10.0.0.1}\n"
      "  b: {address: 10.0.0.2}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "o.yaml", {{"x-base.os", "linux"}, {"defaults.os", "windows"}});
  REQUIRE(s.ok());
  CHECK(FindHost(*s, "a")->os == "linux");
  CHECK(FindHost(*s, "b")->os == "windows");
  // A host's own key, even one the anchor gives, may be set: it then wins.
  s = LoadScenarioText(text, "o.yaml", {{"hosts.a.os", "windows"}});
  REQUIRE(s.ok());
  CHECK(FindHost(*s, "a")->os == "windows");
}

struct BadReuseCase {
  std::string text;
  const char* error;  // the whole message
};

TEST_CASE("bad merge keys, defaults and misspelt keys name their place", "[loader][reuse]") {
  const BadReuseCase cases[] = {
      {"name: x\nhosts:\n  a: {adress: 10.0.0.1}\n",
       "b.yaml:3:7: unknown key \"adress\" (did you mean \"address\"?) in host a; allowed keys: address, "
       "addresses, os, sysctl, firewall, quantity, default_route, firewall_policy, sockets"},
      {"name: x\nhost:\n  a: {address: 10.0.0.1}\n",
       "b.yaml:2:1: unknown key \"host\" (did you mean \"hosts\"?) in scenario; allowed keys: name, seed, "
       "latency, until, sample, hosts, workloads, steps, expect, analysis, nats, loopback_latency, defaults"},
      {"name: x\ndefaults: {address: 10.0.0.9}\nhosts:\n  a: {address: 10.0.0.1}\n",
       "b.yaml:2:12: unknown key \"address\" in defaults; allowed keys: os, sysctl, firewall, firewall_policy, "
       "default_route"},
      {"name: x\ndefaults: [os]\nhosts:\n  a: {address: 10.0.0.1}\n",
       "b.yaml:2:11: defaults: expected a map, found a list"},
      {"name: x\nhosts:\n  a: {address: 10.0.0.1, <<: 5}\n",
       "b.yaml:3:26: <<: merges a map or a list of maps, found \"5\""},
      {"name: x\nhosts:\n  a: {address: 10.0.0.1, <<: [{os: linux}, 7]}\n",
       "b.yaml:3:44: <<: merges a list of maps; this item is \"7\""},
      // An alias inside its own anchor is expanded once, then read as written.
      {"name: x\nhosts:\n  a: &a {address: 10.0.0.1, b: *a}\n",
       "b.yaml:3:29: unknown key \"b\" in host a; allowed keys: address, addresses, os, sysctl, firewall, "
       "quantity, default_route, firewall_policy, sockets"},
      {(std::string("name: x\nx-deep: ") + std::string(70, '[') + std::string(70, ']') +
        "\nhosts:\n  a: {<<: {os: linux}, address: 10.0.0.1}\n"),
       "b.yaml:2:73: the YAML nests more than 64 levels here"},
  };
  for (const BadReuseCase& c : cases) {
    absl::StatusOr<Scenario> s = LoadScenarioText(c.text, "b.yaml");
    INFO(c.text);
    REQUIRE_FALSE(s.ok());
    CHECK(std::string(s.status().message()) == c.error);
  }
}

}  // namespace
}  // namespace portlab::scenario
