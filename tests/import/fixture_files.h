// The recorded outputs of tests/import/fixtures, read for a test: the
// file's bytes, or the Snapshot its parser reads (REQUIREd to read).
#ifndef PORTLAB_TESTS_IMPORT_FIXTURE_FILES_H_
#define PORTLAB_TESTS_IMPORT_FIXTURE_FILES_H_

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "portlab/import/snapshot_reader.h"

namespace portlab::import::testing {

inline std::string FixturePath(const std::string& name) {
  return std::string(PORTLAB_SOURCE_DIR) + "/tests/import/fixtures/" + name;
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixturePath(name), std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Snapshot ReadFixtureSnapshot(const std::string& name) {
  absl::StatusOr<Snapshot> s = ReadSnapshot(ReadFixture(name), name, std::nullopt);
  REQUIRE(s.ok());
  return *s;
}

}  // namespace portlab::import::testing

#endif  // PORTLAB_TESTS_IMPORT_FIXTURE_FILES_H_
