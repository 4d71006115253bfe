// Mermaid's syntax rules the writer relies on: special characters become
// entity codes, participants are aliases, arrows by how a segment ended.
#include "portlab/report/mermaid_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

namespace portlab::report {
namespace {

TEST_CASE("MermaidText turns every character Mermaid gives a meaning into an entity code") {
  CHECK(MermaidText("a;b#c:d%e<f>g") == "a#59;b#35;c:d#37;e#60;f#62;g");
  CHECK(MermaidText("two\nlines") == "two lines");
  CHECK(MermaidText("SYN|ACK 80 → 52341") == "SYN|ACK 80 → 52341");
}

TEST_CASE("WriteMermaid writes aliased participants and one message per segment") {
  EventSelection s;
  trace::TraceEvent sent;
  sent.kind = trace::TraceKind::kSegmentSent;
  sent.host = "end;client:";  // a name Mermaid would misread
  sent.flow = {net::Protocol::kTcp, net::Endpoint::Parse("10.0.0.1:40000").value(),
               net::Endpoint::Parse("10.0.0.2:80").value()};
  sent.what = "SYN";
  s.OnEvent(sent);
  trace::TraceEvent got = sent;
  got.kind = trace::TraceKind::kSegmentReceived;
  got.host = "server";
  std::swap(got.flow.local, got.flow.remote);
  got.result = "filtered (rule 1)";
  s.OnEvent(got);
  std::ostringstream out;
  Provenance p;
  p.version = "1.0";
  p.commit = "c0ffee";
  p.seed = 3;
  p.command = {"portlab", "run", "demo.yaml", "--mermaid", "-", "--set", "steps.0.to=a\nb"};
  WriteMermaid("demo", 3, s, p, out);
  CHECK(out.str() ==
        "%% portlab: demo, seed 3\n"
        "%% portlab 1.0 (commit c0ffee), format 1, seed 3, command: portlab run demo.yaml --mermaid - --set "
        "$'steps.0.to=a\\nb'\n"
        "sequenceDiagram\n"
        "    participant L0 as end#59;client#58; 10.0.0.1\n"
        "    participant L1 as server\n"
        "    L0-xL1: SYN 40000 → 80 · filtered (rule 1)\n");
}

}  // namespace
}  // namespace portlab::report
