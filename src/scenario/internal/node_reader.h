// NodeReader and MapFields: typed reads of yaml-cpp nodes for the scenario
// loader, every failure an InvalidArgument "FILE:LINE:COLUMN: message" at the
// node at fault.
//
// Example:
//   NodeReader r("x.yaml");
//   SCENARIO_ASSIGN_OR_RETURN(MapFields f,
//                             MapFields::Read(r, node, "step", kStepKeys));
//   if (const MapFields::Entry* e = f.Find("port")) {
//     SCENARIO_ASSIGN_OR_RETURN(net::Port p, r.ReadPort(e->value, "port", 1));
//   }
//
// Nothing here throws on its own account; yaml-cpp calls used are the
// non-throwing accessors (IsMap, Scalar, iteration, Mark). The loader still
// wraps the whole parse in a catch for YAML::Exception.
//
// A parser that can go on past an error (to the next host, step, key)
// reports it with Report() rather than returning it, so the file's errors
// are all found in one load (scenario/internal/diagnostics.h).
//
// Not thread-safe: Report() writes to the load's Diagnostics.
#ifndef PORTLAB_SCENARIO_INTERNAL_NODE_READER_H_
#define PORTLAB_SCENARIO_INTERNAL_NODE_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/diagnostics.h"

// Strings here are absl::string_view, not std::string_view: Debian's Abseil
// keeps its own string_view type, and absl::StrCat and friends take only that.
//
// Local to the scenario internals; named so they cannot clash with macros
// other areas may define.
#define SCENARIO_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    absl::Status scenario_status_ = (expr);              \
    if (!scenario_status_.ok()) return scenario_status_; \
  } while (0)

#define SCENARIO_CONCAT_INNER_(a, b) a##b
#define SCENARIO_CONCAT_(a, b) SCENARIO_CONCAT_INNER_(a, b)
#define SCENARIO_ASSIGN_OR_RETURN(lhs, expr)                                \
  SCENARIO_ASSIGN_OR_RETURN_IMPL_(SCENARIO_CONCAT_(scenario_or_, __LINE__), \
                                  lhs, expr)
#define SCENARIO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()

namespace portlab::scenario::internal {

class NodeReader {
 public:
  // `diagnostics` collects what Report() is given; it must outlive the
  // reader.
  NodeReader(std::string file, Diagnostics& diagnostics)
      : file_(std::make_shared<const std::string>(std::move(file))), diagnostics_(&diagnostics) {}

  const std::string& file() const { return *file_; }
  Diagnostics& diagnostics() const { return *diagnostics_; }

  // Records `error` (unless OK or a consequence) and lets the caller go on.
  void Report(const absl::Status& error) const { diagnostics_->Add(error); }
  // Like Report, for an error made here.
  void ReportAt(const YAML::Node& node, absl::string_view message) const { Report(ErrorAt(node, message)); }

  // The node's position, 1-based. A node without a position (yaml-cpp's null
  // mark) reports 1:1 so every message still starts FILE:LINE:COLUMN.
  SourceLocation Locate(const YAML::Node& node) const;
  SourceLocation Locate(const YAML::Mark& mark) const;

  absl::Status ErrorAt(const YAML::Node& node, absl::string_view message) const;
  absl::Status ErrorAt(const YAML::Mark& mark, absl::string_view message) const;
  absl::Status ErrorAt(const SourceLocation& where,
                       absl::string_view message) const;

  // `KEY: "NAME" is not defined under hosts:` at `at`, with the nearest
  // host's name when NAME looks like a slip of it (base/suggest.h); a
  // Consequence() when the host's own entry failed.
  absl::Status UndefinedHost(const YAML::Node& at, absl::string_view key, const std::string& name,
                             const absl::flat_hash_set<std::string>& hosts) const;
  // The same for any kind of name: `KEY: "NAME" (did you mean ...) WHERE`,
  // WHERE saying where such names are defined ("is not defined under
  // workloads:").
  absl::Status UndefinedName(const YAML::Node& at, absl::string_view key, Defined kind,
                             const std::string& name, const absl::flat_hash_set<std::string>& known,
                             absl::string_view where) const;

  // Each Read* names the key (`what`) and the expected form in its error.
  absl::StatusOr<std::string> ReadString(const YAML::Node& n,
                                         absl::string_view what) const;
  // Inclusive bounds.
  absl::StatusOr<int64_t> ReadInt(const YAML::Node& n, absl::string_view what,
                                  int64_t min, int64_t max) const;
  // A finite decimal number, inclusive bounds.
  absl::StatusOr<double> ReadDouble(const YAML::Node& n, absl::string_view what,
                                    double min, double max) const;
  absl::StatusOr<uint64_t> ReadUint64(const YAML::Node& n,
                                      absl::string_view what) const;
  absl::StatusOr<bool> ReadBool(const YAML::Node& n,
                                absl::string_view what) const;
  absl::StatusOr<Duration> ReadDuration(const YAML::Node& n,
                                             absl::string_view what) const;
  absl::StatusOr<net::IpAddress> ReadAddress(const YAML::Node& n,
                                             absl::string_view what) const;
  absl::StatusOr<net::Endpoint> ReadEndpoint(const YAML::Node& n,
                                             absl::string_view what) const;
  absl::StatusOr<net::PortRange> ReadPortRange(const YAML::Node& n,
                                               absl::string_view what) const;
  absl::StatusOr<net::Protocol> ReadProtocol(const YAML::Node& n,
                                             absl::string_view what) const;
  // A port from `min` to 65535.
  absl::StatusOr<net::Port> ReadPort(const YAML::Node& n,
                                     absl::string_view what, int min) const;
  // A scalar that must be one of `choices`.
  absl::StatusOr<std::string> ReadChoice(
      const YAML::Node& n, absl::string_view what,
      absl::Span<const absl::string_view> choices) const;
  // A map of name -> scalar, e.g. `sysctl:`; entries keep their key's location.
  absl::StatusOr<std::vector<SysctlSetting>> ReadSysctl(
      const YAML::Node& n, absl::string_view what) const;

  // Fails unless `n` is a list (with the key's name in the message).
  absl::Status RequireList(const YAML::Node& n, absl::string_view what) const;

 private:
  // The scalar text of `n`, or an error saying what was expected instead.
  absl::StatusOr<std::string> Scalar(const YAML::Node& n,
                                     absl::string_view what,
                                     absl::string_view expected) const;

  std::shared_ptr<const std::string> file_;  // every location's (SourceLocation::file)
  Diagnostics* diagnostics_;
};

// The scalars under `key` when `map` is a map (every one: a key given twice
// is an error reported, and either value may be the one meant), else none:
// the names a failed entry meant to define.
std::vector<std::string> ScalarsUnder(const YAML::Node& map, absl::string_view key);

// How a node reads in a message: "a map", "a list", "nothing", "\"abc\"".
std::string Describe(const YAML::Node& n);
// `text` quoted, escaped and cut to a readable length.
std::string Quote(absl::string_view text);

// Keys beginning so are the author's own (Docker Compose's extension keys):
// every map of fixed keys accepts and ignores them.
inline constexpr absl::string_view kExtensionKeyPrefix = "x-";

// The entries of one YAML map, in file order, with keys checked: scalar,
// unique, and among the allowed ones.
class MapFields {
 public:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };

  // `what` names the map in messages ("step", "host \"client\"").
  // Unknown keys are errors at the key listing `allowed` (and the nearest
  // when one is near: "(did you mean \"address\"?)"), every one of them
  // reported; then the result is a Consequence(), for the map's reader to
  // skip the map (a key it misses may be the one misspelt). `x-` keys are
  // left out. A key given twice is reported and its first value kept.
  static absl::StatusOr<MapFields> Read(
      const NodeReader& reader, const YAML::Node& node, absl::string_view what,
      absl::Span<const absl::string_view> allowed);

  // Like Read, but the unknown keys, reported, are left out of the result
  // and counted in `*unknown`: for a reader that can go on without them.
  static absl::StatusOr<MapFields> ReadKnown(
      const NodeReader& reader, const YAML::Node& node, absl::string_view what,
      absl::Span<const absl::string_view> allowed, size_t* unknown);

  // Like Read but accepts any key (for name -> value maps).
  static absl::StatusOr<MapFields> ReadAny(const NodeReader& reader,
                                           const YAML::Node& node,
                                           absl::string_view what);

  // nullptr when the key is absent.
  const Entry* Find(absl::string_view key) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  // Key -> position in entries_; a map may have many keys (a hostile file
  // can hold a million), so lookups must not scan.
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_NODE_READER_H_
