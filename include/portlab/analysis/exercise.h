// Exercise: questions a run answers, drawn from its own facts (run_facts.h)
// by a seeded choice, each with its answer, the answer's canonical form and
// the rule or fact behind it. Pure: no I/O, no clock; the same facts and
// seed give the same exercise.
//
// Kinds (each only where the sheet gives what a student needs to answer):
//   local-port   which local port a connect() uses: exact for a socket
//                bound first, and for a TCP allocator that counts up
//                (sequential, bsd-sequential, ns3, lwip-tcp) given the
//                previous connect()'s port; for Linux 6.x's TCP connect()
//                (even ports first), the parity.
//   demux        which socket receives a segment (its Local Address:Port
//                as ss prints it, or "none") and by which demux rule; the
//                sheet prints the host's table just before.
//   nat-port     the outside port a NAT maps an inside endpoint to (NATs
//                that preserve ports or count up sequentially).
//   nat-count    how many mappings a NAT holds at a time.
//   failure      when a host's call first fails, and with which errno.
//   firewall     which rule of a host's input chain decides a segment's
//                fate, and whether it is filtered or rejected; the sheet
//                prints the host's rule set.
//   scan         the state nmap reports for one port of a `scan` step
//                (open, closed, filtered, unfiltered, open|filtered).
//
// Example:
//   Exercise ex = BuildExercise(facts, /*seed=*/7, /*questions=*/6);
//   for (const Question& q : ex.questions) ... q.parts[i].answer
#ifndef PORTLAB_ANALYSIS_EXERCISE_H_
#define PORTLAB_ANALYSIS_EXERCISE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/analysis/run_facts.h"
#include "portlab/base/time.h"

namespace portlab::analysis {

enum class QuestionKind : uint8_t { kLocalPort, kDemux, kNatPort, kNatCount, kFailure, kFirewall, kScan };
inline constexpr int kQuestionKindCount = 7;
// "local-port", "demux", "nat-port", "nat-count", "failure", "firewall", "scan".
std::string_view QuestionKindName(QuestionKind kind);

// How an answer is written and compared (grading.h).
enum class AnswerType : uint8_t {
  kInteger,  // a whole number: "61234"
  kName,     // a word or endpoint, compared without case, spaces or "(service)"
  kSeconds,  // a time in seconds, within the part's tolerance
};
// "integer", "name", "seconds"; ParseAnswerType reads them back.
std::string_view AnswerTypeName(AnswerType type);
std::optional<AnswerType> ParseAnswerType(std::string_view text);

// One gradable answer of a question: "Q3" or, for a question of two parts,
// "Q3a" and "Q3b".
struct AnswerPart {
  std::string id;
  std::string prompt;       // what to write, with its form
  AnswerType type = AnswerType::kName;
  std::string answer;       // canonical
  double tolerance_s = 0;   // kSeconds: |given - answer| <= tolerance_s
  std::string explanation;  // the rule or fact behind the answer
};

// A table the student needs: `host`'s (or NAT's) table as `portlab table`
// prints it at `at`.
struct TableView {
  std::string host;
  SimTime at;
};

struct Question {
  QuestionKind kind = QuestionKind::kLocalPort;
  SimTime time;              // when it happens, for the order of the sheet
  std::string situation;     // what happens, in a sentence or two
  std::optional<TableView> table;
  std::vector<AnswerPart> parts;
};

struct Exercise {
  uint64_t seed = 0;
  std::vector<Question> questions;  // in time order, numbered Q1, Q2, ...
};

// Up to `count` questions over `facts`, chosen by Rng(DeriveSeed(seed,
// "exercise")): the kinds the run offers take turns, each turn a random
// fact of that kind not asked yet; fewer when the run offers fewer.
// REQUIRES: count >= 0.
Exercise BuildExercise(const RunFacts& facts, uint64_t seed, int count);

// A failure time's tolerance: 2 % of it, at least half a millisecond,
// rounded up to two significant digits (137.216 s: 2.8 s).
double SecondsTolerance(double answer_s);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_EXERCISE_H_
