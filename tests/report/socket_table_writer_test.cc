#include <catch2/catch.hpp>

#include <sstream>

#include "portlab/report/socket_table_writer.h"

namespace portlab::report {
namespace {

net::Endpoint E(const char* text) { return net::Endpoint::Parse(text).value(); }

TEST_CASE("socket tables print as ss does, with service names", "[report]") {
  std::vector<stack::SocketRow> rows(3);
  rows[0].protocol = net::Protocol::kTcp;
  rows[0].state = "LISTEN";
  rows[0].local = E("0.0.0.0:443");
  rows[1].protocol = net::Protocol::kTcp;
  rows[1].state = "TIME-WAIT";
  rows[1].local = E("10.0.0.1:40012");
  rows[1].remote = E("10.0.0.2:443");
  rows[1].timer_left = Duration::Millis(58250);
  rows[2].protocol = net::Protocol::kUdp;
  rows[2].state = "UNCONN";
  rows[2].local = E("[::]:53");
  std::ostringstream out;
  WriteSocketTable("web", {net::IpAddress::Parse("10.0.0.1").value()}, rows, out);
  CHECK(out.str() ==
        "web  10.0.0.1\n"
        "Netid  State      Local Address:Port   Peer Address:Port     Timer\n"
        "tcp    LISTEN     0.0.0.0:443 (https)  *:*\n"
        "tcp    TIME-WAIT  10.0.0.1:40012       10.0.0.2:443 (https)  timewait,58.250s\n"
        "udp    UNCONN     [::]:53 (domain)     *:*\n");
}

TEST_CASE("ss state names", "[report]") {
  CHECK(SsStateName("ESTABLISHED") == "ESTAB");
  CHECK(SsStateName("SYN-RECEIVED") == "SYN-RECV");
  CHECK(SsStateName("CLOSED") == "UNCONN");
  CHECK(SsStateName("TIME-WAIT") == "TIME-WAIT");
}

}  // namespace
}  // namespace portlab::report
