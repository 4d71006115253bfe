// WriteRuleset (report/ruleset_writer.h): a host's firewall as `nft list
// ruleset` prints it, sets with their live elements, each chain's rules
// with their counters and its policy.
#include "portlab/report/ruleset_writer.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace portlab::report {
namespace {

TEST_CASE("WriteRuleset prints sets, chains, counters and policies as nft does", "[report][firewall]") {
  net::AddressPool pool;
  stack::Firewall fw;
  stack::FirewallRule knock;
  knock.protocol = net::Protocol::kUdp;
  knock.dport = {{7000, 7000}};
  knock.add_to_set = "knocked";
  knock.add_timeout = Duration::Seconds(10);
  knock.verdict = stack::Verdict::kDrop;
  fw.Append(knock);
  stack::FirewallRule out;
  out.direction = stack::FwDirection::kOut;
  out.protocol = net::Protocol::kTcp;
  out.dport = {{25, 25}};
  out.verdict = stack::Verdict::kReject;
  out.reject_with = stack::RejectWith::kTcpReset;
  fw.Append(out);
  fw.SetPolicy(stack::FwDirection::kIn, stack::Verdict::kDrop);
  net::Segment knock_packet;
  knock_packet.kind = net::SegmentKind::kUdp;
  knock_packet.src = pool.Intern(net::IpAddress::Parse("10.0.0.11").value());
  knock_packet.dst = pool.Intern(net::IpAddress::Parse("10.0.0.2").value());
  knock_packet.dport = 7000;
  knock_packet.length = 4;
  fw.Filter(stack::FwDirection::kIn, knock_packet, pool, SimTime() + Duration::Seconds(1));
  std::ostringstream text;
  WriteRuleset("server", fw, pool, SimTime() + Duration::Seconds(3), text);
  CHECK(text.str() ==
        "table inet server {\n"
        "\tset knocked {\n"
        "\t\ttype ipv4_addr\n"
        "\t\tflags timeout\n"
        "\t\telements = { 10.0.0.11 expires 8s }\n"
        "\t}\n"
        "\n"
        "\tchain input {\n"
        "\t\ttype filter hook input priority filter; policy drop;\n"
        "\t\tudp dport 7000 add @knocked { ip saddr timeout 10s } counter packets 1 bytes 32 drop\n"
        "\t}\n"
        "\n"
        "\tchain output {\n"
        "\t\ttype filter hook output priority filter; policy accept;\n"
        "\t\ttcp dport 25 counter packets 0 bytes 0 reject with tcp reset\n"
        "\t}\n"
        "}\n");
}

}  // namespace
}  // namespace portlab::report
