// The layers: every `#include "portlab/AREA/..."` line in include/ and src/
// names the including file's own area or one below it, and every
// `#include "AREA/internal/..."` names the including file's own area. The
// order is the one CMakeLists.txt declares (cmake/areas.cmake generates the
// table); the build enforces it too, this test names each file and line.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>>& Below() {
  static const auto* table = new std::map<std::string, std::set<std::string>>{
#include "portlab_layers.inc"
  };
  return *table;
}

struct Violation {
  std::string where;  // file:line
  std::string text;
};

// The area of a file: the first folder under include/portlab/ or src/.
std::string AreaOf(const fs::path& root, const fs::path& file) {
  return fs::relative(file, root).begin()->string();
}

std::vector<Violation> Check(const fs::path& source_dir) {
  static const std::regex kPublic(R"(^\s*#\s*include\s+"portlab/([a-z_]+)/)");
  static const std::regex kInternal(R"(^\s*#\s*include\s+"([a-z_]+)/internal/)");
  std::vector<Violation> found;
  for (const fs::path& root : {source_dir / "include" / "portlab", source_dir / "src"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const fs::path& file = entry.path();
      if (!entry.is_regular_file() || (file.extension() != ".h" && file.extension() != ".cc")) continue;
      const std::string area = AreaOf(root, file);
      auto below = Below().find(area);
      std::ifstream in(file);
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        std::smatch m;
        const std::string where = fs::relative(file, source_dir).string() + ":" + std::to_string(number);
        if (std::regex_search(line, m, kPublic)) {
          const std::string to = m[1];
          if (to == area) continue;
          if (below == Below().end()) {
            found.push_back({where, "area \"" + area + "\" is not declared in CMakeLists.txt: " + line});
          } else if (!below->second.count(to)) {
            found.push_back({where, area + " may not include " + to + ": " + line});
          }
        } else if (std::regex_search(line, m, kInternal) && m[1] != area) {
          found.push_back({where, area + " may not include another area's internals: " + line});
        }
      }
    }
  }
  return found;
}

TEST_CASE("every include names its own area or one below it") {
  std::vector<Violation> found = Check(PORTLAB_SOURCE_DIR);
  for (const Violation& v : found) UNSCOPED_INFO(v.where << ": " << v.text);
  CHECK(found.empty());
}

TEST_CASE("the layer table is a stack: no area is below itself, stack and nat are siblings") {
  for (const auto& [area, below] : Below()) {
    INFO(area);
    CHECK(below.count(area) == 0);
    for (const std::string& b : below) {
      auto it = Below().find(b);
      REQUIRE(it != Below().end());
      CHECK(it->second.count(area) == 0);
    }
  }
  CHECK(Below().at("stack").count("nat") == 0);
  CHECK(Below().at("nat").count("stack") == 0);
  CHECK(Below().at("stack").count("sim") == 0);
  CHECK(Below().at("nat").count("sim") == 0);
  CHECK(Below().at("base").empty());
}

TEST_CASE("a wrong-way include is reported with its file and line") {
  const fs::path dir = fs::temp_directory_path() / "portlab_layers_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "include" / "portlab" / "stack");
  fs::create_directories(dir / "src" / "nat");
  std::ofstream(dir / "include" / "portlab" / "stack" / "x.h")
      << "// x\n#include \"portlab/net/port.h\"\n#include \"portlab/sim/simulation.h\"\n";
  std::ofstream(dir / "src" / "nat" / "y.cc") << "#include \"stack/internal/z.h\"\n";
  std::vector<Violation> found = Check(dir);
  fs::remove_all(dir);
  REQUIRE(found.size() == 2);
  CHECK(found[0].where == "include/portlab/stack/x.h:3");
  CHECK(found[1].where == "src/nat/y.cc:1");
}

}  // namespace
