// TCP state machine cases a differential run on loopback cannot stage:
// timers, calls made while connecting, orphans and TIME-WAIT answering a
// SYN. Each case names the kernel function it follows; the numbers were
// checked on Linux 6.18 in a private namespace (see the commit history).
#include <catch2/catch.hpp>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::FakeEnvironment;
using testing::TestNetwork;

SocketId Listen(Host& h, uint16_t port, std::optional<Duration> close_after = {}) {
  SocketId l = h.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(h.Bind(l, Ep("0.0.0.0", port)) == Errno::kOk);
  REQUIRE(h.Listen(l) == Errno::kOk);
  if (close_after) h.SetCloseAfter(l, *close_after);
  return l;
}

int64_t Sent(const Host& h) { return h.figures(net::Protocol::kTcp).segments_sent; }

TEST_CASE("connect() hints its SYN's 4-tuple to the network", "[tcp]") {
  // Host::PrefetchFlow: the hint lets a NAT start loading the new flow's
  // session slot early; one for the wrong 4-tuple would load the wrong one.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  FakeEnvironment& env = net.env(client);
  auto same_flow = [](const net::Segment& a, const net::Segment& b) {
    return a.src == b.src && a.sport == b.sport && a.dst == b.dst && a.dport == b.dport;
  };
  SocketId ephemeral = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(ephemeral, Ep("10.9.9.9", 80)) == Errno::kEINPROGRESS);
  SocketId bound = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Bind(bound, Ep("10.0.0.1", 40000)) == Errno::kOk);
  REQUIRE(client.Connect(bound, Ep("10.9.9.9", 80)) == Errno::kEINPROGRESS);
  REQUIRE(env.transmitted().size() == 2);
  REQUIRE(env.hinted().size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    INFO("connect " << i);
    CHECK(net::HeaderFlags(env.transmitted()[i].flags) == net::kSyn);
    CHECK(same_flow(env.hinted()[i], env.transmitted()[i]));
  }
  CHECK(env.hinted()[1].sport == 40000);
}

TEST_CASE("PrefetchClose hints the FIN's 4-tuple only for a connection close() ends with one", "[tcp]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  Listen(server, 80);
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Deliver();
  REQUIRE(net.env(client).ConnectResult(c) == Errno::kOk);
  FakeEnvironment& env = net.env(client);
  env.hinted().clear();
  env.transmitted().clear();
  SocketId unconnected = client.OpenSocket(net::Protocol::kTcp, false);
  client.PrefetchClose(unconnected);
  client.PrefetchClose(SocketId{c.index, c.generation + 1});  // stale
  CHECK(env.hinted().empty());
  client.PrefetchClose(c);
  REQUIRE(env.hinted().size() == 1);
  REQUIRE(client.Close(c) == Errno::kOk);
  REQUIRE_FALSE(env.transmitted().empty());
  const net::Segment& hint = env.hinted()[0];
  const net::Segment& fin = env.transmitted()[0];
  CHECK((fin.flags & net::kFin));
  CHECK(hint.flags == fin.flags);
  CHECK((hint.src == fin.src && hint.sport == fin.sport && hint.dst == fin.dst && hint.dport == fin.dport));
  client.PrefetchClose(c);  // closed now: no FIN to come
  CHECK(env.hinted().size() == 1);
}

TEST_CASE("a SYN nobody answers: 11 SYNs, ETIMEDOUT after ~134 s (Linux 6.x)", "[tcp]") {
  struct Case {
    const char* linear;
    int syns;
    int64_t min_s, max_s;
  };
  // tcp_retransmit_timer / tcp_write_timeout; kernel/time/timer.c rounding.
  // Measured on 6.18 with the defaults: 11 SYNs, ETIMEDOUT at 134.4 s.
  const Case cases[] = {{"4", 11, 131, 137}, {"0", 7, 127, 133}};
  for (const Case& c : cases) {
    INFO("tcp_syn_linear_timeouts=" << c.linear);
    TestNetwork net;
    Host& client = net.AddHost("client", {"10.0.0.1"});
    REQUIRE(client.SetSysctl("tcp_syn_linear_timeouts", c.linear).ok());
    SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(client.Connect(s, Ep("10.9.9.9", 80)) == Errno::kEINPROGRESS);
    net.AdvanceTo(SimTime::FromNanos(int64_t{c.min_s} * 1'000'000'000 - 1));
    CHECK(net.env(client).ConnectResult(s) == Errno::kEINPROGRESS);
    net.AdvanceTo(SimTime::FromNanos(int64_t{c.max_s} * 1'000'000'000));
    CHECK(net.env(client).ConnectResult(s) == Errno::kETIMEDOUT);
    CHECK(Sent(client) == c.syns);
  }
}

TEST_CASE("a SYN timer of a slot's previous socket does not act on the next one", "[tcp]") {
  // A connect() refused at once frees its slot while its SYN timer is still
  // queued; the next socket in that slot, connecting into a drop, must
  // retransmit on its own schedule only (tcp_syn_linear_timeouts=0: 7 SYNs,
  // ETIMEDOUT 127-133 s after connect()). Before the fix the dead socket's
  // timer also fired on it, starting a second chain of retransmissions that
  // used up its retries early (ETIMEDOUT at ~64 s).
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  REQUIRE(client.SetSysctl("tcp_syn_linear_timeouts", "0").ok());
  SocketId refused = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(refused, Ep("10.0.0.2", 82)) == Errno::kEINPROGRESS);
  net.AdvanceTo(SimTime::FromNanos(100'000'000));
  REQUIRE(net.env(client).ConnectResult(refused) == Errno::kECONNREFUSED);
  REQUIRE(Sent(server) == 1);  // the RST
  SocketId dropped = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(dropped.index == refused.index);  // the slot is reused
  REQUIRE(client.Connect(dropped, Ep("10.9.9.9", 80)) == Errno::kEINPROGRESS);
  net.AdvanceTo(SimTime::FromNanos(int64_t{127} * 1'000'000'000));
  CHECK(net.env(client).ConnectResult(dropped) == Errno::kEINPROGRESS);
  net.AdvanceTo(SimTime::FromNanos(int64_t{134} * 1'000'000'000));
  CHECK(net.env(client).ConnectResult(dropped) == Errno::kETIMEDOUT);
  CHECK(Sent(client) == 1 + 7);
}

TEST_CASE("calls on a connecting socket", "[tcp]") {
  // __inet_stream_connect: EALREADY; sk_stream_wait_connect: EAGAIN.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(s, Ep("10.9.9.9", 80)) == Errno::kEINPROGRESS);
  CHECK(client.Connect(s, Ep("10.9.9.9", 80)) == Errno::kEALREADY);
  CHECK(client.Send(s, 10, std::nullopt) == Errno::kEAGAIN);
  SocketId fresh = client.OpenSocket(net::Protocol::kTcp, false);
  CHECK(client.Send(fresh, 10, std::nullopt) == Errno::kEPIPE);
}

TEST_CASE("an orphaned FIN-WAIT-2 leaves after tcp_fin_timeout", "[tcp]") {
  // tcp_rcv_state_process: the server closes first, the client never does.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  Listen(server, 80, Duration::Millis(10));
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(1));
  auto server_states = [&] {
    std::vector<std::string> out;
    for (const SocketRow& r : server.SocketTable()) out.emplace_back(r.state);
    return out;
  };
  CHECK(server_states() == std::vector<std::string>{"LISTEN", "FIN-WAIT-2"});
  CHECK(client.Get(c)->state == TcpState::kCloseWait);
  net.Advance(Duration::Seconds(58));
  CHECK(server_states() == std::vector<std::string>{"LISTEN", "FIN-WAIT-2"});
  net.Advance(Duration::Seconds(4));  // 60 s after the FIN, wheel-rounded
  CHECK(server_states() == std::vector<std::string>{"LISTEN"});
  // The client's late FIN meets no socket: RST, and nobody holds TIME-WAIT.
  REQUIRE(client.Close(c) == Errno::kOk);
  net.Deliver();
  CHECK(server.figures(net::Protocol::kTcp).rst_sent == 1);
  CHECK(server.figures(net::Protocol::kTcp).peak_time_wait == 0);
  CHECK(client.figures(net::Protocol::kTcp).time_wait == 0);
}

TEST_CASE("a listener's close_after goes with it, not to the next socket in its slot", "[tcp]") {
  // close_after is kept beside the socket slots (Host), not in them: a
  // listener closed and a new one opened in the same slot must not close
  // its connections on the old one's schedule.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId old_listener = Listen(server, 80, Duration::Millis(10));
  REQUIRE(server.Close(old_listener) == Errno::kOk);
  SocketId listener = Listen(server, 80);
  REQUIRE(listener.index == old_listener.index);  // the slot is reused
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(1));
  CHECK(client.Get(c)->state == TcpState::kEstablished);
  std::vector<std::string> states;
  for (const SocketRow& r : server.SocketTable()) states.emplace_back(r.state);
  CHECK(states == std::vector<std::string>{"LISTEN", "ESTABLISHED"});
}

TEST_CASE("a SYN to a TIME-WAIT 4-tuple", "[tcp]") {
  // tcp_timewait_state_process: with a listener the TIME-WAIT gives way
  // (TCP_TW_SYN); without one it answers ACK (TCP_TW_ACK), the client
  // resets that ACK (tcp_rcv_synsent_state_process), which ends the
  // TIME-WAIT, and its SYN, sent again after TCP_TIMEOUT_MIN, meets a RST.
  for (bool listening : {true, false}) {
    INFO("listener still open: " << listening);
    TestNetwork net;
    Host& client = net.AddHost("client", {"10.0.0.1"});
    Host& server = net.AddHost("server", {"10.0.0.2"});
    SocketId l = Listen(server, 80, Duration::Millis(10));  // the server closes first
    SocketOptionSet reuse;
    reuse.reuseaddr = true;
    SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(client.SetOptions(c, reuse) == Errno::kOk);
    REQUIRE(client.Bind(c, Ep("10.0.0.1", 40000)) == Errno::kOk);
    REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
    net.Advance(Duration::Seconds(1));
    REQUIRE(client.Close(c) == Errno::kOk);
    net.Deliver();
    REQUIRE(server.figures(net::Protocol::kTcp).time_wait == 1);
    if (!listening) REQUIRE(server.Close(l) == Errno::kOk);
    const int64_t client_sent = Sent(client), server_sent = Sent(server);

    SocketId again = client.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(client.SetOptions(again, reuse) == Errno::kOk);
    REQUIRE(client.Bind(again, Ep("10.0.0.1", 40000)) == Errno::kOk);
    REQUIRE(client.Connect(again, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
    net.Advance(Duration::Millis(100));
    CHECK(server.figures(net::Protocol::kTcp).time_wait == 0);
    if (listening) {
      CHECK(net.env(client).ConnectResult(again) == Errno::kOk);
    } else {
      CHECK(net.env(client).ConnectResult(again) == Errno::kECONNREFUSED);
      CHECK(Sent(client) - client_sent == 3);  // SYN, RST, SYN
      CHECK(Sent(server) - server_sent == 2);  // ACK, RST|ACK
    }
  }
}

TEST_CASE("a SYN offers timestamps where its OS does by default", "[tcp]") {
  // RFC 7323 §3.2 option on the SYN: Linux (net.ipv4.tcp_timestamps=1),
  // the BSDs (net.inet.tcp.rfc1323=1) and ns-3 (TcpSocketBase "Timestamp")
  // offer it; Windows (Tcp1323Opts, "RFC 1323 Timestamps: disabled") and
  // lwIP (LWIP_TCP_TIMESTAMPS 0) do not.
  const std::pair<const char*, bool> kCases[] = {
      {"linux", true}, {"freebsd", true}, {"macos", true}, {"ns3", true},
      {"windows", false}, {"lwip", false},
  };
  for (const auto& [os, offers] : kCases) {
    INFO(os);
    net::AddressPool pool;
    FakeEnvironment env;
    Host h("client", {testing::Ip("10.0.0.1")}, *FindProfile(os), 1, pool, env);
    SocketId s = h.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(h.Connect(s, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
    REQUIRE(env.transmitted().size() == 1);
    CHECK(((env.transmitted()[0].flags & net::kTimestamps) != 0) == offers);
  }
}

TEST_CASE("a TIME-WAIT takes a new SYN by its sequence number or its timestamps", "[tcp]") {
  // tcp_timewait_state_process: TCP_TW_SYN when the SYN's sequence is after
  // RCV.NXT, or when the connection used timestamps (both SYNs offered
  // them, RFC 7323 §3.2) and the SYN carries newer ones (RFC 6191); else
  // the SYN is an old duplicate and is answered with an ACK (TCP_TW_ACK).
  struct Case {
    const char* name;
    bool server_ts, client_ts;  // net.ipv4.tcp_timestamps of each
    bool syn_ts;                // the new SYN carries timestamps
    int32_t seq_past_rcv_nxt;   // the new SYN's sequence - RCV.NXT
    bool taken;
  };
  const Case kCases[] = {
      {"timestamps both ways, an old sequence", true, true, true, -100, true},
      {"a SYN without timestamps, an old sequence", true, true, false, -100, false},
      {"a SYN without timestamps, a later sequence", true, true, false, 100000, true},
      {"the server uses none, an old sequence", false, true, true, -100, false},
      {"the client used none, an old sequence", true, false, true, -100, false},
      {"no timestamps at all, a later sequence", false, false, false, 100000, true},
      {"no timestamps at all, the same sequence", false, false, false, 0, false},
  };
  for (const Case& c : kCases) {
    INFO(c.name);
    TestNetwork net;
    Host& client = net.AddHost("client", {"10.0.0.1"});
    Host& server = net.AddHost("server", {"10.0.0.2"});
    REQUIRE(server.SetSysctl("tcp_timestamps", c.server_ts ? "1" : "0").ok());
    REQUIRE(client.SetSysctl("tcp_timestamps", c.client_ts ? "1" : "0").ok());
    Listen(server, 80, Duration::Millis(10));  // the server closes first
    SocketId cl = client.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(client.Bind(cl, Ep("10.0.0.1", 40000)) == Errno::kOk);
    REQUIRE(client.Connect(cl, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
    net.Advance(Duration::Seconds(1));
    REQUIRE(client.Close(cl) == Errno::kOk);
    net.Deliver();
    const net::AddrId client_addr = net.pool().Intern(testing::Ip("10.0.0.1"));
    const net::AddrId server_addr = net.pool().Intern(testing::Ip("10.0.0.2"));
    std::optional<SocketId> tw = server.FindConnection(net::Protocol::kTcp, server_addr, 80, client_addr, 40000);
    REQUIRE(tw);
    REQUIRE(server.Get(*tw)->state == TcpState::kTimeWait);
    net::Segment syn;
    syn.kind = net::SegmentKind::kTcp;
    syn.flags = net::kSyn | (c.syn_ts ? net::kTimestamps : 0);
    syn.src = client_addr;
    syn.dst = server_addr;
    syn.sport = 40000;
    syn.dport = 80;
    syn.seq = server.Get(*tw)->rcv_nxt + static_cast<uint32_t>(c.seq_past_rcv_nxt);
    server.Receive(syn);
    std::optional<SocketId> now = server.FindConnection(net::Protocol::kTcp, server_addr, 80, client_addr, 40000);
    REQUIRE(now);
    CHECK(server.Get(*now)->state == (c.taken ? TcpState::kSynReceived : TcpState::kTimeWait));
  }
}

TEST_CASE("a handshake finishing after its listener closed is reset", "[tcp]") {
  // inet_csk_listen_stop drops the request sockets; the final ACK finds none.
  TestNetwork net;
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId l = Listen(server, 80);
  net::Segment syn;
  syn.kind = net::SegmentKind::kTcp;
  syn.flags = net::kSyn;
  syn.src = net.pool().Intern(testing::Ip("10.0.0.1"));
  syn.dst = net.pool().Intern(testing::Ip("10.0.0.2"));
  syn.sport = 40000;
  syn.dport = 80;
  server.Receive(syn);  // SYN-RECEIVED
  REQUIRE(server.Close(l) == Errno::kOk);
  SocketId other = Listen(server, 81);  // takes the listener's slot
  REQUIRE(other.index == l.index);
  net::Segment ack = syn;
  ack.flags = net::kAck;
  const int64_t rst = server.figures(net::Protocol::kTcp).rst_sent;
  server.Receive(ack);
  CHECK(server.figures(net::Protocol::kTcp).rst_sent == rst + 1);
  CHECK(server.figures(net::Protocol::kTcp).established == 0);
}

TEST_CASE("UDP: sendto() names its destination, the socket bound last receives", "[udp]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketOptionSet reuse;
  reuse.reuseaddr = true;
  SocketId first = server.OpenSocket(net::Protocol::kUdp, false);
  SocketId second = server.OpenSocket(net::Protocol::kUdp, false);
  for (SocketId s : {first, second}) {
    REQUIRE(server.SetOptions(s, reuse) == Errno::kOk);
    REQUIRE(server.Bind(s, Ep("0.0.0.0", 5002)) == Errno::kOk);
  }
  SocketId u = client.OpenSocket(net::Protocol::kUdp, false);
  REQUIRE(client.Connect(u, Ep("10.0.0.2", 5001)) == Errno::kOk);
  // udp_sendmsg: the address given wins over the connected peer.
  REQUIRE(client.Send(u, 20, Ep("10.0.0.2", 5002)) == Errno::kOk);
  net.Deliver();
  CHECK(server.figures(net::Protocol::kUdp).icmp_unreachable_sent == 0);
  CHECK(server.Get(second)->rcv_nxt == 20);
  CHECK(server.Get(first)->rcv_nxt == 0);
}

}  // namespace
}  // namespace portlab::stack
