// The exercise builder (analysis/exercise.h) over facts a FactRecorder
// (analysis/run_facts.h) took from hand-made events: each kind's answer and
// its canonical form, what makes a fact unaskable, and the seeded choice.
#include "portlab/analysis/exercise.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "portlab/analysis/run_facts.h"

namespace portlab::analysis {
namespace {

net::Endpoint ExEp(const char* text) { return net::Endpoint::Parse(text).value(); }

SimTime ExMs(int64_t ms) { return SimTime() + Duration::Millis(ms); }

trace::TraceEvent ExEvent(int64_t ms, trace::TraceKind kind, std::string_view host, const char* local,
                        const char* remote, std::string_view what, std::string_view result) {
  trace::TraceEvent e;
  e.time = ExMs(ms);
  e.kind = kind;
  e.host = host;
  e.socket = 0;
  e.flow.local = ExEp(local);
  e.flow.remote = ExEp(remote);
  e.what = what;
  e.result = result;
  return e;
}

// A client behind a NAT connects twice (once bound, once not), a server
// demuxes a SYN to its listener, a firewall drops a SYN twice, a connect
// is refused.
RunFacts ExSampleFacts() {
  FactRecorder r;
  using K = trace::TraceKind;
  r.OnEvent(ExEvent(1000, K::kCall, "client", "192.168.1.10:5000", "0.0.0.0:0", "bind", "ok"));
  r.OnEvent(ExEvent(1000, K::kCall, "client", "192.168.1.10:5000", "10.0.0.2:80", "connect", "in progress"));
  r.OnEvent(ExEvent(1000, K::kNatMappingCreated, "home", "192.168.1.10:5000", "203.0.113.1:61234", "mapping",
                  "created"));
  trace::TraceEvent syn = ExEvent(1001, K::kSegmentReceived, "server", "10.0.0.2:80", "203.0.113.1:61234", "SYN",
                                "listener-wildcard");
  syn.matched_socket = 0;
  syn.matched_local = ExEp("0.0.0.0:80");
  r.OnEvent(syn);
  trace::TraceEvent second = ExEvent(2000, K::kCall, "client", "192.168.1.10:40001", "10.0.0.2:443", "connect",
                                   "in progress");
  second.socket = 1;
  r.OnEvent(second);
  r.OnEvent(ExEvent(2001, K::kSegmentReceived, "server", "10.0.0.2:443", "203.0.113.1:61235", "SYN",
                  "filtered (rule 2)"));
  r.OnEvent(ExEvent(3001, K::kSegmentReceived, "server", "10.0.0.2:443", "203.0.113.1:61235", "SYN",
                  "filtered (rule 2)"));
  trace::TraceEvent refused = ExEvent(4002, K::kCallCompleted, "client", "192.168.1.10:5000", "10.0.0.2:80",
                                    "connect", "ECONNREFUSED");
  r.OnEvent(refused);
  r.OnEvent(ExEvent(60000, K::kNatMappingExpired, "home", "192.168.1.10:5000", "203.0.113.1:61234", "mapping",
                  "expired"));
  RunFacts f = std::move(r).Take();
  f.scenario_name = "sample";
  f.latency = Duration::Millis(1);
  HostFacts client{"client", "linux", "Linux", net::PortRange{net::Port(40000), net::Port(40063)}, "linux", false};
  HostFacts server{"server", "linux", "Linux", net::PortRange{net::Port(32768), net::Port(60999)}, "linux", true};
  f.hosts = {client, server};
  f.nats = {NatFacts{"home", "rfc-recommended", false, true, 61234, 65535}};
  f.scans = {ScanFact{ExMs(5000), 3, "client", "10.0.0.2", "syn", "tcp", 25, "filtered", "no-response"}};
  return f;
}

// Every question of every kind the sample offers (more than it has).
std::vector<Question> ExAllQuestions(uint64_t seed = 1) { return BuildExercise(ExSampleFacts(), seed, 100).questions; }

const Question* ExFindKind(const std::vector<Question>& qs, QuestionKind kind, size_t skip = 0) {
  for (const Question& q : qs) {
    if (q.kind == kind && skip-- == 0) return &q;
  }
  return nullptr;
}

TEST_CASE("the recorder keeps each fact with the detail a question needs", "[analysis][exercise]") {
  const RunFacts f = ExSampleFacts();
  REQUIRE(f.connects.size() == 2);
  CHECK(f.connects[0].bound_before);
  CHECK_FALSE(f.connects[1].bound_before);
  REQUIRE(f.demuxes.size() == 3);
  CHECK(f.demuxes[1].rule == "filtered");
  CHECK(f.demuxes[1].firewall == "rule 2");
  REQUIRE(f.mappings.size() == 1);
  CHECK(f.mappings[0].expired == ExMs(60000));
  REQUIRE(f.failures.size() == 1);
  CHECK(f.failures[0].errno_name == "ECONNREFUSED");
  CHECK(f.failures[0].started == ExMs(1000));
}

TEST_CASE("each kind's answer is the run's fact in its canonical form", "[analysis][exercise]") {
  const std::vector<Question> qs = ExAllQuestions();
  struct Case {
    QuestionKind kind;
    size_t nth;
    std::vector<std::string> answers;
  } cases[] = {
      {QuestionKind::kLocalPort, 0, {"5000"}},               // bound first: the port itself
      {QuestionKind::kLocalPort, 1, {"odd"}},                // linux, not bound: the parity
      {QuestionKind::kNatPort, 0, {"61234"}},                // sequential NAT
      {QuestionKind::kDemux, 0, {"listener-wildcard", "0.0.0.0:80"}},
      {QuestionKind::kFirewall, 0, {"rule 2", "filtered"}},  // asked once for two SYNs
      {QuestionKind::kFailure, 0, {"ECONNREFUSED", "4.002"}},
      {QuestionKind::kScan, 0, {"filtered"}},
  };
  for (const Case& c : cases) {
    INFO(QuestionKindName(c.kind) << " #" << c.nth);
    const Question* q = ExFindKind(qs, c.kind, c.nth);
    REQUIRE(q != nullptr);
    std::vector<std::string> answers;
    for (const AnswerPart& p : q->parts) answers.push_back(p.answer);
    CHECK(answers == c.answers);
    for (const AnswerPart& p : q->parts) CHECK_FALSE(p.explanation.empty());
  }
  CHECK(ExFindKind(qs, QuestionKind::kFirewall, 1) == nullptr);
  const Question* demux = ExFindKind(qs, QuestionKind::kDemux, 0);
  REQUIRE(demux->table.has_value());
  CHECK(demux->table->host == "server");
  CHECK(demux->table->at == SimTime::FromNanos(ExMs(1001).nanos() - 1));  // just before
}

TEST_CASE("a counting-up allocator's port is asked after the previous one, only where the rule gives it",
          "[analysis][exercise]") {
  FactRecorder r;
  using K = trace::TraceKind;
  const char* ports[] = {"10.0.0.1:49152", "10.0.0.1:49153", "10.0.0.1:49160", "10.0.0.1:49161"};
  for (int i = 0; i < 4; ++i) {
    trace::TraceEvent e = ExEvent(1000 * (i + 1), K::kCall, "mac", ports[i], "10.0.0.2:80", "connect", "in progress");
    e.socket = i;
    r.OnEvent(e);
  }
  RunFacts f = std::move(r).Take();
  f.hosts = {HostFacts{"mac", "macos", "macOS", net::PortRange{net::Port(49152), net::Port(65535)},
                       "bsd-sequential", false}};
  std::vector<std::string> asked;
  for (const Question& q : BuildExercise(f, 1, 100).questions) {
    asked.push_back(q.parts[0].answer);
    CHECK(q.situation.find("got local port " + std::to_string(std::stoi(q.parts[0].answer) - 1)) !=
          std::string::npos);
  }
  // 49153 follows 49152 and 49161 follows 49160; 49160 does not follow
  // 49153 (something the sheet cannot show took the ports between), and
  // the first has no previous port.
  CHECK(asked == std::vector<std::string>{"49153", "49161"});
  f.hosts[0].tcp_strategy = "random";
  CHECK(BuildExercise(f, 1, 100).questions.empty());
}

TEST_CASE("the NAT count is asked between changes, never at one", "[analysis][exercise]") {
  const std::vector<Question> qs = ExAllQuestions();
  std::vector<std::pair<int64_t, std::string>> counts;
  for (const Question& q : qs) {
    if (q.kind == QuestionKind::kNatCount) counts.emplace_back(q.time.nanos(), q.parts[0].answer);
  }
  // Created at 1 s, expired at 60 s: asked at 30.5 s (1) and 61 s (0).
  CHECK(counts == std::vector<std::pair<int64_t, std::string>>{{ExMs(30500).nanos(), "1"}, {ExMs(61000).nanos(), "0"}});
}

TEST_CASE("a NAT port the sheet cannot predict is not asked", "[analysis][exercise]") {
  RunFacts f = ExSampleFacts();
  f.nats[0].sequential = false;  // random, and 5000 was not preserved
  for (const Question& q : BuildExercise(f, 1, 100).questions) CHECK(q.kind != QuestionKind::kNatPort);
  f.nats[0].port_preservation = true;
  f.mappings[0].outside.port = net::Port(5000);  // preserved: answerable
  CHECK(ExFindKind(BuildExercise(f, 1, 100).questions, QuestionKind::kNatPort) != nullptr);
}

TEST_CASE("questions are numbered in time order, two-part ones a and b", "[analysis][exercise]") {
  const std::vector<Question> qs = ExAllQuestions();
  for (size_t i = 1; i < qs.size(); ++i) CHECK(qs[i - 1].time <= qs[i].time);
  CHECK(qs[0].parts[0].id == "Q1");
  const Question* failure = ExFindKind(qs, QuestionKind::kFailure);
  REQUIRE(failure->parts.size() == 2);
  CHECK(failure->parts[0].id.back() == 'a');
  CHECK(failure->parts[1].id.back() == 'b');
  CHECK(failure->parts[1].type == AnswerType::kSeconds);
  CHECK(failure->parts[1].tolerance_s == Approx(0.081));  // 2 % of 4.002 s, two digits up
}

TEST_CASE("the same seed gives the same questions, another seed another choice of the same kinds",
          "[analysis][exercise]") {
  auto ids = [](const Exercise& e) {
    std::vector<std::string> out;
    for (const Question& q : e.questions) {
      for (const AnswerPart& p : q.parts) out.push_back(p.id + "=" + p.answer + "@" + FormatSeconds(q.time));
    }
    return out;
  };
  auto kinds = [](const Exercise& e) {
    std::multiset<int> out;
    for (const Question& q : e.questions) out.insert(static_cast<int>(q.kind));
    return out;
  };
  const RunFacts f = ExSampleFacts();
  CHECK(ids(BuildExercise(f, 7, 4)) == ids(BuildExercise(f, 7, 4)));
  // Four questions take one of each of the first four kinds on offer,
  // whatever the seed; which local port, NAT count... differs.
  bool differs = false;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    CHECK(kinds(BuildExercise(f, seed, 4)) == kinds(BuildExercise(f, 1, 4)));
    differs |= ids(BuildExercise(f, seed, 4)) != ids(BuildExercise(f, 1, 4));
  }
  CHECK(differs);
  CHECK(BuildExercise(f, 1, 4).questions.size() == 4);
  CHECK(BuildExercise(f, 1, 0).questions.empty());
}

TEST_CASE("failure times are graded within 2 percent, at least half a millisecond", "[analysis][exercise]") {
  CHECK(SecondsTolerance(0.002) == Approx(0.0005));
  CHECK(SecondsTolerance(1) == Approx(0.02));
  CHECK(SecondsTolerance(137.216) == Approx(2.8));
}

}  // namespace
}  // namespace portlab::analysis
