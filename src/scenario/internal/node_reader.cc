#include "scenario/internal/node_reader.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/base/decimal.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"
#include "scenario/internal/yaml_hints.h"

namespace portlab::scenario::internal {
namespace {

// Long enough to show a mistyped value, short enough that a 16 MiB scalar
// does not become a 16 MiB message.
constexpr size_t kMaxQuotedChars = 60;

}  // namespace

std::string Quote(absl::string_view text) {
  bool cut = text.size() > kMaxQuotedChars;
  if (cut) text = text.substr(0, kMaxQuotedChars);
  return absl::StrCat("\"", absl::CHexEscape(text), cut ? "...\"" : "\"");
}

std::vector<std::string> ScalarsUnder(const YAML::Node& map, absl::string_view key) {
  std::vector<std::string> out;
  if (!map.IsMap()) return out;
  for (YAML::const_iterator it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key && it->second.IsScalar()) {
      out.push_back(it->second.Scalar());
    }
  }
  return out;
}

std::string Describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return Quote(n.Scalar());
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

SourceLocation NodeReader::Locate(const YAML::Mark& mark) const {
  SourceLocation loc;
  loc.file = file_;
  loc.line = mark.is_null() || mark.line < 0 ? 1 : mark.line + 1;
  loc.column = mark.is_null() || mark.column < 0 ? 1 : mark.column + 1;
  return loc;
}

SourceLocation NodeReader::Locate(const YAML::Node& node) const {
  // Mark() throws only on an invalid (zombie) node; we never create those,
  // but a position is not worth an exception.
  if (!node.IsDefined()) return Locate(YAML::Mark::null_mark());
  return Locate(node.Mark());
}

absl::Status NodeReader::ErrorAt(const SourceLocation& where,
                                 absl::string_view message) const {
  return absl::InvalidArgumentError(
      absl::StrCat(where.ToString(), ": ", message));
}

absl::Status NodeReader::ErrorAt(const YAML::Node& node,
                                 absl::string_view message) const {
  return ErrorAt(Locate(node), message);
}

absl::Status NodeReader::ErrorAt(const YAML::Mark& mark,
                                 absl::string_view message) const {
  return ErrorAt(Locate(mark), message);
}

absl::StatusOr<std::string> NodeReader::Scalar(
    const YAML::Node& n, absl::string_view what,
    absl::string_view expected) const {
  if (!n.IsScalar()) {
    return ErrorAt(n, absl::StrCat(what, ": expected ", expected, ", found ",
                                   Describe(n)));
  }
  return n.Scalar();
}

absl::StatusOr<std::string> NodeReader::ReadString(
    const YAML::Node& n, absl::string_view what) const {
  return Scalar(n, what, "a string");
}

absl::StatusOr<int64_t> NodeReader::ReadInt(const YAML::Node& n,
                                            absl::string_view what, int64_t min,
                                            int64_t max) const {
  std::string expected =
      max == std::numeric_limits<int64_t>::max()
          ? (min == 0 ? std::string("a non-negative integer")
                      : absl::StrCat("an integer of at least ", min))
          : absl::StrCat("an integer from ", min, " to ", max);
  // Read in place, not moved out: GCC 12 takes the moved-from string's
  // small buffer for uninitialized (-Wmaybe-uninitialized, a false alarm).
  absl::StatusOr<std::string> scalar = Scalar(n, what, expected);
  if (!scalar.ok()) return scalar.status();
  const std::string& text = *scalar;
  // Decimal digits only, within int64 (base/decimal.h).
  const std::optional<int64_t> v = ParseDecimalInteger(text);
  if (!v || *v < min || *v > max) {
    return ErrorAt(n, absl::StrCat(what, ": expected ", expected, ", found ",
                                   Quote(text)));
  }
  return *v;
}

absl::StatusOr<double> NodeReader::ReadDouble(const YAML::Node& n,
                                             absl::string_view what, double min,
                                             double max) const {
  std::string expected = absl::StrCat("a number from ", min, " to ", max);
  SCENARIO_ASSIGN_OR_RETURN(std::string text, Scalar(n, what, expected));
  // Decimal only: no hex, inf or nan (base/decimal.h).
  const std::optional<double> v = ParseDecimalNumber(text);
  if (!v || !(*v >= min && *v <= max)) {
    return ErrorAt(n, absl::StrCat(what, ": expected ", expected, ", found ",
                                   Quote(text)));
  }
  return *v;
}

absl::StatusOr<uint64_t> NodeReader::ReadUint64(const YAML::Node& n,
                                                absl::string_view what) const {
  constexpr absl::string_view kExpected = "a non-negative integer below 2^64";
  absl::StatusOr<std::string> scalar = Scalar(n, what, kExpected);  // in place, as in ReadInt
  if (!scalar.ok()) return scalar.status();
  const std::string& text = *scalar;
  const std::optional<uint64_t> v = ParseDecimalUnsigned(text);
  if (!v) {
    return ErrorAt(n, absl::StrCat(what, ": expected ", kExpected, ", found ",
                                   Quote(text)));
  }
  return *v;
}

absl::StatusOr<bool> NodeReader::ReadBool(const YAML::Node& n,
                                          absl::string_view what) const {
  absl::StatusOr<std::string> scalar = Scalar(n, what, "true or false");  // in place, as in ReadInt
  if (!scalar.ok()) return scalar.status();
  const std::string& text = *scalar;
  // YAML 1.2 core schema booleans only: "yes"/"no"/"on" are YAML 1.1 traps.
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return ErrorAt(
      n, absl::StrCat(what, ": expected true or false, found ", Quote(text)));
}

absl::StatusOr<Duration> NodeReader::ReadDuration(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(
      std::string text, Scalar(n, what, "a duration (e.g. 60s, 10ms, 1.5s)"));
  absl::StatusOr<Duration> d = ParseDuration(text);
  if (!d.ok())
    return ErrorAt(n, absl::StrCat(what, ": ", d.status().message()));
  return *d;
}

absl::StatusOr<net::IpAddress> NodeReader::ReadAddress(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(std::string text, Scalar(n, what, "an IP address"));
  absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(text);
  if (!a.ok())
    return ErrorAt(n, absl::StrCat(what, ": ", a.status().message()));
  return *a;
}

absl::StatusOr<net::Endpoint> NodeReader::ReadEndpoint(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(
      std::string text,
      Scalar(n, what, "an endpoint \"ADDR:PORT\" or \"[V6]:PORT\""));
  absl::StatusOr<net::Endpoint> e = net::Endpoint::Parse(text);
  if (!e.ok())
    return ErrorAt(n, absl::StrCat(what, ": ", e.status().message()));
  return *e;
}

absl::StatusOr<net::PortRange> NodeReader::ReadPortRange(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(
      std::string text, Scalar(n, what, "a port range \"LO HI\" or \"LO-HI\""));
  absl::StatusOr<net::PortRange> r = net::PortRange::Parse(text);
  if (!r.ok())
    return ErrorAt(n, absl::StrCat(what, ": ", r.status().message()));
  return *r;
}

absl::StatusOr<net::Protocol> NodeReader::ReadProtocol(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(std::string text, Scalar(n, what, "tcp or udp"));
  absl::StatusOr<net::Protocol> p = net::ParseProtocol(text);
  if (!p.ok())
    return ErrorAt(n, absl::StrCat(what, ": ", p.status().message()));
  return *p;
}

absl::StatusOr<net::Port> NodeReader::ReadPort(const YAML::Node& n,
                                               absl::string_view what,
                                               int min) const {
  SCENARIO_ASSIGN_OR_RETURN(int64_t v, ReadInt(n, what, min, 65535));
  return net::Port(static_cast<uint16_t>(v));
}

absl::StatusOr<std::string> NodeReader::ReadChoice(
    const YAML::Node& n, absl::string_view what,
    absl::Span<const absl::string_view> choices) const {
  std::string expected = absl::StrCat("one of ", absl::StrJoin(choices, ", "));
  SCENARIO_ASSIGN_OR_RETURN(std::string text, Scalar(n, what, expected));
  std::vector<std::string_view> names;
  for (absl::string_view c : choices) {
    if (text == c) return text;
    names.push_back(SV(c));
  }
  return ErrorAt(n, absl::StrCat(what, ": expected ", expected, ", found ", Quote(text),
                                 DidYouMean(text, names)));
}

absl::StatusOr<std::vector<SysctlSetting>> NodeReader::ReadSysctl(
    const YAML::Node& n, absl::string_view what) const {
  SCENARIO_ASSIGN_OR_RETURN(MapFields fields,
                            MapFields::ReadAny(*this, n, what));
  std::vector<SysctlSetting> out;
  out.reserve(fields.entries().size());
  for (const MapFields::Entry& e : fields.entries()) {
    // The model decides whether the name is a knob of the host's OS and
    // whether the value suits it; here only the shape is checked.
    SCENARIO_ASSIGN_OR_RETURN(std::string value,
                              Scalar(e.value, absl::StrCat(what, " ", e.key),
                                     "a value (number or string)"));
    out.push_back({e.key, std::move(value), Locate(e.key_node)});
  }
  return out;
}

absl::Status NodeReader::RequireList(const YAML::Node& n,
                                     absl::string_view what) const {
  if (n.IsSequence()) return absl::OkStatus();
  return ErrorAt(n,
                 absl::StrCat(what, ": expected a list, found ", Describe(n)));
}

absl::Status NodeReader::UndefinedHost(const YAML::Node& at, absl::string_view key, const std::string& name,
                                       const absl::flat_hash_set<std::string>& hosts) const {
  return UndefinedName(at, key, Defined::kHost, name, hosts, "is not defined under hosts:");
}

absl::Status NodeReader::UndefinedName(const YAML::Node& at, absl::string_view key, Defined kind,
                                       const std::string& name, const absl::flat_hash_set<std::string>& known,
                                       absl::string_view where) const {
  if (diagnostics_->Excused(kind, name)) return Consequence();
  // Sorted: the set's order is not the same from run to run, and a tie
  // goes to the first candidate. A name whose entry failed is still a name
  // the author meant.
  std::vector<std::string_view> names(known.begin(), known.end());
  for (const std::string& excused : diagnostics_->ExcusedNames(kind)) names.push_back(excused);
  std::sort(names.begin(), names.end());
  return ErrorAt(at, absl::StrCat(key, ": ", Quote(name), DidYouMean(name, names), " ", where));
}

absl::StatusOr<MapFields> MapFields::ReadAny(const NodeReader& reader,
                                             const YAML::Node& node,
                                             absl::string_view what) {
  if (!node.IsMap()) {
    return reader.ErrorAt(
        node, absl::StrCat(what, ": expected a map, found ", Describe(node)));
  }
  MapFields fields;
  for (YAML::const_iterator it = node.begin(); it != node.end(); ++it) {
    // Copies, not references: the iterator hands out a temporary pair.
    YAML::Node key = it->first;
    YAML::Node value = it->second;
    if (!key.IsScalar()) {
      return reader.ErrorAt(
          key,
          absl::StrCat(what, ": keys must be names, found ", Describe(key)));
    }
    if (HasColonWithoutSpace(key.Scalar())) {
      return reader.ErrorAt(
          key, absl::StrCat(what, ": key ", Quote(key.Scalar()),
                            " has a ':' with no space after it, so YAML reads it as one word; "
                            "write \"key: value\""));
    }
    // yaml-cpp keeps duplicate keys; a second value silently winning or
    // losing would hide a typo, so it is an error (reported; the first
    // value is read on, for the map's other errors).
    if (const Entry* first = fields.Find(key.Scalar())) {
      if (reader.diagnostics().full()) continue;
      reader.Report(reader.ErrorAt(
          key, absl::StrCat(what, ": key ", Quote(key.Scalar()),
                            " appears twice (first at ",
                            reader.Locate(first->key_node).ToString(), ")")));
      continue;
    }
    fields.index_.emplace(key.Scalar(), fields.entries_.size());
    fields.entries_.push_back({key.Scalar(), key, value});
  }
  return fields;
}

absl::StatusOr<MapFields> MapFields::ReadKnown(
    const NodeReader& reader, const YAML::Node& node, absl::string_view what,
    absl::Span<const absl::string_view> allowed, size_t* unknown) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields fields, ReadAny(reader, node, what));
  std::vector<std::string_view> names;
  for (absl::string_view a : allowed) names.push_back(SV(a));
  MapFields known;
  *unknown = 0;
  for (Entry& e : fields.entries_) {
    // Extension keys (`x-notes:`, as Docker Compose users write them) carry
    // the author's own data, for anchors to merge or for tools of their own.
    // Callers read only the keys they know.
    if (absl::StartsWith(e.key, kExtensionKeyPrefix)) continue;
    bool is_allowed = false;
    for (absl::string_view a : allowed) is_allowed = is_allowed || e.key == a;
    if (!is_allowed) {
      // Every unknown key of the map is reported, each at itself (until the
      // Diagnostics is full: a map of a million unknown keys costs no more
      // than a thousand "did you mean"s).
      ++*unknown;
      if (reader.diagnostics().full()) continue;
      reader.Report(reader.ErrorAt(
          e.key_node,
          absl::StrCat("unknown key ", Quote(e.key), DidYouMean(SV(e.key), names), " in ", what,
                       "; allowed keys: ", absl::StrJoin(allowed, ", "))));
      continue;
    }
    known.index_.emplace(e.key, known.entries_.size());
    known.entries_.push_back(std::move(e));
  }
  return known;
}

absl::StatusOr<MapFields> MapFields::Read(
    const NodeReader& reader, const YAML::Node& node, absl::string_view what,
    absl::Span<const absl::string_view> allowed) {
  size_t unknown = 0;
  SCENARIO_ASSIGN_OR_RETURN(MapFields fields, ReadKnown(reader, node, what, allowed, &unknown));
  // What the map lacks may be what a misspelt key meant to give: the map's
  // reader stops here rather than report it missing.
  if (unknown > 0) return Consequence();
  return fields;
}

const MapFields::Entry* MapFields::Find(absl::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

}  // namespace portlab::scenario::internal
