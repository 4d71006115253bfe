// conntrack -L imported as a NAT's sessions (src/import/internal/
// conntrack_nat.h): which entries become sessions, in which state and
// form, which are left out and why; every scenario written loads.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/scenario/loader.h"

namespace portlab::import {
namespace {

// "tcp 6 T STATE src=A dst=B sport=a dport=b src=B dst=O sport=b dport=o" lines.
std::string Entry(const std::string& state, const std::string& inside, int in_port, const std::string& outside,
                  int out_port, const std::string& remote = "198.51.100.7", int remote_port = 443,
                  const std::string& proto = "tcp", const std::string& flags = "[ASSURED]") {
  const std::string number = proto == "tcp" ? "6" : "17";
  return proto + "      " + number + " 100 " + state + (state.empty() ? "" : " ") + "src=" + inside + " dst=" +
         remote + " sport=" + std::to_string(in_port) + " dport=" + std::to_string(remote_port) + " " +
         (flags == "[UNREPLIED]" ? flags + " " : "") + "src=" + remote + " dst=" + outside +
         " sport=" + std::to_string(remote_port) + " dport=" + std::to_string(out_port) +
         (flags == "[ASSURED]" ? " [ASSURED]" : "") + " mark=0 use=1\n";
}

std::string Imported(const std::string& conntrack, const std::string& other = "", const std::string& other_name = "") {
  std::vector<Snapshot> snapshots;
  if (!other.empty()) snapshots.push_back(*ReadSnapshot(other, other_name, std::nullopt));
  absl::StatusOr<Snapshot> s = ReadSnapshot(conntrack, "ct.txt", std::nullopt);
  REQUIRE(s.ok());
  snapshots.push_back(*s);
  absl::StatusOr<std::string> yaml = WriteImportedScenario(snapshots, ImportOptions());
  REQUIRE(yaml.ok());
  absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioText(*yaml, "imported.yaml");
  INFO(*yaml);
  INFO(loaded.status().message());
  CHECK(loaded.ok());
  return *yaml;
}

struct WriterCase {
  std::string what;
  std::string conntrack;
  std::vector<std::string> written;  // each in the scenario
};

TEST_CASE("conntrack -L entries as a NAT's sessions", "[import][conntrack]") {
  const std::vector<WriterCase> cases = {
      {"ports kept: one entry per (state, inside, remote, time left)",
       Entry("ESTABLISHED", "10.1.0.5", 40001, "203.0.113.1", 40001) +
           Entry("ESTABLISHED", "10.1.0.5", 40002, "203.0.113.1", 40002),
       {"inside: 10.1.0.0/24", "outside: [203.0.113.1]",
        "- {state: ESTABLISHED, inside: 10.1.0.5, outside: 203.0.113.1, ports: \"40001-40002\", count: 2, "
        "remote: \"198.51.100.7:443\", timer: 100s}"}},
      {"a port moved: its own line, with its outside port",
       Entry("SYN_SENT", "10.1.0.5", 40001, "203.0.113.1", 61000, "198.51.100.7", 443, "tcp", "[UNREPLIED]"),
       {"- {state: SYN_SENT, inside: \"10.1.0.5:40001\", outside: \"203.0.113.1:61000\", remote: "
        "\"198.51.100.7:443\", timer: 100s}  # ct.txt:1"}},
      {"UDP: replied or not",
       Entry("", "10.1.0.5", 5000, "203.0.113.1", 5000, "198.51.100.53", 53, "udp", "[UNREPLIED]") +
           Entry("", "10.1.0.5", 5001, "203.0.113.1", 5001, "198.51.100.53", 53, "udp", ""),
       {"{proto: udp, state: UNREPLIED, inside: \"10.1.0.5:5000\"", "{proto: udp, state: REPLIED, inside: \"10.1.0.5:5001\""}},
      {"inside addresses in two /24s: a /23",
       Entry("ESTABLISHED", "10.1.0.5", 40001, "203.0.113.1", 40001) +
           Entry("ESTABLISHED", "10.1.1.5", 40001, "203.0.113.1", 40002),
       {"inside: 10.1.0.0/23"}},
      {"the same outside 5-tuple twice: the second left out",
       Entry("ESTABLISHED", "10.1.0.5", 40001, "203.0.113.1", 40001) +
           Entry("ESTABLISHED", "10.1.0.6", 40009, "203.0.113.1", 40001),
       {"The 1 translated entries", "listed twice"}},
      {"an entry no NAT translated: no NAT",
       Entry("ESTABLISHED", "10.1.0.5", 40001, "10.1.0.5", 40001),
       {"No entry was translated by a source NAT: no NAT is placed."}},
      {"a state conntrack does not print: left out",
       Entry("BOGUS", "10.1.0.5", 40001, "203.0.113.1", 40001) +
           Entry("ESTABLISHED", "10.1.0.5", 40002, "203.0.113.1", 40002),
       {"1 with a state, timeout or port no NAT holds"}},
  };
  for (const WriterCase& c : cases) {
    INFO(c.what);
    const std::string yaml = Imported(c.conntrack);
    for (const std::string& w : c.written) CHECK_THAT(yaml, Catch::Contains(w));
  }
}

TEST_CASE("an outside address a host owns leaves the translations as comments", "[import][conntrack]") {
  // The router's own ss: a socket on its outside address.
  const std::string ss =
      "State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
      "ESTAB  0      0      203.0.113.1:22      198.51.100.9:50000\n";
  const std::string yaml = Imported(Entry("ESTABLISHED", "10.1.0.5", 40001, "203.0.113.1", 40001), ss, "ss.txt");
  CHECK_THAT(yaml, Catch::Contains("a NAT cannot share it, so the translations are not placed"));
  CHECK_THAT(yaml, !Catch::Contains("nats:"));
}

}  // namespace
}  // namespace portlab::import
