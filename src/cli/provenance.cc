#include "provenance.h"

#include <nettle/sha2.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "portlab_version.h"

namespace portlab::cli {
namespace {

// The program's one record of its command line, set by main() before any
// command runs (the core never sees it).
std::vector<std::string>& RecordedCommand() {
  static std::vector<std::string> command;
  return command;
}

}  // namespace

void RecordCommandLine(int argc, char** argv) {
  std::vector<std::string> command;
  for (int i = 0; i < argc; ++i) command.emplace_back(argv[i]);
  if (!command.empty()) command[0] = std::filesystem::path(command[0]).filename().string();
  RecordedCommand() = std::move(command);
}

std::string Sha256Hex(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_SIZE);
  for (uint8_t b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xF];
  }
  return hex;
}

report::Provenance ProvenanceOf(std::string_view scenario_sha256, std::optional<uint64_t> seed) {
  report::Provenance p;
  p.version = PORTLAB_VERSION;
  p.commit = PORTLAB_COMMIT;
  p.scenario_sha256 = std::string(scenario_sha256);
  p.seed = seed;
  p.command = RecordedCommand();
  return p;
}

}  // namespace portlab::cli
