// A host's socket table in the ss and netstat formats
// (report/socket_table_writer.h): columns, addresses as each tool writes
// them, service names only where they mean the service, the program, the
// IANA range, and no made-up queue figures.
#include "portlab/report/socket_table_writer.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace portlab::report {
namespace {

net::Endpoint TE(const char* text) { return net::Endpoint::Parse(text).value(); }

std::vector<TableRow> SampleRows() {
  std::vector<TableRow> rows(6);
  rows[0].socket.protocol = net::Protocol::kTcp;
  rows[0].state = SsState::kListen;
  rows[0].socket.local = TE("0.0.0.0:443");
  rows[0].service_port = true;
  rows[0].label = "web";
  rows[1].socket.protocol = net::Protocol::kTcp;
  rows[1].state = SsState::kTimeWait;
  rows[1].socket.local = TE("10.0.0.1:40012");
  rows[1].socket.remote = TE("10.0.0.2:443");
  rows[1].socket.timer_left = Duration::Millis(58250);
  rows[1].label = "tab1";
  rows[2].socket.protocol = net::Protocol::kTcp;
  rows[2].state = SsState::kEstablished;
  rows[2].socket.local = TE("10.0.0.1:443");
  rows[2].socket.remote = TE("10.0.0.9:50001");
  rows[2].accepted = true;
  rows[2].service_port = true;
  rows[2].label = "web";
  rows[3].socket.protocol = net::Protocol::kTcp;
  rows[3].state = SsState::kListen;
  rows[3].socket.local = TE("[::]:8443");
  rows[3].v6 = true;
  rows[3].v6only = true;
  rows[3].service_port = true;
  rows[4].socket.protocol = net::Protocol::kUdp;
  rows[4].state = SsState::kClose;
  rows[4].socket.local = TE("[::]:53");
  rows[4].v6 = true;
  rows[4].service_port = true;
  rows[4].application = "echo";  // shown beside the label: "resolver (echo)"
  rows[4].label = "resolver";
  rows[5].socket.protocol = net::Protocol::kUdp;
  rows[5].state = SsState::kEstablished;
  rows[5].socket.local = TE("[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:40000");
  rows[5].socket.remote = TE("[2001:db8::53]:53");
  rows[5].v6 = true;
  return rows;
}

TEST_CASE("socket tables print as ss -tuan does, with program and IANA range", "[report]") {
  std::ostringstream out;
  WriteSocketTable("web", {net::IpAddress::Parse("10.0.0.1").value()}, SampleRows(), TableFormat::kSs, out);
  CHECK(out.str() ==
        "web  10.0.0.1\n"
        "Netid  State      Local Address:Port                           Peer Address:Port           Process          IANA range  Timer\n"
        "tcp    LISTEN     0.0.0.0:443 (https)                          0.0.0.0:*                   web              well-known\n"
        "tcp    TIME-WAIT  10.0.0.1:40012                               10.0.0.2:443 (https)        tab1             registered  timewait,58.250s\n"
        "tcp    ESTAB      10.0.0.1:443 (https)                         10.0.0.9:50001              web              well-known\n"
        "tcp    LISTEN     [::]:8443 (pcsync-https)                     [::]:*                      -                registered\n"
        "udp    UNCONN     *:53 (domain)                                *:*                         resolver (echo)  well-known\n"
        "udp    ESTAB      [2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:40000  [2001:db8::53]:53 (domain)  -                registered\n");
}

TEST_CASE("socket tables print as netstat -an does, with - for the queues the model lacks", "[report]") {
  std::ostringstream out;
  WriteSocketTable("web", {net::IpAddress::Parse("10.0.0.1").value()}, SampleRows(), TableFormat::kNetstat, out);
  CHECK(out.str() ==
        "web  10.0.0.1\n"
        "Active Internet connections (servers and established)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       IANA range Process\n"
        "tcp        -      - 0.0.0.0:443             0.0.0.0:*               LISTEN      well-known web\n"
        "tcp        -      - 10.0.0.1:40012          10.0.0.2:443            TIME_WAIT   registered tab1\n"
        "tcp        -      - 10.0.0.1:443            10.0.0.9:50001          ESTABLISHED well-known web\n"
        "tcp6       -      - :::8443                 :::*                    LISTEN      registered -\n"
        "udp6       -      - :::53                   :::*                                well-known resolver (echo)\n"
        "udp6       -      - 2001:db8:aaaa:bbb:40000 2001:db8::53:53         ESTABLISHED registered -\n");
}

TEST_CASE("an IPv4-mapped connection as ss and netstat print it", "[report]") {
  TableRow r;
  r.socket.protocol = net::Protocol::kTcp;
  r.state = SsState::kEstablished;
  r.socket.local = TE("[::ffff:10.0.0.1]:80");
  r.socket.remote = TE("[::ffff:10.0.0.2]:40000");
  r.v6 = true;
  r.accepted = true;
  CHECK(LocalText(r, TableFormat::kSs) == "[::ffff:10.0.0.1]:80");
  CHECK(PeerText(r, TableFormat::kSs) == "[::ffff:10.0.0.2]:40000");
  CHECK(LocalText(r, TableFormat::kNetstat) == "10.0.0.1:80");
  CHECK(PeerText(r, TableFormat::kNetstat) == "10.0.0.2:40000");
}

TEST_CASE("a host without sockets says so", "[report]") {
  std::ostringstream out;
  WriteSocketTable("idle", {net::IpAddress::Parse("10.0.0.3").value()}, {}, TableFormat::kSs, out);
  CHECK(out.str() == "idle  10.0.0.3\n  (no sockets)\n");
}

TEST_CASE("state names as ss and netstat print them", "[report]") {
  struct Case {
    SsState state;
    const char* ss;
    const char* netstat_tcp;
    const char* netstat_udp;
  } cases[] = {
      {SsState::kEstablished, "ESTAB", "ESTABLISHED", "ESTABLISHED"},
      {SsState::kSynSent, "SYN-SENT", "SYN_SENT", ""},
      {SsState::kSynRecv, "SYN-RECV", "SYN_RECV", ""},
      {SsState::kFinWait1, "FIN-WAIT-1", "FIN_WAIT1", ""},
      {SsState::kFinWait2, "FIN-WAIT-2", "FIN_WAIT2", ""},
      {SsState::kTimeWait, "TIME-WAIT", "TIME_WAIT", ""},
      {SsState::kClose, "UNCONN", "CLOSE", ""},
      {SsState::kCloseWait, "CLOSE-WAIT", "CLOSE_WAIT", ""},
      {SsState::kLastAck, "LAST-ACK", "LAST_ACK", ""},
      {SsState::kListen, "LISTEN", "LISTEN", ""},
      {SsState::kClosing, "CLOSING", "CLOSING", ""},
  };
  for (const Case& c : cases) {
    INFO(c.ss);
    CHECK(SsStateName(c.state) == c.ss);
    CHECK(NetstatStateName(c.state, net::Protocol::kTcp) == c.netstat_tcp);
    CHECK(NetstatStateName(c.state, net::Protocol::kUdp) == c.netstat_udp);
  }
}

TEST_CASE("IANA ranges by their RFC 6335 names", "[report]") {
  struct Case {
    uint16_t port;
    const char* range;
  } cases[] = {{0, "well-known"},     {80, "well-known"}, {1023, "well-known"}, {1024, "registered"},
               {32768, "registered"}, {49151, "registered"}, {49152, "dynamic"}, {65535, "dynamic"}};
  for (const Case& c : cases) {
    INFO(c.port);
    CHECK(IanaRangeLabel(net::Port(c.port)) == c.range);
  }
}

TEST_CASE("table formats by name", "[report]") {
  CHECK(ParseTableFormat("ss").value() == TableFormat::kSs);
  CHECK(ParseTableFormat("netstat").value() == TableFormat::kNetstat);
  CHECK_THAT(std::string(ParseTableFormat("lsof").status().message()), Catch::Contains("\"lsof\""));
}

}  // namespace
}  // namespace portlab::report
