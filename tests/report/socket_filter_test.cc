// ss's filter words over table rows (report/socket_filter.h): which rows
// each accepted expression keeps, and the message of each refused one.
#include "portlab/report/socket_filter.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"

namespace portlab::report {
namespace {

net::Endpoint FE(const char* text) { return net::Endpoint::Parse(text).value(); }

struct NamedRow {
  char name;
  TableRow row;
};

TableRow FilterRow(net::Protocol p, SsState state, const char* local, const char* remote = nullptr,
             bool v6 = false) {
  TableRow r;
  r.socket.protocol = p;
  r.state = state;
  r.socket.local = FE(local);
  if (remote) r.socket.remote = FE(remote);
  r.v6 = v6;
  return r;
}

// One row per letter; the cases below name the rows they expect.
std::vector<NamedRow> FilterRows() {
  using P = net::Protocol;
  return {
      {'L', FilterRow(P::kTcp, SsState::kListen, "0.0.0.0:443")},
      {'E', FilterRow(P::kTcp, SsState::kEstablished, "10.0.0.1:40000", "10.0.0.2:443")},
      {'T', FilterRow(P::kTcp, SsState::kTimeWait, "10.0.0.1:40002", "10.0.0.2:80")},
      {'S', FilterRow(P::kTcp, SsState::kSynSent, "10.0.0.1:40004", "10.0.0.9:22")},
      {'U', FilterRow(P::kUdp, SsState::kClose, "0.0.0.0:53")},
      {'C', FilterRow(P::kUdp, SsState::kEstablished, "10.0.0.1:50000", "10.0.0.2:53")},
      {'V', FilterRow(P::kTcp, SsState::kListen, "[::]:8080", nullptr, /*v6=*/true)},
      {'M', FilterRow(P::kTcp, SsState::kEstablished, "[::ffff:10.0.0.2]:8080", "[::ffff:10.0.0.1]:40010", true)},
      {'R', FilterRow(P::kTcp, SsState::kSynRecv, "10.0.0.2:443", "10.0.0.1:40006")},
  };
}

std::vector<std::string> FilterWords(const char* filter) {
  return absl::StrSplit(filter, ' ', absl::SkipEmpty());
}

TEST_CASE("ss filters people type keep the rows ss keeps", "[report][filter]") {
  struct Case {
    const char* filter;
    const char* rows;  // the letters of FilterRows() kept, in order
  } cases[] = {
      {"", "LETSUCVMR"},
      // States and the groups of misc/ss.c scan_state.
      {"state established", "ECM"},
      {"state ESTABLISHED", "ECM"},
      {"state listening", "LV"},
      {"state connected", "ETSCMR"},
      {"state synchronized", "ETCMR"},
      {"state bucket", "TR"},
      {"state big", "LESUCVM"},
      {"state closed", "U"},
      {"state unconnected", "U"},
      {"state close", "U"},
      {"state syn-rcv", "R"},
      {"state syn-recv", "R"},
      {"state syn-sent", "S"},
      {"state all", "LETSUCVMR"},
      {"state established state time-wait", "ETCM"},
      {"exclude time-wait", "LESUCVMR"},
      {"excl time-wait", "LESUCVMR"},
      {"state all exclude listening", "ETSUCMR"},
      {"state connected exclude bucket", "ESCM"},
      // Ports, with and without ':', '=', and service names.
      {"sport = :443", "LR"},
      {"sport :443", "LR"},
      {"sport == 443", "LR"},
      {"sport eq :https", "LR"},
      {"dport = :80", "T"},
      {"dport = :http", "T"},
      {"dport = :*", "LETSUCVMR"},
      {"dport = :0", "LUV"},
      {"dport != :0", "ETSCMR"},
      {"dport neq :0", "ETSCMR"},
      {"dport > :79", "ETMR"},
      {"dport gt :79", "ETMR"},
      {"dport < :80", "LSUCV"},
      {"dport >= :80", "ETMR"},
      {"dport <= :53", "LSUCV"},
      {"sport ge :40000", "ETSC"},
      {"sport le :443", "LUR"},
      {"sport lt :443", "U"},
      // Addresses, prefixes, endpoints; IPv4 matches IPv4-mapped sockets.
      {"src 10.0.0.1", "ETSC"},
      {"src = 10.0.0.2", "MR"},
      {"dst 10.0.0.2", "ETC"},
      {"dst 10.0.0.1", "MR"},
      {"dst 10.0.0.0/24", "ETSCMR"},
      {"dst 10.0.0.2:443", "E"},
      {"dst 10.0.0.0/24:443", "E"},
      {"dst *:53", "C"},
      {"dst *", "LETSUCVMR"},
      {"src [::]", "V"},
      {"src ::", "V"},
      {"src [::]:8080", "V"},
      {"src [::ffff:10.0.0.2]:8080", "M"},
      {"src [::ffff:0.0.0.0/96]", "M"},
      // Expressions: and, or, not, juxtaposition, parentheses, left to right.
      {"sport = :443 or dport = :443", "LER"},
      {"sport = :443 || dport = :443", "LER"},
      {"sport = :443 | dport = :443", "LER"},
      {"( sport = :443 or dport = :443 ) and src 10.0.0.1", "E"},
      {"sport = :443 or dport = :443 and src 10.0.0.1", "E"},
      {"src 10.0.0.1 and dport = :443 or sport = :443", "LER"},
      {"src 10.0.0.1 & dport = :443", "E"},
      {"dst 10.0.0.2 && dport == :443", "E"},
      {"src 10.0.0.1 dport = :80", "T"},
      {"not dst 10.0.0.2", "LSUVMR"},
      {"! sport = :443", "ETSUCVM"},
      {"not ( sport = :443 or sport = :8080 )", "ETSUC"},
      {"state established dport = :53", "C"},
      {"state connected ( dport = :80 or dport = :22 )", "TS"},
  };
  const std::vector<NamedRow> rows = FilterRows();
  for (const Case& c : cases) {
    INFO("filter: " << c.filter);
    absl::StatusOr<SocketFilter> f = SocketFilter::Parse(FilterWords(c.filter));
    REQUIRE(f.ok());
    std::string kept;
    for (const NamedRow& r : rows) {
      if (f->Matches(r.row)) kept += r.name;
    }
    CHECK(kept == c.rows);
  }
}

TEST_CASE("ss filter words may come in one argument, as ss splits them", "[report][filter]") {
  absl::StatusOr<SocketFilter> f =
      SocketFilter::Parse({"state", "established", "( dport = :443 or dport = :80 )"});
  REQUIRE(f.ok());
  std::string kept;
  for (const NamedRow& r : FilterRows()) {
    if (f->Matches(r.row)) kept += r.name;
  }
  CHECK(kept == "E");
}

TEST_CASE("ss filters portlab cannot honour are refused, naming the word", "[report][filter]") {
  struct Case {
    const char* filter;
    const char* message;  // part of the error
  } cases[] = {
      {"state", "\"state\": expects a state name"},
      {"state listen", "\"listen\": not a state"},
      {"state foo", "\"foo\": not a state"},
      {"exclude", "\"exclude\": expects a state name"},
      {"sport", "\"sport\": expects a port"},
      {"sport =", "\"sport\": expects a port"},
      {"sport = :no-such-service", "does not look like a port"},
      {"sport = :70000", "a port is 0 to 65535"},
      {"sport = :raid-am", "ambiguous port"},
      {"dport > :*", "is a number"},
      {"dst", "\"dst\": expects an address"},
      {"dst example.com", "portlab resolves no host names"},
      {"dst 10.0.0.0/33", "a prefix length is 0 to 32"},
      {"dst 10.0.0.0/x", "a prefix length is a number"},
      {"dst [::1", "no ']'"},
      {"dst [::1]80", "expected ':PORT' after ']'"},
      {"dst unix:/tmp/sock", "only TCP and UDP"},
      {"dst inet:10.0.0.1", "only TCP and UDP"},
      {"dev eth0", "\"dev\": ss accepts it"},
      {"fwmark 1", "\"fwmark\": ss accepts it"},
      {"cgroup /", "\"cgroup\": ss accepts it"},
      {"autobound", "\"autobound\": ss accepts it"},
      {"( sport = :80", "\"(\": no ')' closes it"},
      {"sport = :80 )", "\")\": unmatched ')'"},
      {"( )", "empty parentheses"},
      {"sport = :80 and", "\"and\": nothing follows it"},
      {"sport = :80 or )", "\"or\": nothing follows it"},
      {"and sport = :80", "\"and\": nothing before it"},
      {"sport = :80 state established", "state filters come before the expression"},
      {"(sport = :80)", "\"(sport\": expected dst, src, dport, sport, not or '('"},
      {"not", "the expression ends too early"},
      {"established", "\"established\": expected dst"},
  };
  for (const Case& c : cases) {
    INFO("filter: " << c.filter);
    absl::StatusOr<SocketFilter> f = SocketFilter::Parse(FilterWords(c.filter));
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(f.status().message()), Catch::Contains(c.message));
    CHECK_THAT(std::string(f.status().message()), Catch::StartsWith("filter: "));
  }
}

}  // namespace
}  // namespace portlab::report
