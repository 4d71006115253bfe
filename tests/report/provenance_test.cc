#include "portlab/report/provenance.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "catch2/catch.hpp"

namespace portlab::report {
namespace {

Provenance SampleProvenanceRecord() {
  Provenance p;
  p.version = "1.2.3";
  p.commit = "0123456789ab";
  p.scenario_sha256 = std::string(64, 'f');
  p.seed = 42;
  p.command = {"portlab", "run", "x.yaml", "--seed", "42"};
  return p;
}

TEST_CASE("provenance: the JSON object has its six keys in order, null where absent", "[report][provenance]") {
  CHECK(ProvenanceJson(SampleProvenanceRecord(), 2).dump() ==
        "{\"version\":\"1.2.3\",\"commit\":\"0123456789ab\",\"format\":2,\"scenario_sha256\":\"" +
            std::string(64, 'f') + "\",\"seed\":42,\"command\":[\"portlab\",\"run\",\"x.yaml\",\"--seed\",\"42\"]}");
  Provenance none;
  none.command = {"portlab", "grade", "k.csv", "a.csv"};
  CHECK(ProvenanceJson(none, 1).dump() ==
        "{\"version\":\"unknown\",\"commit\":\"unknown\",\"format\":1,\"scenario_sha256\":null,\"seed\":null,"
        "\"command\":[\"portlab\",\"grade\",\"k.csv\",\"a.csv\"]}");
}

TEST_CASE("provenance: the command as text quotes what a shell would need quoted", "[report][provenance]") {
  struct Case {
    std::vector<std::string> command;
    std::string text;
  };
  const std::vector<Case> cases = {
      {{"portlab", "run", "a.yaml", "--set", "hosts.c.os=linux"}, "portlab run a.yaml --set hosts.c.os=linux"},
      {{"portlab", "run", "my file.yaml"}, "portlab run 'my file.yaml'"},
      {{"portlab", "run", "it's.yaml"}, "portlab run 'it'\\''s.yaml'"},
      {{"portlab", "run", ""}, "portlab run ''"},
      {{"portlab", "run", "$HOME;*"}, "portlab run '$HOME;*'"},
      {{"portlab", "run", "a\nb"}, "portlab run $'a\\nb'"},
      {{"portlab", "run", "t\tq'\\\x01"}, "portlab run $'t\\tq\\'\\\\\\x01'"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(CommandText(c.command) == c.text);
  }
}

TEST_CASE("provenance: the line for comments has no line break and leaves out what is absent",
          "[report][provenance]") {
  CHECK(ProvenanceLine(SampleProvenanceRecord(), 1) ==
        "portlab 1.2.3 (commit 0123456789ab), format 1, scenario sha256 " + std::string(64, 'f') +
            ", seed 42, command: portlab run x.yaml --seed 42");
  Provenance p;
  p.command = {"portlab", "import", "a\nb"};
  const std::string line = ProvenanceLine(p, 3);
  CHECK(line == "portlab unknown (commit unknown), format 3, command: portlab import $'a\\nb'");
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("provenance: HTML meta elements and footer, escaped", "[report][provenance]") {
  Provenance p = SampleProvenanceRecord();
  p.command = {"portlab", "run", "<a&b>.yaml"};
  std::ostringstream meta, footer;
  WriteProvenanceHtmlMeta(p, 1, meta);
  WriteProvenanceHtmlFooter(p, 1, footer);
  CHECK(meta.str().rfind("<meta name=\"generator\" content=\"portlab 1.2.3 (commit 0123456789ab)\">\n", 0) == 0);
  CHECK(meta.str().find("<meta name=\"portlab:command\" content=\"portlab run '&lt;a&amp;b&gt;.yaml'\">\n") !=
        std::string::npos);
  CHECK(footer.str().find("command: portlab run '&lt;a&amp;b&gt;.yaml'</p></footer>\n") != std::string::npos);
}

TEST_CASE("provenance: a sidecar beside a regular file only", "[report][provenance]") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "portlab-provenance-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "x.csv").string();
  std::ofstream(csv) << "a,b\n";
  REQUIRE(WriteProvenanceSidecar(csv, SampleProvenanceRecord(), 1).ok());
  std::ifstream side(SidecarPath(csv));
  std::stringstream text;
  text << side.rdbuf();
  CHECK(text.str().rfind("{\n  \"portlab\": {\n    \"version\": \"1.2.3\",", 0) == 0);
  CHECK(text.str().find("\"format\": 1,") != std::string::npos);
  // Not beside /dev/null, and a file never opened (not there yet) gets none.
  CHECK(WriteProvenanceSidecar("/dev/null", SampleProvenanceRecord(), 1).ok());
  CHECK(!std::filesystem::exists("/dev/null.provenance.json"));
  CHECK(WriteProvenanceSidecar((dir / "absent.csv").string(), SampleProvenanceRecord(), 1).ok());
  CHECK(!std::filesystem::exists(dir / "absent.csv.provenance.json"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace portlab::report
