#include "portlab/report/socket_filter.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/service_names.h"

namespace portlab::report {

// A HOST or PORT condition (iproute2's struct aafilter): a prefix to match
// the address against (bits 0: any) and a port (-1: any).
struct HostCond {
  net::IpAddress prefix;
  int bits = 0;
  int port = -1;
};

struct SocketFilter::Node {
  enum class Kind { kAnd, kOr, kNot, kDst, kSrc, kDportGe, kDportLe, kSportGe, kSportLe };
  Kind kind;
  std::unique_ptr<Node> left;   // kAnd, kOr, kNot
  std::unique_ptr<Node> right;  // kAnd, kOr
  HostCond cond;                // the rest
};

namespace {

using Node = SocketFilter::Node;
using Kind = SocketFilter::Node::Kind;

constexpr uint32_t Bit(SsState s) { return uint32_t{1} << static_cast<int>(s); }
constexpr uint32_t kAllStates = (uint32_t{1} << kSsStateCount) - 1;

// A whole decimal number (absl::SimpleAtoi takes no std::string_view with
// Debian's Abseil).
bool ParseInt(std::string_view text, int* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return !text.empty() && ec == std::errc() && ptr == end;
}

absl::Status Refuse(std::string_view word, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("filter: \"", std::string(word), "\": ", std::string(why)));
}

// misc/ss.c scan_state: a state or a group of states by its ss name.
std::optional<uint32_t> ScanState(std::string_view word) {
  const std::string w = absl::AsciiStrToLower(std::string(word));
  struct Name {
    const char* name;
    uint32_t states;
  };
  static constexpr uint32_t kConnected = kAllStates & ~(Bit(SsState::kClose) | Bit(SsState::kListen));
  static constexpr uint32_t kBucket = Bit(SsState::kSynRecv) | Bit(SsState::kTimeWait);
  static constexpr Name kNames[] = {
      {"established", Bit(SsState::kEstablished)},
      {"syn-sent", Bit(SsState::kSynSent)},
      {"syn-recv", Bit(SsState::kSynRecv)},
      {"syn-rcv", Bit(SsState::kSynRecv)},
      {"fin-wait-1", Bit(SsState::kFinWait1)},
      {"fin-wait-2", Bit(SsState::kFinWait2)},
      {"time-wait", Bit(SsState::kTimeWait)},
      {"closed", Bit(SsState::kClose)},
      {"close", Bit(SsState::kClose)},
      {"unconnected", Bit(SsState::kClose)},
      {"close-wait", Bit(SsState::kCloseWait)},
      {"last-ack", Bit(SsState::kLastAck)},
      {"listening", Bit(SsState::kListen)},
      {"closing", Bit(SsState::kClosing)},
      {"all", kAllStates},
      {"connected", kConnected},
      {"synchronized", kConnected & ~Bit(SsState::kSynSent)},
      {"bucket", kBucket},
      {"big", kAllStates & ~kBucket},
  };
  for (const Name& n : kNames) {
    if (w == n.name) return n.states;
  }
  return std::nullopt;
}

// The port a service name stands for in IANA's registry, over TCP and UDP
// (ss asks getservbyname for both); nullopt when none has it, or -1 when
// the two protocols give it different ports.
std::optional<int> PortOfService(std::string_view name) {
  std::array<int, net::kProtocolCount> found = {-1, -1};
  for (int p = 0; p < net::kProtocolCount; ++p) {
    for (uint32_t port = 0; port <= 65535 && found[p] < 0; ++port) {
      if (net::ServiceName(net::Port(static_cast<uint16_t>(port)), static_cast<net::Protocol>(p)) ==
          name) {
        found[p] = static_cast<int>(port);
      }
    }
  }
  if (found[0] < 0 && found[1] < 0) return std::nullopt;
  if (found[0] >= 0 && found[1] >= 0 && found[0] != found[1]) return -1;
  return found[0] >= 0 ? found[0] : found[1];
}

// PORT after the optional ':' (parse_hostcond): a number, a service name,
// or "*" (any, -1), or "" (any).
absl::StatusOr<int> ParsePort(std::string_view text, std::string_view word) {
  if (text.empty() || text == "*") return -1;
  int value = 0;
  if (ParseInt(text, &value)) {
    if (value < 0 || value > 65535) return Refuse(word, "a port is 0 to 65535");
    return value;
  }
  std::optional<int> named = PortOfService(text);
  if (!named) {
    return Refuse(word, absl::StrCat("\"", std::string(text), "\" does not look like a port"));
  }
  if (*named < 0) return Refuse(word, "ambiguous port: its TCP and UDP ports differ");
  return *named;
}

// HOST of dst/src (parse_hostcond with is_port false).
absl::StatusOr<HostCond> ParseHost(std::string_view word) {
  for (std::string_view family : {"unix:", "link:", "netlink:", "vsock:", "inet:", "inet6:"}) {
    if (word.substr(0, family.size()) == family) {
      return Refuse(word, "portlab has only TCP and UDP sockets; write the address alone");
    }
  }
  HostCond c;
  std::string_view addr = word;
  std::string_view port;
  if (!word.empty() && word[0] == '[') {
    // "[2001:db8::1]:80", "[2001:db8::/32]": a prefix goes inside the brackets.
    const size_t close = word.find(']');
    if (close == std::string_view::npos) return Refuse(word, "no ']' after an IPv6 address");
    addr = word.substr(1, close - 1);
    std::string_view rest = word.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return Refuse(word, "expected ':PORT' after ']'");
    port = rest.empty() ? rest : rest.substr(1);
  } else if (!word.empty() && word[0] == '*') {
    addr = {};
    if (word.size() > 1 && word[1] != ':') return Refuse(word, "expected '*' or '*:PORT'");
    port = word.size() > 1 ? word.substr(2) : std::string_view();
  } else if (absl::StatusOr<net::IpAddress> bare = net::IpAddress::Parse(word.substr(0, word.find('/')));
             bare.ok() && bare->is_v6()) {
    // A bare IPv6 address (or prefix) has no port: ss would take its last
    // group for one, so brackets are needed for a port.
    addr = word;
  } else {
    // The port follows the last ':' after any '/' (ss: strrchr(strchr(addr, '/') ?: addr, ':')).
    const size_t slash = word.find('/');
    const size_t colon = word.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
      addr = word.substr(0, colon);
      port = word.substr(colon + 1);
    }
  }
  absl::StatusOr<int> p = ParsePort(port, word);
  if (!p.ok()) return p.status();
  c.port = *p;
  if (addr.empty() || addr == "*") {
    c.bits = 0;
    return c;
  }
  bool bits_given = false;
  int bits = 0;
  if (const size_t slash = addr.find('/'); slash != std::string_view::npos) {
    if (!ParseInt(addr.substr(slash + 1), &bits)) return Refuse(word, "a prefix length is a number");
    bits_given = true;
    addr = addr.substr(0, slash);
  }
  absl::StatusOr<net::IpAddress> a = net::IpAddress::Parse(addr);
  if (!a.ok()) {
    return Refuse(word, "an address or prefix is expected (portlab resolves no host names)");
  }
  const int max_bits = a->is_v4() ? 32 : 128;
  if (!bits_given) bits = max_bits;
  if (bits < 0 || bits > max_bits) {
    return Refuse(word, absl::StrCat("a prefix length is 0 to ", max_bits));
  }
  c.prefix = *a;
  c.bits = bits;
  return c;
}

// The first `bits` bits of `a` and `p` agree (iproute2 inet_addr_match).
// An IPv4 prefix also matches the IPv4-mapped IPv6 addresses it covers
// (inet2_addr_match: "v4 mapped socket matches pure IPv4 rule").
bool PrefixMatches(const net::IpAddress& address, const HostCond& c) {
  if (c.bits == 0) return true;
  net::IpAddress a = address;
  if (c.prefix.is_v4() && a.is_v6()) {
    std::optional<net::IpAddress> mapped = a.MappedV4();
    if (!mapped) return false;
    a = *mapped;
  }
  if (a.family() != c.prefix.family()) return false;
  if (a.is_v4()) {
    const uint32_t mask = net::IpAddress::V4Netmask(c.bits);
    return (a.v4() & mask) == (c.prefix.v4() & mask);
  }
  const std::array<uint8_t, 16>& x = a.bytes();
  const std::array<uint8_t, 16>& y = c.prefix.bytes();
  const int whole = c.bits / 8;
  if (std::memcmp(x.data(), y.data(), static_cast<size_t>(whole)) != 0) return false;
  const int rest = c.bits % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (x[whole] & mask) == (y[whole] & mask);
}

bool EndpointMatches(const net::Endpoint& e, const HostCond& c) {
  if (c.port >= 0 && c.port != e.port.value()) return false;
  return PrefixMatches(e.address, c);
}

net::Endpoint PeerOf(const TableRow& row) {
  if (row.socket.remote) return *row.socket.remote;
  return net::Endpoint{row.v6 ? net::IpAddress::AnyV6() : net::IpAddress::AnyV4(), net::Port(0)};
}

bool Evaluate(const Node& n, const TableRow& row) {
  switch (n.kind) {
    case Kind::kAnd: return Evaluate(*n.left, row) && Evaluate(*n.right, row);
    case Kind::kOr: return Evaluate(*n.left, row) || Evaluate(*n.right, row);
    case Kind::kNot: return !Evaluate(*n.left, row);
    case Kind::kDst: return EndpointMatches(PeerOf(row), n.cond);
    case Kind::kSrc: return EndpointMatches(row.socket.local, n.cond);
    case Kind::kDportGe: return PeerOf(row).port.value() >= n.cond.port;
    case Kind::kDportLe: return PeerOf(row).port.value() <= n.cond.port;
    case Kind::kSportGe: return row.socket.local.port.value() >= n.cond.port;
    case Kind::kSportLe: return row.socket.local.port.value() <= n.cond.port;
  }
  return false;
}

std::unique_ptr<Node> Make(Kind kind, std::unique_ptr<Node> left = nullptr,
                           std::unique_ptr<Node> right = nullptr) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  n->left = std::move(left);
  n->right = std::move(right);
  return n;
}

// The expression's words, parsed as misc/ssfilter.y's grammar parses them.
class Parser {
 public:
  explicit Parser(std::vector<std::string_view> words) : words_(std::move(words)) {}

  absl::StatusOr<std::unique_ptr<Node>> Expression() {
    absl::StatusOr<std::unique_ptr<Node>> e = List();
    if (!e.ok()) return e.status();
    if (!AtEnd()) return Refuse(Peek(), "unmatched ')'");
    return e;
  }

 private:
  bool AtEnd() const { return next_ >= words_.size(); }
  std::string_view Peek() const { return AtEnd() ? std::string_view() : words_[next_]; }
  std::string_view Take() { return words_[next_++]; }
  static bool IsAnd(std::string_view w) { return w == "and" || w == "&" || w == "&&"; }
  static bool IsOr(std::string_view w) { return w == "or" || w == "|" || w == "||"; }
  static bool IsEq(std::string_view w) { return w == "=" || w == "==" || w == "eq"; }

  // exprlist: terms joined by and, or, or nothing (and), left to right.
  absl::StatusOr<std::unique_ptr<Node>> List() {
    absl::StatusOr<std::unique_ptr<Node>> left = Term();
    if (!left.ok()) return left.status();
    std::unique_ptr<Node> tree = std::move(*left);
    while (!AtEnd() && Peek() != ")") {
      Kind join = Kind::kAnd;
      if (IsAnd(Peek()) || IsOr(Peek())) {
        join = IsOr(Peek()) ? Kind::kOr : Kind::kAnd;
        std::string_view op = Take();
        if (AtEnd() || Peek() == ")") return Refuse(op, "nothing follows it");
      }
      absl::StatusOr<std::unique_ptr<Node>> right = Term();
      if (!right.ok()) return right.status();
      tree = Make(join, std::move(tree), std::move(*right));
    }
    return tree;
  }

  absl::StatusOr<std::unique_ptr<Node>> Term() {
    if (AtEnd()) return absl::InvalidArgumentError("filter: the expression ends too early");
    const std::string_view w = Take();
    if (w == "(") {
      if (Peek() == ")") return Refuse(w, "empty parentheses");
      absl::StatusOr<std::unique_ptr<Node>> inner = List();
      if (!inner.ok()) return inner.status();
      if (AtEnd()) return Refuse(w, "no ')' closes it");
      Take();
      return inner;
    }
    if (w == "!" || w == "not") {
      absl::StatusOr<std::unique_ptr<Node>> inner = Term();
      if (!inner.ok()) return inner.status();
      return Make(Kind::kNot, std::move(*inner));
    }
    if (w == "dst" || w == "src") {
      if (IsEq(Peek())) Take();
      if (AtEnd()) return Refuse(w, "expects an address after it");
      absl::StatusOr<HostCond> c = ParseHost(Take());
      if (!c.ok()) return c.status();
      std::unique_ptr<Node> n = Make(w == "dst" ? Kind::kDst : Kind::kSrc);
      n->cond = *c;
      return n;
    }
    if (w == "dport" || w == "sport") return PortTerm(w == "dport");
    // ss accepts these; portlab has nothing to match them against.
    if (w == "dev") return Refuse(w, "ss accepts it, but portlab's hosts have no network devices");
    if (w == "fwmark") return Refuse(w, "ss accepts it, but portlab's sockets carry no firewall marks");
    if (w == "cgroup") return Refuse(w, "ss accepts it, but portlab's programs run in no cgroup");
    if (w == "autobound") {
      return Refuse(w, "ss accepts it, but portlab does not filter on it; use sport with the ephemeral range");
    }
    if (w == "state" || w == "exclude" || w == "excl") {
      return Refuse(w, "state filters come before the expression, as in ss");
    }
    if (w == ")") return Refuse(w, "unmatched ')'");
    if (IsAnd(w) || IsOr(w)) return Refuse(w, "nothing before it");
    return Refuse(w, "expected dst, src, dport, sport, not or '(' (words are separated by blanks)");
  }

  // dport/sport OP PORT: the comparisons of ssfilter.y, where "<" is
  // "not >=" and ">" is "not <=".
  absl::StatusOr<std::unique_ptr<Node>> PortTerm(bool dst) {
    const std::string_view key = words_[next_ - 1];
    enum class Op { kEq, kNe, kLt, kGt, kLe, kGe };
    struct OpWord {
      const char* word;
      Op op;
    };
    static constexpr OpWord kOps[] = {
        {"=", Op::kEq},  {"==", Op::kEq}, {"eq", Op::kEq},  {"!=", Op::kNe}, {"ne", Op::kNe},
        {"neq", Op::kNe}, {"<", Op::kLt},  {"lt", Op::kLt},  {">", Op::kGt},  {"gt", Op::kGt},
        {"<=", Op::kLe}, {"le", Op::kLe},  {"leq", Op::kLe}, {">=", Op::kGe}, {"ge", Op::kGe},
        {"geq", Op::kGe},
    };
    Op op = Op::kEq;  // no operator: '=' (ssfilter.y `eq: '=' | nothing`)
    for (const OpWord& o : kOps) {
      if (!AtEnd() && Peek() == o.word) {
        op = o.op;
        Take();
        break;
      }
    }
    if (AtEnd()) return Refuse(key, "expects a port after it, e.g. :443");
    const std::string_view word = Take();
    std::string_view text = word;
    if (!text.empty() && text[0] == ':') text.remove_prefix(1);
    absl::StatusOr<int> port = ParsePort(text, word);
    if (!port.ok()) return port.status();
    if (*port < 0 && op != Op::kEq && op != Op::kNe) {
      return Refuse(word, "a port compared with <, >, <= or >= is a number");
    }
    HostCond c;
    c.port = *port;
    auto cond = [&](Kind k) {
      std::unique_ptr<Node> n = Make(k);
      n->cond = c;
      return n;
    };
    const Kind match = dst ? Kind::kDst : Kind::kSrc;
    const Kind ge = dst ? Kind::kDportGe : Kind::kSportGe;
    const Kind le = dst ? Kind::kDportLe : Kind::kSportLe;
    switch (op) {
      case Op::kEq: return cond(match);
      case Op::kNe: return Make(Kind::kNot, cond(match));
      case Op::kGe: return cond(ge);
      case Op::kLe: return cond(le);
      case Op::kLt: return Make(Kind::kNot, cond(ge));
      case Op::kGt: return Make(Kind::kNot, cond(le));
    }
    return cond(match);
  }

  std::vector<std::string_view> words_;
  size_t next_ = 0;
};

}  // namespace

SocketFilter::SocketFilter() : states_(kAllStates) {}
SocketFilter::SocketFilter(SocketFilter&&) noexcept = default;
SocketFilter& SocketFilter::operator=(SocketFilter&&) noexcept = default;
SocketFilter::~SocketFilter() = default;

absl::StatusOr<SocketFilter> SocketFilter::Parse(const std::vector<std::string>& words) {
  // ss's lexer splits every argument on blanks (ssfilter.y get_token_from_line).
  std::vector<std::string_view> tokens;
  for (const std::string& w : words) {
    std::string_view rest = w;
    while (!rest.empty()) {
      const size_t start = rest.find_first_not_of(" \t");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      const size_t end = std::min(rest.find_first_of(" \t"), rest.size());
      tokens.push_back(rest.substr(0, end));
      rest.remove_prefix(end);
    }
  }
  SocketFilter f;
  // misc/ss.c main: `state` and `exclude` words first.
  size_t i = 0;
  bool saw_states = false;
  while (i < tokens.size() &&
         (tokens[i] == "state" || tokens[i] == "exclude" || tokens[i] == "excl")) {
    const bool exclude = tokens[i] != "state";
    if (i + 1 >= tokens.size()) return Refuse(tokens[i], "expects a state name after it");
    std::optional<uint32_t> states = ScanState(tokens[i + 1]);
    if (!states) {
      return Refuse(tokens[i + 1],
                    "not a state: established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, "
                    "time-wait, closed, close-wait, last-ack, listening, closing, all, "
                    "connected, synchronized, bucket or big");
    }
    if (!saw_states) f.states_ = exclude ? kAllStates : 0;
    saw_states = true;
    if (exclude) f.states_ &= ~*states;
    else f.states_ |= *states;
    i += 2;
  }
  if (i < tokens.size()) {
    Parser parser(std::vector<std::string_view>(tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.end()));
    absl::StatusOr<std::unique_ptr<Node>> e = parser.Expression();
    if (!e.ok()) return e.status();
    f.expression_ = std::move(*e);
  }
  return f;
}

bool SocketFilter::Matches(const TableRow& row) const {
  if ((states_ & Bit(row.state)) == 0) return false;
  return !expression_ || Evaluate(*expression_, row);
}

}  // namespace portlab::report
