#include "scenario/internal/analysis_parser.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/limits.h"

namespace portlab::scenario::internal {
namespace {

constexpr absl::string_view kAnalysisKeys[] = {"strategies", "axes",           "range",
                                               "seeds",      "reuse",          "predictability",
                                               "linkability", "poisoning"};
constexpr absl::string_view kReuseKeys[] = {"occupancy", "churn", "rate", "twait"};
constexpr absl::string_view kPredictKeys[] = {"window", "tries"};
constexpr absl::string_view kLinkKeys[] = {"budget", "pairs"};
constexpr absl::string_view kPoisonKeys[] = {"trials", "rate", "rtt"};
constexpr absl::string_view kAxes[] = {"cost", "reuse", "predictability", "linkability",
                                       "poisoning"};

constexpr int64_t kMaxSeeds = limits::kMaxAnalysisSeeds;
constexpr int64_t kMaxChurn = limits::kMaxAnalysisChurn;
constexpr int64_t kMaxBudget = limits::kMaxAnalysisBudget;

// A list of distinct names; each name's location goes to `where` if given.
absl::StatusOr<std::vector<std::string>> ReadNameList(const NodeReader& r, const YAML::Node& n,
                                                      absl::string_view what,
                                                      std::vector<SourceLocation>* where) {
  SCENARIO_RETURN_IF_ERROR(r.RequireList(n, what));
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  for (YAML::Node item : n) {
    SCENARIO_ASSIGN_OR_RETURN(std::string name, r.ReadString(item, what));
    if (!seen.insert(name).second) {
      return r.ErrorAt(item, absl::StrCat(what, ": ", Quote(name), " is listed twice"));
    }
    if (where != nullptr) where->push_back(r.Locate(item));
    out.push_back(std::move(name));
  }
  return out;
}

absl::Status ParseReuse(const NodeReader& r, const YAML::Node& n, AnalysisSpec& a) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "reuse", kReuseKeys));
  if (const MapFields::Entry* e = f.Find("occupancy")) {
    SCENARIO_ASSIGN_OR_RETURN(a.occupancy, r.ReadDouble(e->value, "occupancy", 0, 0.99));
  }
  if (const MapFields::Entry* e = f.Find("churn")) {
    SCENARIO_ASSIGN_OR_RETURN(a.churn, r.ReadInt(e->value, "churn", 1, kMaxChurn));
  }
  if (const MapFields::Entry* e = f.Find("rate")) {
    SCENARIO_ASSIGN_OR_RETURN(a.rate, r.ReadDouble(e->value, "rate", 0.001, 1e9));
  }
  if (const MapFields::Entry* e = f.Find("twait")) {
    SCENARIO_ASSIGN_OR_RETURN(a.twait, r.ReadInt(e->value, "twait", 1, kMaxChurn));
  }
  return absl::OkStatus();
}

absl::Status ParsePredict(const NodeReader& r, const YAML::Node& n, AnalysisSpec& a) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "predictability", kPredictKeys));
  if (const MapFields::Entry* e = f.Find("window")) {
    SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e->value, "window", 1, limits::kMaxAnalysisWindow));
    a.window = static_cast<int>(v);
  }
  if (const MapFields::Entry* e = f.Find("tries")) {
    SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e->value, "tries", 1, limits::kMaxAnalysisTries));
    a.tries = static_cast<int>(v);
  }
  return absl::OkStatus();
}

absl::Status ParseLink(const NodeReader& r, const YAML::Node& n, AnalysisSpec& a) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "linkability", kLinkKeys));
  if (const MapFields::Entry* e = f.Find("budget")) {
    SCENARIO_ASSIGN_OR_RETURN(a.budget, r.ReadInt(e->value, "budget", 1, kMaxBudget));
  }
  if (const MapFields::Entry* e = f.Find("pairs")) {
    SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e->value, "pairs", 1, limits::kMaxAnalysisPairs));
    a.pairs = static_cast<int>(v);
  }
  return absl::OkStatus();
}

absl::Status ParsePoison(const NodeReader& r, const YAML::Node& n, AnalysisSpec& a) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, n, "poisoning", kPoisonKeys));
  if (const MapFields::Entry* e = f.Find("trials")) {
    SCENARIO_ASSIGN_OR_RETURN(a.poison_trials, r.ReadInt(e->value, "trials", 1, limits::kMaxAnalysisTrials));
  }
  if (const MapFields::Entry* e = f.Find("rate")) {
    SCENARIO_ASSIGN_OR_RETURN(a.poison_rate, r.ReadInt(e->value, "rate", 1, limits::kMaxAnalysisSpoofRate));
  }
  if (const MapFields::Entry* e = f.Find("rtt")) {
    SCENARIO_ASSIGN_OR_RETURN(a.poison_rtt, r.ReadDuration(e->value, "rtt"));
    if (*a.poison_rtt <= Duration()) {
      return r.ErrorAt(e->value, "rtt: must be longer than 0 (the race lasts one round trip)");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AnalysisSpec> ParseAnalysis(const NodeReader& r, const YAML::Node& node) {
  SCENARIO_ASSIGN_OR_RETURN(MapFields f, MapFields::Read(r, node, "analysis", kAnalysisKeys));
  AnalysisSpec a;
  a.location = r.Locate(node);
  const MapFields::Entry* strategies = f.Find("strategies");
  if (strategies == nullptr) {
    return r.ErrorAt(node, "analysis: needs strategies: (a list such as [linux, linux-5.12])");
  }
  SCENARIO_ASSIGN_OR_RETURN(
      a.strategies, ReadNameList(r, strategies->value, "strategies", &a.strategy_locations));
  if (a.strategies.empty()) {
    return r.ErrorAt(strategies->value, "strategies: needs at least one strategy");
  }
  if (const MapFields::Entry* e = f.Find("axes")) {
    SCENARIO_RETURN_IF_ERROR(r.RequireList(e->value, "axes"));
    for (YAML::Node item : e->value) {
      SCENARIO_ASSIGN_OR_RETURN(std::string axis, r.ReadChoice(item, "axes", kAxes));
      for (const std::string& seen : a.axes) {
        if (seen == axis) {
          return r.ErrorAt(item, absl::StrCat("axes: ", Quote(axis), " is listed twice"));
        }
      }
      a.axes.push_back(std::move(axis));
    }
    if (a.axes.empty()) return r.ErrorAt(e->value, "axes: name at least one axis");
  }
  if (const MapFields::Entry* e = f.Find("range")) {
    SCENARIO_ASSIGN_OR_RETURN(a.range, r.ReadPortRange(e->value, "range"));
  }
  if (const MapFields::Entry* e = f.Find("seeds")) {
    SCENARIO_ASSIGN_OR_RETURN(int64_t v, r.ReadInt(e->value, "seeds", 1, kMaxSeeds));
    a.seeds = static_cast<int>(v);
  }
  if (const MapFields::Entry* e = f.Find("reuse")) {
    SCENARIO_RETURN_IF_ERROR(ParseReuse(r, e->value, a));
  }
  if (const MapFields::Entry* e = f.Find("predictability")) {
    SCENARIO_RETURN_IF_ERROR(ParsePredict(r, e->value, a));
  }
  if (const MapFields::Entry* e = f.Find("linkability")) {
    SCENARIO_RETURN_IF_ERROR(ParseLink(r, e->value, a));
  }
  if (const MapFields::Entry* e = f.Find("poisoning")) {
    SCENARIO_RETURN_IF_ERROR(ParsePoison(r, e->value, a));
  }
  return a;
}

}  // namespace portlab::scenario::internal
