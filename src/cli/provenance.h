// The program's half of provenance (report/provenance.h): the command line
// as given, recorded once by main(), and the SHA-256 of the scenario bytes
// a command read. Each command builds its one report::Provenance with
// ProvenanceOf and hands it to every writer.
//
// Example:
//   RecordCommandLine(argc, argv);                       // main(), once
//   std::string sha;
//   absl::StatusOr<scenario::Scenario> s = LoadScenarioArg(arg, sets, &sha);
//   report::Provenance p = ProvenanceOf(sha, seed);
//
// Thread safety: RecordCommandLine before any other call, on one thread.
#ifndef PORTLAB_CLI_PROVENANCE_H_
#define PORTLAB_CLI_PROVENANCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portlab/report/provenance.h"

namespace portlab::cli {

// Keeps the program's name (argv[0] without its directory, so an output
// does not change with where portlab is installed) and the arguments as
// given.
void RecordCommandLine(int argc, char** argv);

// The SHA-256 of `bytes` (FIPS 180-4), as 64 lowercase hex digits, computed
// by GNU Nettle (nettle/sha2.h, Debian's nettle-dev).
std::string Sha256Hex(std::string_view bytes);

// This build's version and commit, the recorded command line, and the
// scenario's hash ("" when the command read none) and seed.
report::Provenance ProvenanceOf(std::string_view scenario_sha256, std::optional<uint64_t> seed);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_PROVENANCE_H_
