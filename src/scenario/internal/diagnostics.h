// Diagnostics: every error of one scenario file, so the loader reports them
// all at once rather than the first (issue 22, "all the errors at once").
//
// The parsers report an entry's error here and go on to the next entry (a
// host, a step, a workload, a key); the loader ends with ToStatus(), one
// InvalidArgument holding every message, one a line, in file order.
//
// Example:
//   Diagnostics d("x.yaml");
//   NodeReader r("x.yaml", d);
//   for (const YAML::Node& n : list) {
//     absl::StatusOr<StepSpec> step = Parse(r, n);
//     if (!step.ok()) { r.Report(step.status()); continue; }  // keep going
//     ...
//   }
//   if (!d.ok()) return d.ToStatus();
//
// Invariants:
//   - each message starts "FILE:LINE:COLUMN: " (NodeReader::ErrorAt makes
//     them so); one without a position sorts first;
//   - ToStatus() shows at most kMaxShown messages, the earliest in the file,
//     then a line "FILE: and N more errors"; messages at one position keep
//     the order they were reported in;
//   - after kMaxCounted errors full() is true and the parsers stop: a
//     hostile file's million mistakes cost no more than a thousand;
//   - a consequence (Consequence()) is never recorded: an error that only
//     follows from an earlier one (a step naming a host whose entry failed)
//     would mislead. A definition whose entry failed is excused (Excuse),
//     and a reference to an excused name answers Consequence() instead of
//     "not defined".
//
// Not thread-safe: one per load.
#ifndef PORTLAB_SCENARIO_INTERNAL_DIAGNOSTICS_H_
#define PORTLAB_SCENARIO_INTERNAL_DIAGNOSTICS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace portlab::scenario::internal {

// The kinds of names one part of a scenario defines and another refers to.
enum class Defined {
  kHost,      // hosts: (and quantity: groups)
  kWorkload,  // workloads: name:
  kNat,       // nats:
  kLabel,     // a step's as:
  kStep,      // a step's index, for expect: step:
  kStrategy,  // analysis: strategies:
};

class Diagnostics {
 public:
  static constexpr size_t kMaxShown = 20;
  static constexpr size_t kMaxCounted = 1000;

  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // Records `error`; an OK status and a Consequence() are ignored.
  void Add(const absl::Status& error);

  bool ok() const { return count_ == 0; }
  size_t count() const { return count_; }
  // True once kMaxCounted errors are recorded: stop looking for more.
  bool full() const { return count_ >= kMaxCounted; }

  // OK when nothing was recorded; else InvalidArgument with the messages
  // (see the invariants above), joined by newlines.
  absl::Status ToStatus() const;

  // A name whose definition failed: references to it are not errors.
  void Excuse(Defined kind, absl::string_view name);
  // Every name of `kind` beginning with `prefix` is excused (the members
  // NAME.0, NAME.1, ... of a host with quantity:).
  void ExcusePrefix(Defined kind, absl::string_view prefix);
  // Every name of `kind` is excused (its whole section failed).
  void ExcuseAll(Defined kind);
  bool Excused(Defined kind, absl::string_view name) const;
  // The names excused one by one, for a "did you mean" among them too.
  const absl::flat_hash_set<std::string>& ExcusedNames(Defined kind) const {
    return excused_[static_cast<size_t>(kind)];
  }

 private:
  struct Message {
    int line = 0;
    int column = 0;
    size_t order = 0;
    std::string text;
  };

  // Keeps the kMaxShown earliest messages; `kept_` grows to twice that
  // before it is cut back.
  void Trim();

  std::string file_;
  std::vector<Message> kept_;
  size_t count_ = 0;
  static constexpr size_t kKinds = static_cast<size_t>(Defined::kStrategy) + 1;
  absl::flat_hash_set<std::string> excused_[kKinds];
  std::vector<std::string> excused_prefixes_[kKinds];
  bool all_excused_[kKinds] = {};
};

// The status of an error that only follows from one already reported:
// Diagnostics::Add drops it. Returned where a reference names an excused
// name, so the entry is skipped in silence.
absl::Status Consequence();
bool IsConsequence(const absl::Status& status);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_DIAGNOSTICS_H_
