// TCP sequence and acknowledgment numbers on the wire (RFC 9293 §3.4):
// each segment carries SND.NXT and RCV.NXT as its sender keeps them, data
// and FINs advance them, a retransmitted SYN repeats its number, and a RST
// answering a segment nobody owns takes its numbers from that segment as
// Linux's tcp_v4_send_reset does.
#include <catch2/catch.hpp>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::TestNetwork;

// The segments of `net`'s wire that `from` (an address) sent with `flags`.
std::vector<net::Segment> From(TestNetwork& net, const char* from, uint8_t flags) {
  std::vector<net::Segment> out;
  const net::AddrId id = net.pool().Intern(testing::Ip(from));
  for (const net::Segment& s : net.wire())
    if (s.src == id && net::HeaderFlags(s.flags) == flags) out.push_back(s);
  return out;
}

TEST_CASE("a conversation's numbers: handshake, data, FINs and the last ACK", "[tcp][seq]") {
  TestNetwork net;
  net.RecordWire();
  Host& client = net.AddHost("client", {"10.0.0.1"}, 1);
  Host& server = net.AddHost("server", {"10.0.0.2"}, 2);
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Deliver();
  REQUIRE(client.Send(c, 100, std::nullopt) == Errno::kOk);
  net.Deliver();
  REQUIRE(client.Close(c) == Errno::kOk);  // the server application closes on EOF
  net.Deliver();

  const std::vector<net::Segment>& w = net.wire();
  // SYN, SYN|ACK, ACK, PSH|ACK, ACK, FIN|ACK, FIN|ACK, ACK
  REQUIRE(w.size() == 8);
  const uint32_t c_isn = w[0].seq, s_isn = w[1].seq;
  struct Row {
    uint8_t flags;
    uint32_t seq, ack;
    uint32_t length;
  };
  const Row rows[] = {
      {net::kSyn, c_isn, 0, 0},
      {net::kSyn | net::kAck, s_isn, c_isn + 1, 0},
      {net::kAck, c_isn + 1, s_isn + 1, 0},
      {net::kPsh | net::kAck, c_isn + 1, s_isn + 1, 100},
      {net::kAck, s_isn + 1, c_isn + 101, 0},              // the data acknowledged
      {net::kFin | net::kAck, c_isn + 101, s_isn + 1, 0},
      {net::kFin | net::kAck, s_isn + 1, c_isn + 102, 0},  // the FIN took one number
      {net::kAck, c_isn + 102, s_isn + 2, 0},
  };
  for (size_t i = 0; i < std::size(rows); ++i) {
    INFO("segment " << i);
    CHECK(net::HeaderFlags(w[i].flags) == rows[i].flags);
    CHECK(w[i].seq == rows[i].seq);
    CHECK(w[i].ack == rows[i].ack);
    CHECK(w[i].length == rows[i].length);
  }
  CHECK(c_isn != s_isn);
}

TEST_CASE("a retransmitted SYN repeats the first SYN's number", "[tcp][seq]") {
  TestNetwork net;
  net.RecordWire();
  Host& client = net.AddHost("client", {"10.0.0.1"});
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.9", 80)) == Errno::kEINPROGRESS);  // nobody there
  net.Advance(Duration::Seconds(200));
  const std::vector<net::Segment>& w = net.wire();
  REQUIRE(w.size() == 11);  // Linux 6.x: the SYN and ten retransmissions
  for (const net::Segment& s : w) {
    CHECK(net::HeaderFlags(s.flags) == net::kSyn);
    CHECK(s.seq == w[0].seq);
    CHECK(s.ack == 0);
  }
}

TEST_CASE("the RST answering a segment for no socket, as tcp_v4_send_reset numbers it", "[tcp][seq]") {
  // RFC 9293 §3.10.7.1: to an ACK, <SEQ=SEG.ACK><CTL=RST>; else
  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SYN and FIN counting one.
  struct Row {
    const char* name;
    uint8_t flags;
    uint32_t seq, ack, length;
    uint8_t rst_flags;
    uint32_t rst_seq, rst_ack;
  };
  const Row rows[] = {
      {"SYN", net::kSyn, 1000, 0, 0, net::kRst | net::kAck, 0, 1001},
      {"SYN at the top of the space", net::kSyn, 0xffffffffu, 0, 0, net::kRst | net::kAck, 0, 0},
      {"ACK", net::kAck, 5, 777, 0, net::kRst, 777, 0},
      {"data", net::kPsh | net::kAck, 5, 777, 100, net::kRst, 777, 0},
      {"FIN without ACK", net::kFin, 40, 0, 10, net::kRst | net::kAck, 0, 51},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    TestNetwork net;
    Host& server = net.AddHost("server", {"10.0.0.2"});
    net::Segment in;
    in.kind = net::SegmentKind::kTcp;
    in.flags = r.flags;
    in.src = net.pool().Intern(testing::Ip("10.0.0.1"));
    in.dst = net.pool().Intern(testing::Ip("10.0.0.2"));
    in.sport = 40000;
    in.dport = 7777;  // closed
    in.seq = r.seq;
    in.ack = r.ack;
    in.length = r.length;
    server.Receive(in);
    const std::vector<net::Segment>& out = net.env(server).transmitted();
    REQUIRE(out.size() == 1);
    CHECK(net::HeaderFlags(out[0].flags) == r.rst_flags);
    CHECK(out[0].seq == r.rst_seq);
    CHECK(out[0].ack == r.rst_ack);
  }
}

TEST_CASE("a refused connect(): the RST acknowledges the SYN and carries sequence 0", "[tcp][seq]") {
  TestNetwork net;
  net.RecordWire();
  Host& client = net.AddHost("client", {"10.0.0.1"});
  net.AddHost("server", {"10.0.0.2"});
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 7777)) == Errno::kEINPROGRESS);
  net.Deliver();
  CHECK(net.env(client).ConnectResult(c) == Errno::kECONNREFUSED);
  const std::vector<net::Segment>& w = net.wire();
  REQUIRE(w.size() == 2);
  CHECK(net::HeaderFlags(w[1].flags) == (net::kRst | net::kAck));
  CHECK(w[1].seq == 0);
  CHECK(w[1].ack == w[0].seq + 1);
}

TEST_CASE("a SYN that ends a TIME-WAIT is answered from its snd_nxt + 65537", "[tcp][seq]") {
  // tcp_timewait_state_process (TCP_TW_SYN) hands tcp_conn_request the ISN
  // tw_snd_nxt + 65535 + 2, so the new connection's numbers are past the
  // old one's.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  server.SetCloseAfter(l, Duration::Millis(10));  // the server closes first
  SocketOptionSet reuse;
  reuse.reuseaddr = true;
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.SetOptions(c, reuse) == Errno::kOk);
  REQUIRE(client.Bind(c, Ep("10.0.0.1", 40000)) == Errno::kOk);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(1));
  REQUIRE(client.Close(c) == Errno::kOk);
  net.RecordWire();
  net.Deliver();
  REQUIRE(server.figures(net::Protocol::kTcp).time_wait == 1);
  // The server's last segment, its ACK of the client's FIN, carries the
  // TIME-WAIT's snd_nxt.
  const std::vector<net::Segment> server_acks = From(net, "10.0.0.2", net::kAck);
  REQUIRE(server_acks.size() == 1);
  const uint32_t tw_snd_nxt = server_acks[0].seq;

  SocketId again = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.SetOptions(again, reuse) == Errno::kOk);
  REQUIRE(client.Bind(again, Ep("10.0.0.1", 40000)) == Errno::kOk);
  REQUIRE(client.Connect(again, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Deliver();
  REQUIRE(net.env(client).ConnectResult(again) == Errno::kOk);
  const std::vector<net::Segment> syn_acks = From(net, "10.0.0.2", net::kSyn | net::kAck);
  REQUIRE(syn_acks.size() == 1);
  CHECK(syn_acks[0].seq == tw_snd_nxt + 65537);
}

TEST_CASE("a connect() that takes over its own TIME-WAIT starts at its snd_nxt + 65537", "[tcp][seq]") {
  // tcp_twsk_unique: a socket bound before connect() may take a TIME-WAIT
  // on its 4-tuple at once (timestamps on, the Linux default); write_seq
  // becomes tw_snd_nxt + 65535 + 2, and tcp_v4_connect keeps it.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  SocketOptionSet reuse;
  reuse.reuseaddr = true;
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.SetOptions(c, reuse) == Errno::kOk);
  REQUIRE(client.Bind(c, Ep("10.0.0.1", 40000)) == Errno::kOk);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Deliver();
  net.RecordWire();
  REQUIRE(client.Close(c) == Errno::kOk);
  net.Deliver();
  REQUIRE(client.figures(net::Protocol::kTcp).time_wait == 1);
  const std::vector<net::Segment> last_acks = From(net, "10.0.0.1", net::kAck);
  REQUIRE(last_acks.size() == 1);
  const uint32_t tw_snd_nxt = last_acks[0].seq;

  SocketId again = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.SetOptions(again, reuse) == Errno::kOk);
  REQUIRE(client.Bind(again, Ep("10.0.0.1", 40000)) == Errno::kOk);
  REQUIRE(client.Connect(again, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  CHECK(client.figures(net::Protocol::kTcp).time_wait == 0);
  net.Deliver();
  const std::vector<net::Segment> syns = From(net, "10.0.0.1", net::kSyn);
  REQUIRE(syns.size() == 1);
  CHECK(syns[0].seq == tw_snd_nxt + 65537);
}

}  // namespace
}  // namespace portlab::stack
