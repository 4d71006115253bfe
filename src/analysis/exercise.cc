// The question builder: candidates of each kind from the facts, a seeded
// turn-taking choice among them, each made into a question with its
// canonical answer and the rule behind it.
#include "portlab/analysis/exercise.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/ordinal.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"

namespace portlab::analysis {

namespace {

std::string At(SimTime t) { return absl::StrCat(FormatSeconds(t), " s"); }

std::string Proto(net::Protocol p) { return std::string(net::ProtocolName(p)); }

// What an errno tells, for the explanation column.
std::string_view ErrnoMeaning(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kMeanings{{
      {"ECONNREFUSED", "the peer answered RST: nothing listens on that port"},
      {"ETIMEDOUT", "nothing answered the SYN or any of its retransmissions"},
      {"EADDRNOTAVAIL", "no usable local port was left for that destination"},
      {"EADDRINUSE", "another socket holds that address and port"},
      {"EHOSTUNREACH", "an ICMP host unreachable came back (or neighbour resolution failed)"},
      {"ENETUNREACH", "the host has no route to that network"},
      {"ECONNRESET", "the peer reset the connection"},
      {"EACCES", "a broadcast without SO_BROADCAST, or a privileged port"},
      {"EPERM", "a firewall rule refused the packet on the way out"},
  }};
  for (const auto& [errno_name, meaning] : kMeanings) {
    if (errno_name == name) return meaning;
  }
  return "the errno the modelled OS returns";
}

std::string_view RuleMeaning(std::string_view rule) {
  if (rule == "exact") {
    return "a socket holds the segment's full 4-tuple (connected, SYN-RECEIVED or TIME-WAIT), the most "
           "specific match, tried first";
  }
  if (rule == "listener-address") {
    return "no socket holds the 4-tuple; a listener (or bound UDP socket) on the destination address "
           "itself and the port takes it";
  }
  if (rule == "listener-wildcard") {
    return "no socket holds the 4-tuple or listens on the address itself; the listener on the wildcard "
           "address (0.0.0.0) and the port takes it";
  }
  if (rule == "none") {
    return "no socket holds the 4-tuple and none listens on the port: TCP answers RST, UDP ICMP port "
           "unreachable";
  }
  if (rule == "filtered") return "the host's firewall drops it before demux (a drop verdict): no socket sees it";
  if (rule == "rejected") return "the host's firewall rejects it before demux (RST or ICMP back): no socket sees it";
  return "the demux rule the host applied";
}

// Strategies that hand out the port after the last one (wrapping): the
// port after a shown one is predictable.
bool CountsUp(std::string_view strategy) {
  return strategy == "sequential" || strategy == "bsd-sequential" || strategy == "ns3" || strategy == "lwip-tcp";
}

// What a scan's evidence means, for the explanation column (nmap's reasons).
std::string_view ReasonMeaning(std::string_view reason) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kMeanings{{
      {"syn-ack", "a SYN|ACK came back (or connect() succeeded): something listens"},
      {"reset", "a RST came back"},
      {"conn-refused", "connect() failed with ECONNREFUSED: a RST came back"},
      {"no-response", "nothing came back to any try"},
      {"udp-response", "a UDP datagram came back: something answers"},
      {"port-unreach", "ICMP port unreachable came back: nothing is bound there"},
      {"admin-prohibited", "ICMP administratively prohibited came back: a firewall rejects"},
      {"host-unreach", "ICMP host unreachable came back"},
  }};
  for (const auto& [name, meaning] : kMeanings) {
    if (name == reason) return meaning;
  }
  return "the answer (or silence) nmap judged by";
}

// A candidate: which fact of which kind.
struct Candidate {
  QuestionKind kind;
  size_t index;
};

class Builder {
 public:
  explicit Builder(const RunFacts& facts) : f_(facts) {}

  std::vector<std::vector<Candidate>> Pools() const;
  Question Make(const Candidate& c) const;

 private:
  Question LocalPort(size_t index) const;
  // The port of the last connect() before connects[index] on its host and
  // protocol that chose one (not bound first); nullopt when none.
  std::optional<int> PreviousPort(size_t index) const;
  // Whether connects[index] continues a counting-up host's sequence.
  bool AfterPrevious(size_t index) const;
  Question Demux(const DemuxFact& d) const;
  Question Firewall(const DemuxFact& d) const;
  Question Scan(const ScanFact& s) const;
  Question NatPort(size_t index) const;
  Question NatCount(size_t change) const;
  Question Failure(const FailureFact& failure, bool first_of_host) const;
  // Distinct times a NAT's mapping count changes: (nat, time), sorted.
  std::vector<std::pair<std::string, SimTime>> NatChanges() const;
  bool NatPortAnswerable(const MappingFact& m) const;
  // Indices into failures of each host's first failure and of the first
  // failure of each other (host, call, errno, destination).
  std::vector<std::pair<size_t, bool>> FailureCandidates() const;

  const RunFacts& f_;
};

std::vector<std::pair<std::string, SimTime>> Builder::NatChanges() const {
  std::vector<std::pair<std::string, SimTime>> changes;
  for (const MappingFact& m : f_.mappings) {
    changes.emplace_back(m.nat, m.created);
    if (m.expired) changes.emplace_back(m.nat, *m.expired);
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  return changes;
}

bool Builder::NatPortAnswerable(const MappingFact& m) const {
  const NatFacts* nat = f_.Nat(m.nat);
  if (nat == nullptr) return false;
  return (nat->port_preservation && m.inside.port == m.outside.port) || nat->sequential;
}

std::vector<std::pair<size_t, bool>> Builder::FailureCandidates() const {
  std::vector<std::pair<size_t, bool>> out;
  std::vector<std::string> hosts_seen;
  std::vector<std::tuple<std::string, std::string, std::string, net::Endpoint>> kinds_seen;
  for (size_t i = 0; i < f_.failures.size(); ++i) {
    const FailureFact& x = f_.failures[i];
    const bool first = std::find(hosts_seen.begin(), hosts_seen.end(), x.host) == hosts_seen.end();
    if (first) hosts_seen.push_back(x.host);
    auto key = std::make_tuple(x.host, x.call, x.errno_name, x.flow.remote);
    const bool new_kind = std::find(kinds_seen.begin(), kinds_seen.end(), key) == kinds_seen.end();
    if (new_kind) kinds_seen.push_back(key);
    if (first || new_kind) out.emplace_back(i, first);
  }
  return out;
}

std::optional<int> Builder::PreviousPort(size_t index) const {
  const ConnectFact& c = f_.connects[index];
  for (size_t i = index; i-- > 0;) {
    const ConnectFact& p = f_.connects[i];
    if (p.host == c.host && p.flow.protocol == c.flow.protocol && !p.bound_before) {
      return p.flow.local.port.value();
    }
  }
  return std::nullopt;
}

bool Builder::AfterPrevious(size_t index) const {
  const ConnectFact& c = f_.connects[index];
  const HostFacts* h = f_.Host(c.host);
  if (h == nullptr || c.bound_before || c.flow.protocol != net::Protocol::kTcp || !CountsUp(h->tcp_strategy)) {
    return false;
  }
  const std::optional<int> previous = PreviousPort(index);
  if (!previous) return false;
  // Only where the rule alone gives the port: nothing the sheet cannot show
  // (a port in use, another allocation between) moved the cursor.
  const int next = *previous >= h->range.hi.value() ? h->range.lo.value() : *previous + 1;
  return c.flow.local.port.value() == next;
}

std::vector<std::vector<Candidate>> Builder::Pools() const {
  std::vector<std::vector<Candidate>> pools(kQuestionKindCount);
  for (size_t i = 0; i < f_.connects.size(); ++i) {
    const ConnectFact& c = f_.connects[i];
    const HostFacts* h = f_.Host(c.host);
    const bool parity = h != nullptr && c.flow.protocol == net::Protocol::kTcp && h->tcp_strategy == "linux";
    if (c.bound_before || parity || AfterPrevious(i)) pools[0].push_back({QuestionKind::kLocalPort, i});
  }
  for (size_t i = 0; i < f_.demuxes.size(); ++i) {
    const DemuxFact& d = f_.demuxes[i];
    if (!d.alone_at_instant || d.time == SimTime()) continue;
    if (d.firewall.empty()) {
      pools[1].push_back({QuestionKind::kDemux, i});
      continue;
    }
    // A retransmission meets the same rule: ask once per flow and decider.
    auto seen = std::find_if(pools[5].begin(), pools[5].end(), [&](const Candidate& c) {
      const DemuxFact& o = f_.demuxes[c.index];
      return o.host == d.host && o.flow == d.flow && o.firewall == d.firewall;
    });
    if (seen == pools[5].end()) pools[5].push_back({QuestionKind::kFirewall, i});
  }
  for (size_t i = 0; i < f_.mappings.size(); ++i) {
    if (NatPortAnswerable(f_.mappings[i])) pools[2].push_back({QuestionKind::kNatPort, i});
  }
  const size_t changes = NatChanges().size();
  for (size_t i = 0; i < changes; ++i) pools[3].push_back({QuestionKind::kNatCount, i});
  const std::vector<std::pair<size_t, bool>> failures = FailureCandidates();
  for (size_t i = 0; i < failures.size(); ++i) pools[4].push_back({QuestionKind::kFailure, i});
  for (size_t i = 0; i < f_.scans.size(); ++i) pools[6].push_back({QuestionKind::kScan, i});
  return pools;
}

Question Builder::Make(const Candidate& c) const {
  switch (c.kind) {
    case QuestionKind::kLocalPort: return LocalPort(c.index);
    case QuestionKind::kDemux: return Demux(f_.demuxes[c.index]);
    case QuestionKind::kFirewall: return Firewall(f_.demuxes[c.index]);
    case QuestionKind::kScan: return Scan(f_.scans[c.index]);
    case QuestionKind::kNatPort: return NatPort(c.index);
    case QuestionKind::kNatCount: return NatCount(c.index);
    case QuestionKind::kFailure: {
      const auto [index, first] = FailureCandidates()[c.index];
      return Failure(f_.failures[index], first);
    }
  }
  return Question();
}

Question Builder::LocalPort(size_t index) const {
  const ConnectFact& c = f_.connects[index];
  Question q;
  q.kind = QuestionKind::kLocalPort;
  q.time = c.time;
  const HostFacts* h = f_.Host(c.host);
  const std::string os = h != nullptr ? h->os : "?";
  q.situation = absl::StrFormat("At %s, %s (OS profile %s) calls connect() over %s to %s", At(c.time), c.host, os,
                                Proto(c.flow.protocol), c.flow.remote.ToString());
  if (c.of > 1) {
    absl::StrAppend(&q.situation, absl::StrFormat(": the %s of the %d connect() calls it makes to that destination "
                                                  "at that instant, in order",
                                                  Ordinal(c.ordinal), c.of));
  }
  absl::StrAppend(&q.situation, ".");
  AnswerPart p;
  const int port = c.flow.local.port.value();
  if (c.bound_before) {
    p.prompt = "Which local port does the connection use? (an integer)";
    p.type = AnswerType::kInteger;
    p.answer = absl::StrCat(port);
    p.explanation = absl::StrFormat(
        "The socket was bound to %s before connect(): a bound socket keeps its port, connect() picks no "
        "ephemeral port.",
        c.flow.local.ToString());
  } else if (AfterPrevious(index)) {
    const int previous = *PreviousPort(index);
    absl::StrAppend(&q.situation, absl::StrFormat(" The connect() before it on %s over %s got local port %d.",
                                                  c.host, Proto(c.flow.protocol), previous));
    p.prompt = "Which local port does this one get? (an integer)";
    p.type = AnswerType::kInteger;
    p.answer = absl::StrCat(port);
    p.explanation = absl::StrFormat(
        "%s's %s strategy counts up through %s from the last port it handed out (wrapping at the end): "
        "after %d comes %d.",
        c.host, h->tcp_strategy, h->range.ToString(), previous, port);
  } else {
    p.prompt = "Is its local port even or odd? (even or odd)";
    p.type = AnswerType::kName;
    p.answer = port % 2 == 0 ? "even" : "odd";
    p.explanation = absl::StrFormat(
        "It got port %d (%s). Linux 6.x's connect() (__inet_hash_connect, net/ipv4/inet_hashtables.c) "
        "searches the even ports of ip_local_port_range (%s here) first and takes an odd one only when no "
        "even port is usable toward that destination; bind(0) prefers the odd half.",
        port, p.answer, h != nullptr ? h->range.ToString() : "?");
  }
  q.parts.push_back(std::move(p));
  return q;
}

// A question about the segment of `d` arriving at its host; `shown` says
// what the sheet shows of the host as it was just before (its table).
Question Arrival(QuestionKind kind, const DemuxFact& d, std::string_view shown) {
  Question q;
  q.kind = kind;
  q.time = d.time;
  q.situation = absl::StrFormat(
      "At %s, this %s segment arrives at %s: %s, source %s, destination %s. %s", At(d.time),
      Proto(d.flow.protocol), d.host, d.what, d.flow.remote.ToString(), d.flow.local.ToString(), shown);
  q.table = TableView{d.host, SimTime::FromNanos(d.time.nanos() - 1)};
  return q;
}

Question Builder::Demux(const DemuxFact& d) const {
  Question q = Arrival(QuestionKind::kDemux, d, "Its table just before is shown below.");
  AnswerPart rule;
  rule.prompt =
      "By which demux rule? (exact, listener-address, listener-wildcard, none, filtered or rejected)";
  rule.type = AnswerType::kName;
  rule.answer = d.rule;
  rule.explanation = std::string(RuleMeaning(d.rule));
  rule.explanation[0] = absl::ascii_toupper(static_cast<unsigned char>(rule.explanation[0]));
  rule.explanation += ".";
  AnswerPart socket;
  socket.prompt =
      "Which socket receives it? (its row's Local Address:Port, followed for a connected socket by its Peer "
      "Address:Port, as the table prints them; or none)";
  socket.type = AnswerType::kName;
  if (d.rule == "exact") {
    // The full 4-tuple names the row: local and peer.
    socket.answer = absl::StrCat(d.flow.local.ToString(), " ", d.flow.remote.ToString());
    socket.explanation = absl::StrFormat("The row %s with peer %s: the segment's own 4-tuple (rule exact).",
                                         d.flow.local.ToString(), d.flow.remote.ToString());
  } else if (d.has_socket) {
    socket.answer = d.matched_local.ToString();
    socket.explanation =
        absl::StrFormat("The socket bound to %s (rule %s).", d.matched_local.ToString(), d.rule);
  } else {
    socket.answer = "none";
    socket.explanation = absl::StrFormat("No socket receives it (rule %s).", d.rule);
  }
  q.parts.push_back(std::move(rule));
  q.parts.push_back(std::move(socket));
  return q;
}

Question Builder::Firewall(const DemuxFact& d) const {
  Question q = Arrival(QuestionKind::kFirewall, d, "Its table and rule set just before are shown below.");
  const bool policy = d.firewall.starts_with("policy");
  const std::string decider = policy ? "policy" : d.firewall.substr(0, d.firewall.find(','));
  AnswerPart rule;
  rule.prompt =
      "Which part of the input chain decides? (rule N for the chain's Nth rule as the rule set lists it, "
      "or policy)";
  rule.type = AnswerType::kName;
  rule.answer = decider;
  rule.explanation = policy
                         ? "No rule of the input chain matches, so the chain's policy decides (nft_do_chain)."
                         : absl::StrFormat("The chain's rules are tried in order and the first that matches "
                                           "with a verdict decides (nft_do_chain): %s.",
                                           decider);
  AnswerPart fate;
  fate.prompt = "What becomes of the segment? (filtered: dropped silently, or rejected: answered)";
  fate.type = AnswerType::kName;
  fate.answer = d.rule;
  fate.explanation = absl::StrCat(d.rule == "filtered" ? "Its verdict is drop: " : "Its verdict is reject: ",
                                  AV(RuleMeaning(d.rule)), " (trace: ", d.rule, " (", d.firewall, ")).");
  q.parts.push_back(std::move(rule));
  q.parts.push_back(std::move(fate));
  return q;
}

Question Builder::Scan(const ScanFact& x) const {
  Question q;
  q.kind = QuestionKind::kScan;
  q.time = x.at;
  q.situation = absl::StrFormat("At %s, %s starts an nmap %s scan of %s (step %d); one of the ports it probes is %d/%s.",
                                At(x.at), x.scanner, x.type, x.target, x.step, x.port, x.protocol);
  AnswerPart p;
  p.prompt = absl::StrFormat(
      "Which state does the scan report for %d/%s? (open, closed, filtered, unfiltered or open|filtered)", x.port,
      x.protocol);
  p.type = AnswerType::kName;
  p.answer = x.state;
  p.explanation = absl::StrFormat("Reason %s: %s; an nmap %s scan reads that as %s.", x.reason,
                                  AV(ReasonMeaning(x.reason)), x.type, x.state);
  q.parts.push_back(std::move(p));
  return q;
}

Question Builder::NatPort(size_t index) const {
  const MappingFact& m = f_.mappings[index];
  const NatFacts& nat = *f_.Nat(m.nat);
  Question q;
  q.kind = QuestionKind::kNatPort;
  q.time = m.created;
  q.situation = absl::StrFormat(
      "At %s, the first %s segment from %s leaves through NAT %s, which creates a mapping for it.", At(m.created),
      Proto(m.protocol), m.inside.ToString(), m.nat);
  AnswerPart p;
  p.prompt = absl::StrFormat("At %s, which outside port does %s's table hold for %s? (an integer)", At(m.created),
                             m.nat, m.inside.ToString());
  p.type = AnswerType::kInteger;
  p.answer = absl::StrCat(m.outside.port.value());
  if (nat.port_preservation && m.inside.port == m.outside.port) {
    p.explanation = absl::StrFormat(
        "%s preserves ports (port_preservation, RFC 4787 section 4.2.1: keep the inside port when it is free) and "
        "%d was free on %s: %s = %s.",
        m.nat, m.inside.port.value(), m.outside.address.ToString(), m.inside.ToString(), m.outside.ToString());
  } else {
    int earlier = 0;
    for (size_t i = 0; i < index; ++i) {
      const MappingFact& o = f_.mappings[i];
      if (o.nat == m.nat && o.outside.address == m.outside.address && o.protocol == m.protocol) ++earlier;
    }
    p.explanation = absl::StrFormat(
        "%s hands out outside ports in turn from %d (port_selection: sequential, no port preservation); "
        "%d %s mapping%s on %s came before this one: %s = %s.",
        m.nat, nat.port_lo, earlier, Proto(m.protocol), earlier == 1 ? "" : "s", m.outside.address.ToString(),
        m.inside.ToString(), m.outside.ToString());
  }
  q.parts.push_back(std::move(p));
  return q;
}

Question Builder::NatCount(size_t change) const {
  const std::vector<std::pair<std::string, SimTime>> changes = NatChanges();
  const auto& [nat, from] = changes[change];
  // Ask halfway to the NAT's next change (or 1 s after its last): a time
  // with no event at it, so "at t" is never ambiguous.
  SimTime next = from + Duration::Seconds(2);
  for (size_t i = change + 1; i < changes.size(); ++i) {
    if (changes[i].first == nat) {
      next = changes[i].second;
      break;
    }
  }
  const SimTime t = from + Duration::Nanos((next - from).nanos() / 2);
  int created = 0, expired = 0;
  for (const MappingFact& m : f_.mappings) {
    if (m.nat != nat) continue;
    if (m.created <= t) ++created;
    if (m.expired && *m.expired <= t) ++expired;
  }
  Question q;
  q.kind = QuestionKind::kNatCount;
  q.time = t;
  q.situation = absl::StrFormat("NAT %s's table at %s.", nat, At(t));
  AnswerPart p;
  p.prompt = absl::StrFormat("How many mappings does %s hold at %s? (an integer)", nat, At(t));
  p.type = AnswerType::kInteger;
  p.answer = absl::StrCat(created - expired);
  p.explanation = absl::StrFormat(
      "By %s, %s created %d mapping%s and %d expired (each lives until its protocol's timer ends after "
      "its last packet): %d held.",
      At(t), nat, created, created == 1 ? "" : "s", expired, created - expired);
  q.parts.push_back(std::move(p));
  return q;
}

Question Builder::Failure(const FailureFact& x, bool first_of_host) const {
  Question q;
  q.kind = QuestionKind::kFailure;
  q.time = x.started.value_or(x.time);
  const std::string target =
      x.flow.remote.port.is_zero() ? std::string() : absl::StrCat(" to ", x.flow.remote.ToString());
  const std::string call = absl::StrFormat("%s() over %s%s", x.call, Proto(x.flow.protocol), target);
  const double seconds = static_cast<double>(x.time.since_start().nanos()) / 1e9;
  if (first_of_host) {
    q.situation = absl::StrFormat("Follow %s through the scenario.", x.host);
  } else {
    q.situation = absl::StrFormat("At %s, %s calls %s.", At(q.time), x.host, call);
  }
  AnswerPart e;
  e.prompt = first_of_host ? absl::StrFormat("Which errno does %s's first failing call return? (its name, "
                                             "e.g. EINVAL)",
                                             x.host)
                           : "Which errno does this call end with? (its name, e.g. EINVAL)";
  e.type = AnswerType::kName;
  e.answer = x.errno_name;
  e.explanation = absl::StrFormat("%s's %s%s fails with %s: %s.", x.host, call,
                                  x.started ? absl::StrCat(" (called at ", At(*x.started), ")") : "", x.errno_name,
                                  ErrnoMeaning(x.errno_name));
  AnswerPart t;
  t.type = AnswerType::kSeconds;
  t.tolerance_s = SecondsTolerance(seconds);
  t.prompt = absl::StrFormat("When does it%s fail? (seconds since the start; within %s s)",
                             first_of_host ? " first" : "", absl::StrFormat("%g", t.tolerance_s));
  t.answer = FormatSeconds(x.time);
  t.explanation = absl::StrFormat("The failure is reported at %s%s.", At(x.time),
                                  x.started ? absl::StrCat(", ", FormatSeconds(SimTime() + (x.time - *x.started)),
                                                           " s after the call")
                                            : " (the call fails at once)");
  q.parts.push_back(std::move(e));
  q.parts.push_back(std::move(t));
  return q;
}

}  // namespace

std::string_view QuestionKindName(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::kLocalPort: return "local-port";
    case QuestionKind::kDemux: return "demux";
    case QuestionKind::kNatPort: return "nat-port";
    case QuestionKind::kNatCount: return "nat-count";
    case QuestionKind::kFailure: return "failure";
    case QuestionKind::kFirewall: return "firewall";
    case QuestionKind::kScan: return "scan";
  }
  return "?";
}

std::string_view AnswerTypeName(AnswerType type) {
  switch (type) {
    case AnswerType::kInteger: return "integer";
    case AnswerType::kName: return "name";
    case AnswerType::kSeconds: return "seconds";
  }
  return "?";
}

std::optional<AnswerType> ParseAnswerType(std::string_view text) {
  for (AnswerType t : {AnswerType::kInteger, AnswerType::kName, AnswerType::kSeconds}) {
    if (AnswerTypeName(t) == text) return t;
  }
  return std::nullopt;
}

double SecondsTolerance(double answer_s) {
  const double t = std::max(0.0005, 0.02 * std::fabs(answer_s));
  // Rounded up to two significant digits, so the sheet can print it whole.
  const double unit = std::pow(10.0, std::floor(std::log10(t)) - 1);
  return std::ceil(t / unit - 1e-9) * unit;
}

Exercise BuildExercise(const RunFacts& facts, uint64_t seed, int count) {
  Builder builder(facts);
  std::vector<std::vector<Candidate>> pools = builder.Pools();
  Rng rng(DeriveSeed(seed, "exercise"));
  // Demux candidates are drawn rule first, so a run of thousands of exact
  // matches still asks about its one listener or its one RST.
  std::map<std::string, std::vector<Candidate>> by_rule;
  for (const Candidate& c : pools[1]) by_rule[facts.demuxes[c.index].rule].push_back(c);

  Exercise exercise;
  exercise.seed = seed;
  std::vector<Candidate> chosen;
  std::vector<int> active;
  for (int k = 0; k < kQuestionKindCount; ++k) {
    if (!pools[k].empty()) active.push_back(k);
  }
  size_t turn = 0;
  while (static_cast<int>(chosen.size()) < count && !active.empty()) {
    const size_t slot = turn % active.size();
    const int k = active[slot];
    std::vector<Candidate>* pool = &pools[k];
    if (k == 1) {
      std::vector<std::vector<Candidate>*> rules;
      for (auto& [rule, list] : by_rule) {
        if (!list.empty()) rules.push_back(&list);
      }
      if (!rules.empty()) pool = rules[rng.Below(static_cast<uint32_t>(rules.size()))];
      else pools[k].clear();
    }
    if (pool->empty()) {
      active.erase(active.begin() + static_cast<long>(slot));
      continue;
    }
    const size_t pick = rng.Below(static_cast<uint32_t>(pool->size()));
    chosen.push_back((*pool)[pick]);
    (*pool)[pick] = pool->back();
    pool->pop_back();
    ++turn;
  }
  for (const Candidate& c : chosen) exercise.questions.push_back(builder.Make(c));
  std::stable_sort(exercise.questions.begin(), exercise.questions.end(),
                   [](const Question& a, const Question& b) { return a.time < b.time; });
  for (size_t i = 0; i < exercise.questions.size(); ++i) {
    Question& q = exercise.questions[i];
    const std::string id = absl::StrCat("Q", i + 1);
    for (size_t j = 0; j < q.parts.size(); ++j) {
      q.parts[j].id = q.parts.size() == 1 ? id : absl::StrCat(id, std::string(1, static_cast<char>('a' + j)));
    }
  }
  return exercise;
}

}  // namespace portlab::analysis
