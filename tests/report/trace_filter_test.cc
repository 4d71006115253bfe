#include "portlab/report/trace_filter.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

using trace::TraceKind;

trace::TraceEvent FilterEvent(TraceKind kind, std::string_view host, std::string_view what, std::string_view local,
                              std::string_view remote, net::Protocol p = net::Protocol::kTcp) {
  trace::TraceEvent e;
  e.kind = kind;
  e.host = host;
  e.what = what;
  e.flow = {p, net::Endpoint::Parse(local).value(), net::Endpoint::Parse(remote).value()};
  return e;
}

struct FilterCase {
  std::string name;
  std::string filter;
  trace::TraceEvent event;
  bool want;
};

TEST_CASE("TraceFilter keeps the events each term names", "[report][trace-filter]") {
  const auto demux = FilterEvent(TraceKind::kSegmentReceived, "server", "SYN", "10.0.0.2:80", "10.0.0.1:40000");
  const auto mux = FilterEvent(TraceKind::kSegmentSent, "client", "SYN", "10.0.0.1:40000", "10.0.0.2:80");
  const auto udp = FilterEvent(TraceKind::kSegmentSent, "client", "UDP", "10.0.0.1:5353", "10.0.0.9:53",
                               net::Protocol::kUdp);
  const auto icmp = FilterEvent(TraceKind::kSegmentSent, "server", "ICMP port-unreachable", "10.0.0.9:53",
                                "10.0.0.1:5353", net::Protocol::kUdp);
  auto connect = FilterEvent(TraceKind::kCall, "client", "connect", "10.0.0.1:40000", "10.0.0.2:80");
  auto state = FilterEvent(TraceKind::kStateChange, "client", "", "10.0.0.1:40000", "10.0.0.2:80");
  auto nat = FilterEvent(TraceKind::kNatTranslated, "home", "SYN", "192.168.1.2:40000", "93.184.216.34:80");
  nat.translated = {net::Protocol::kTcp, net::Endpoint::Parse("203.0.113.1:61000").value(),
                    net::Endpoint::Parse("93.184.216.34:80").value()};
  const std::vector<FilterCase> cases = {
      {"empty keeps all", "", demux, true},
      {"host matches", "host=server", demux, true},
      {"host differs", "host=client", demux, false},
      {"one of several hosts", "host=client,server", demux, true},
      {"port on the local side", "port=80", demux, true},
      {"port on the remote side", "port=40000", demux, true},
      {"port not there", "port=443", demux, false},
      {"port range", "port=39000-41000", mux, true},
      {"port after a NAT's rewrite", "port=61000", nat, true},
      {"address", "addr=10.0.0.1", mux, true},
      {"address not there", "addr=10.0.0.7", mux, false},
      {"proto tcp", "proto=tcp", mux, true},
      {"proto udp keeps a datagram", "proto=udp", udp, true},
      {"proto udp leaves out an ICMP error", "proto=udp", icmp, false},
      {"proto icmp", "proto=icmp", icmp, true},
      {"kind demux", "kind=demux", demux, true},
      {"kind mux is not demux", "kind=mux", demux, false},
      {"kind list", "kind=demux,mux", mux, true},
      {"kind segment", "kind=segment", nat, true},
      {"kind segment leaves out a call", "kind=segment", connect, false},
      {"kind call", "kind=call", connect, true},
      {"kind by call name", "kind=connect", connect, true},
      {"kind state", "kind=state", state, true},
      {"every term must hold", "host=client port=80 proto=tcp kind=demux,mux", mux, true},
      {"one term fails", "host=client port=80 proto=tcp kind=demux", mux, false},
      {"terms are ANDed on one key", "port=80 port=40000", mux, true},
  };
  for (const FilterCase& c : cases) {
    INFO(c.name << ": '" << c.filter << "'");
    absl::StatusOr<TraceFilter> f = TraceFilter::Parse(c.filter);
    REQUIRE(f.ok());
    CHECK(f->Matches(c.event) == c.want);
  }
}

TEST_CASE("TraceFilter names the bad term", "[report][trace-filter]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"prot=tcp", "'prot=tcp': unknown key 'prot'"},
      {"host=a proto=sctp", "'proto=sctp': unknown protocol 'sctp'"},
      {"kind=demuxx", "'kind=demuxx': unknown kind 'demuxx'"},
      {"port=70000", "'port=70000': '70000' is not a port"},
      {"port=90-80", "'port=90-80': '90-80' is not a port"},
      {"addr=10.0.0", "'addr=10.0.0': '10.0.0' is not an IPv4 or IPv6 address"},
      {"host", "'host': expected KEY=VALUE"},
      {"host=", "'host=': an empty value"},
      {"kind=mux,", "'kind=mux,': an empty value"},
  };
  for (const auto& [text, want] : cases) {
    INFO(text);
    absl::StatusOr<TraceFilter> f = TraceFilter::Parse(text);
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(f.status().message()), Catch::Contains(want));
  }
}

}  // namespace
}  // namespace portlab::report
