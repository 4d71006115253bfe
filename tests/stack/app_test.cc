// Applications on sockets (stack/app.h, src/stack/host_app.cc): what each
// app answers, from which socket and port, whether it closes, and how a
// client's request is matched with its answer and timed. Tables of cases;
// requests and answers are carried by hand so each one can be looked at.
#include <catch2/catch.hpp>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::FakeEnvironment;
using testing::TestNetwork;

constexpr uint16_t kServerPort = 7;

// The one segment `from` has sent since the last call, taken off its wire
// and received by `to`.
net::Segment Carry(FakeEnvironment& from, Host& to) {
  REQUIRE(from.transmitted().size() >= 1);
  const net::Segment seg = from.transmitted().front();
  from.transmitted().erase(from.transmitted().begin());
  to.Receive(seg);
  return seg;
}

App Respond(uint32_t bytes) { return App{AppKind::kRespond, bytes}; }
App Echo() { return App{AppKind::kEcho}; }

TEST_CASE("AnswerBytes gives each app's answer to a request", "[app]") {
  struct Case {
    const char* name;
    App app;
    uint32_t request;
    std::optional<uint32_t> answer;
  };
  const Case cases[] = {
      {"discard reads and never answers", App{}, 100, std::nullopt},
      {"echo returns what arrived", Echo(), 100, 100},
      {"echo of an empty datagram is empty", Echo(), 0, 0},
      {"respond answers its own size whatever the request", Respond(512), 20, 512},
      {"respond with close still answers", App{AppKind::kRespond, 64, /*close=*/true}, 1, 64},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(AnswerBytes(c.app, c.request) == c.answer);
  }
  CHECK(AppDescription(App{AppKind::kRespond, 512, true, true}) ==
        "respond 512, from a new port, then close");
}

TEST_CASE("a TCP server's app answers each request on the accepted connection", "[app]") {
  struct Case {
    const char* name;
    App app;
    uint32_t request;
    int64_t answered;        // requests the client saw answered
    int64_t answer_bytes;    // what came back
    TcpState client_after;   // the client's socket once the answer is in
  };
  const Case cases[] = {
      {"echo: the request's own size", Echo(), 300, 1, 300, TcpState::kEstablished},
      {"respond: its size", Respond(1500), 300, 1, 1500, TcpState::kEstablished},
      {"discard: only an ACK", App{}, 300, 0, 0, TcpState::kEstablished},
      {"respond then close: the server's FIN follows its answer",
       App{AppKind::kRespond, 1500, /*close=*/true}, 300, 1, 1500, TcpState::kCloseWait},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TestNetwork net;
      Host& client = net.AddHost("client", {"10.0.0.1"});
      Host& server = net.AddHost("server", {"10.0.0.2"});
      SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
      REQUIRE(server.Bind(l, Ep("0.0.0.0", kServerPort)) == Errno::kOk);
      REQUIRE(server.Listen(l) == Errno::kOk);
      REQUIRE(server.SetApp(l, c.app) == Errno::kOk);
      SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
      REQUIRE(client.Connect(s, Ep("10.0.0.2", kServerPort)) == Errno::kEINPROGRESS);
      net.Deliver();
      REQUIRE(net.env(client).ConnectResult(s) == Errno::kOk);
      const int64_t server_sent = server.figures(net::Protocol::kTcp).segments_sent;

      REQUIRE(client.Request(s, c.request, std::nullopt) == Errno::kOk);
      const net::Segment request = Carry(net.env(client), server);
      std::vector<net::Segment>& out = net.env(server).transmitted();
      // The answer (or the bare ACK) leaves the accepted socket with the
      // request's ports swapped, and acknowledges the request itself.
      REQUIRE_FALSE(out.empty());
      CHECK(out[0].sport == request.dport);
      CHECK(out[0].dport == request.sport);
      CHECK(out[0].src == request.dst);
      CHECK(out[0].dst == request.src);
      CHECK(out[0].length == static_cast<uint32_t>(c.answer_bytes));
      CHECK((out[0].flags & net::kAck));
      CHECK(server.figures(net::Protocol::kTcp).segments_sent - server_sent ==
            (c.app.close ? 2 : 1));
      net.Deliver();

      const ConversationFigures& got = client.figures(net::Protocol::kTcp).conversation;
      CHECK(got.requests_sent == 1);
      CHECK(got.requests_answered == c.answered);
      CHECK(got.bytes_sent == c.request);
      CHECK(got.bytes_received == c.answer_bytes);
      CHECK(net.env(client).answers().size() == static_cast<size_t>(c.answered));
      const ConversationFigures& served = server.figures(net::Protocol::kTcp).conversation;
      CHECK(served.requests_received == 1);
      CHECK(served.responses_sent == c.answered);
      REQUIRE(client.Get(s) != nullptr);
      CHECK(client.Get(s)->state == c.client_after);
      // The listener keeps its app; the accepted connection inherited it.
      REQUIRE(server.AppOf(l) != nullptr);
      CHECK(*server.AppOf(l) == c.app);
    }
  }
}

TEST_CASE("a UDP socket's app answers each datagram to its sender", "[app]") {
  struct Case {
    const char* name;
    App app;
    uint32_t request;
    std::optional<uint32_t> answer;  // its size, or none
    bool new_port;                   // answered from a port other than the server's
    int64_t server_ports_after;      // UDP ports the server holds afterwards
  };
  const Case cases[] = {
      {"echo", Echo(), 40, 40, false, 1},
      {"respond: a DNS answer", Respond(120), 40, 120, false, 1},
      {"discard: no answer", App{}, 40, std::nullopt, false, 1},
      {"respond from a new port: TFTP's transfer identifier",
       App{AppKind::kRespond, 512, false, /*from_new_port=*/true}, 20, 512, true, 2},
      {"from a new port, then close: the transfer socket goes",
       App{AppKind::kRespond, 512, /*close=*/true, /*from_new_port=*/true}, 20, 512, true, 1},
      {"respond then close: the server's own socket goes",
       App{AppKind::kRespond, 8, /*close=*/true}, 20, 8, false, 0},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TestNetwork net;
      Host& client = net.AddHost("client", {"10.0.0.1"});
      Host& server = net.AddHost("server", {"10.0.0.2"});
      SocketId u = server.OpenSocket(net::Protocol::kUdp, false);
      REQUIRE(server.Bind(u, Ep("0.0.0.0", kServerPort)) == Errno::kOk);
      REQUIRE(server.SetApp(u, c.app) == Errno::kOk);
      SocketId s = client.OpenSocket(net::Protocol::kUdp, false);
      REQUIRE(client.Request(s, c.request, Ep("10.0.0.2", kServerPort)) == Errno::kOk);
      const net::Segment request = Carry(net.env(client), server);
      std::vector<net::Segment>& out = net.env(server).transmitted();
      REQUIRE(out.size() == (c.answer ? 1u : 0u));
      if (c.answer) {
        const net::Segment& a = out[0];
        CHECK(a.kind == net::SegmentKind::kUdp);
        CHECK(a.length == *c.answer);
        CHECK(a.dst == request.src);
        CHECK(a.dport == request.sport);
        CHECK(a.src == request.dst);
        CHECK((a.sport != request.dport) == c.new_port);
        Carry(net.env(server), client);
      }
      CHECK(server.figures(net::Protocol::kUdp).ports_in_use == c.server_ports_after);
      const ConversationFigures& got = client.figures(net::Protocol::kUdp).conversation;
      CHECK(got.requests_answered == (c.answer ? 1 : 0));
      CHECK(got.bytes_received == c.answer.value_or(0));
      // The client's socket, unconnected, took the answer from wherever it
      // came (a connected one would have refused another port).
      CHECK(server.figures(net::Protocol::kUdp).icmp_unreachable_sent == 0);
    }
  }
}

TEST_CASE("an answer to a socket's own request is not a request to its app", "[app]") {
  // Two echo sockets: a's request is echoed by b, and a, awaiting it, takes
  // it as its answer instead of echoing it back (which would never end).
  TestNetwork net;
  Host& a = net.AddHost("a", {"10.0.0.1"});
  Host& b = net.AddHost("b", {"10.0.0.2"});
  SocketId sa = a.OpenSocket(net::Protocol::kUdp, false);
  SocketId sb = b.OpenSocket(net::Protocol::kUdp, false);
  REQUIRE(a.Bind(sa, Ep("0.0.0.0", 7)) == Errno::kOk);
  REQUIRE(b.Bind(sb, Ep("0.0.0.0", 7)) == Errno::kOk);
  REQUIRE(a.SetApp(sa, Echo()) == Errno::kOk);
  REQUIRE(b.SetApp(sb, Echo()) == Errno::kOk);
  REQUIRE(a.Request(sa, 30, Ep("10.0.0.2", 7)) == Errno::kOk);
  CHECK(net.Deliver() == 2);
  CHECK(a.figures(net::Protocol::kUdp).conversation.requests_answered == 1);
  CHECK(a.figures(net::Protocol::kUdp).conversation.responses_sent == 0);
  CHECK(b.figures(net::Protocol::kUdp).conversation.responses_sent == 1);
}

TEST_CASE("the transfer socket answers later requests from its own port", "[app]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId u = server.OpenSocket(net::Protocol::kUdp, false);
  REQUIRE(server.Bind(u, Ep("0.0.0.0", 69)) == Errno::kOk);
  REQUIRE(server.SetApp(u, App{AppKind::kRespond, 512, false, true}) == Errno::kOk);
  SocketId s = client.OpenSocket(net::Protocol::kUdp, false);
  REQUIRE(client.Request(s, 20, Ep("10.0.0.2", 69)) == Errno::kOk);
  Carry(net.env(client), server);
  const net::Segment data1 = Carry(net.env(server), client);
  REQUIRE(data1.sport != 69);
  // The ACK goes to the transfer port; the next block comes from it too,
  // and no third socket is opened.
  REQUIRE(client.Request(s, 4, Ep("10.0.0.2", data1.sport)) == Errno::kOk);
  Carry(net.env(client), server);
  const net::Segment data2 = Carry(net.env(server), client);
  CHECK(data2.sport == data1.sport);
  CHECK(server.figures(net::Protocol::kUdp).ports_in_use == 2);
  CHECK(client.figures(net::Protocol::kUdp).conversation.requests_answered == 2);
}

TEST_CASE("request to response time is measured per request, oldest first", "[app]") {
  // Two requests on one TCP connection, 1 ms apart; the server sees both
  // at 3 ms and its answers arrive at 8 ms: 8 ms and 7 ms.
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  REQUIRE(server.SetApp(l, Echo()) == Errno::kOk);
  SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(s, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Deliver();
  const SimTime t0 = net.now();
  REQUIRE(client.Request(s, 10, std::nullopt) == Errno::kOk);
  net.MoveClock(t0 + Duration::Millis(1));
  REQUIRE(client.Request(s, 20, std::nullopt) == Errno::kOk);
  net.MoveClock(t0 + Duration::Millis(3));
  Carry(net.env(client), server);
  Carry(net.env(client), server);
  net.MoveClock(t0 + Duration::Millis(8));
  net.Deliver();
  const std::vector<FakeEnvironment::Answer>& answers = net.env(client).answers();
  REQUIRE(answers.size() == 2);
  CHECK(answers[0].waited == Duration::Millis(8));
  CHECK(answers[0].bytes == 10);
  CHECK(answers[1].waited == Duration::Millis(7));
  CHECK(answers[1].bytes == 20);
  const ConversationFigures& c = client.figures(net::Protocol::kTcp).conversation;
  CHECK(c.requests_answered == 2);
  CHECK(c.response_time_min_ns == Duration::Millis(7).nanos());
  CHECK(c.response_time_max_ns == Duration::Millis(8).nanos());
  CHECK(c.response_time_mean_ns() == Duration::Micros(7500).nanos());
  // Nothing more is awaited: more data is not an answer.
  REQUIRE(server.figures(net::Protocol::kTcp).established == 1);
  CHECK(client.LastAnswerFrom(s) == Ep("10.0.0.2", 80));
}

TEST_CASE("an app with answers: N answers N requests and closes on the next", "[app]") {
  struct Case {
    const char* name;
    net::Protocol protocol;
    uint32_t answers;
    int requests;
    int64_t answered;
    int64_t server_ports_after;  // a UDP socket released, a TCP listener still there
  };
  const Case cases[] = {
      {"udp: two answers, the third request is the last word", net::Protocol::kUdp, 2, 3, 2, 0},
      {"udp: fewer requests than answers, still open", net::Protocol::kUdp, 5, 3, 3, 1},
      {"tcp: one answer, the second request brings the server's FIN", net::Protocol::kTcp, 1, 2, 1, 1},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TestNetwork net;
      Host& client = net.AddHost("client", {"10.0.0.1"});
      Host& server = net.AddHost("server", {"10.0.0.2"});
      const App app{AppKind::kRespond, 100, false, false, c.answers};
      SocketId srv = server.OpenSocket(c.protocol, false);
      REQUIRE(server.Bind(srv, Ep("0.0.0.0", kServerPort)) == Errno::kOk);
      if (c.protocol == net::Protocol::kTcp) REQUIRE(server.Listen(srv) == Errno::kOk);
      REQUIRE(server.SetApp(srv, app) == Errno::kOk);
      SocketId s = client.OpenSocket(c.protocol, false);
      const std::optional<net::Endpoint> to =
          c.protocol == net::Protocol::kUdp ? std::optional(Ep("10.0.0.2", kServerPort)) : std::nullopt;
      if (c.protocol == net::Protocol::kTcp) {
        REQUIRE(client.Connect(s, Ep("10.0.0.2", kServerPort)) == Errno::kEINPROGRESS);
        net.Deliver();
      }
      for (int i = 0; i < c.requests; ++i) {
        REQUIRE(client.Request(s, 10, to) == Errno::kOk);
        net.Deliver();
      }
      CHECK(client.figures(c.protocol).conversation.requests_answered == c.answered);
      CHECK(server.figures(c.protocol).conversation.responses_sent == c.answered);
      CHECK(server.figures(c.protocol).ports_in_use == c.server_ports_after);
      if (c.protocol == net::Protocol::kTcp) CHECK(client.Get(s)->state == TcpState::kCloseWait);
    }
  }
}

TEST_CASE("SetApp refuses what cannot run", "[app]") {
  TestNetwork net;
  Host& h = net.AddHost("h", {"10.0.0.1"});
  SocketId tcp = h.OpenSocket(net::Protocol::kTcp, false);
  struct Case {
    const char* name;
    SocketId socket;
    App app;
    Errno want;
  };
  const Case cases[] = {
      {"an answer from a new port is for UDP", tcp, App{AppKind::kRespond, 1, false, true},
       Errno::kEINVAL},
      {"a stale socket", SocketId{tcp.index, tcp.generation + 1}, Echo(), Errno::kEBADF},
      {"echo on TCP", tcp, Echo(), Errno::kOk},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(h.SetApp(c.socket, c.app) == c.want);
  }
  // Sockets share one entry per distinct app.
  SocketId other = h.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(h.SetApp(other, Echo()) == Errno::kOk);
  CHECK(h.Get(other)->app == h.Get(tcp)->app);
}

}  // namespace
}  // namespace portlab::stack
