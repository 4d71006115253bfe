// Host::PlaceSockets (stack/placed_socket.h): sockets already there at the
// start hold what the kernel's would, so later calls probe around them.
// Each case: a range, the sockets placed, then calls and what they find.
#include <catch2/catch.hpp>

#include <set>

#include "stack/fake_environment.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::FakeEnvironment;

constexpr TcpState kEst = TcpState::kEstablished;

PlacedSocket Tcp(TcpState state, net::Endpoint local, std::optional<net::Endpoint> remote = std::nullopt,
                 std::optional<Duration> timer = std::nullopt) {
  return PlacedSocket{net::Protocol::kTcp, state, local, remote, timer};
}

struct PlacedHost {
  net::AddressPool pool;
  FakeEnvironment env;
  std::unique_ptr<Host> host;
  explicit PlacedHost(std::string_view range) {
    host = std::make_unique<Host>("client", std::vector<net::IpAddress>{*net::IpAddress::Parse("10.0.0.1")},
                                  *FindProfile("linux"), 7, pool, env);
    REQUIRE(host->SetSysctl("net.ipv4.ip_local_port_range", range).ok());
  }
  // connect() until one fails: the ports taken, then the errno that ended it.
  std::pair<std::set<uint16_t>, Errno> ConnectUntilFail(net::Endpoint to, int at_most = 100) {
    std::set<uint16_t> ports;
    for (int i = 0; i < at_most; ++i) {
      SocketId s = host->OpenSocket(net::Protocol::kTcp, false);
      const Errno e = host->Connect(s, to);
      if (e != Errno::kEINPROGRESS) return {ports, e};
      ports.insert(host->Get(s)->local_port);
    }
    return {ports, Errno::kOk};
  }
};

struct ConnectCase {
  std::string name;
  std::vector<PlacedSocket> placed;
  net::Endpoint to;
  std::set<uint16_t> ports;  // connect() gets these, then EADDRNOTAVAIL
};

TEST_CASE("placed sockets take their ports from connect() as the kernel's do", "[placed]") {
  const net::Endpoint d = Ep("10.0.0.2", 80);
  const std::vector<ConnectCase> cases = {
      {"nothing placed: the whole range", {}, d, {40000, 40001, 40002, 40003}},
      {"ESTABLISHED toward the destination holds its ports",
       {Tcp(kEst, Ep("10.0.0.1", 40000), d), Tcp(kEst, Ep("10.0.0.1", 40001), d)}, d, {40002, 40003}},
      {"ESTABLISHED toward another destination holds only its 4-tuple",
       {Tcp(kEst, Ep("10.0.0.1", 40000), Ep("10.0.0.3", 80))}, d, {40000, 40001, 40002, 40003}},
      {"a TIME-WAIT holds its 4-tuple (tcp_tw_reuse 2: not for other hosts)",
       {Tcp(TcpState::kTimeWait, Ep("10.0.0.1", 40003), d, Duration::Seconds(5))}, d, {40000, 40001, 40002}},
      {"a listener inside the range was bound: connect() skips its port",
       {Tcp(TcpState::kListen, Ep("0.0.0.0", 40001))}, d, {40000, 40002, 40003}},
      {"a SYN-SENT holds its 4-tuple", {Tcp(TcpState::kSynSent, Ep("10.0.0.1", 40002), d)}, d, {40000, 40001, 40003}},
      {"a CLOSE-WAIT and a FIN-WAIT-2 hold theirs",
       {Tcp(TcpState::kCloseWait, Ep("10.0.0.1", 40000), d), Tcp(TcpState::kFinWait2, Ep("10.0.0.1", 40001), d)},
       d, {40002, 40003}},
  };
  for (const ConnectCase& c : cases) {
    SECTION(c.name) {
      PlacedHost h("40000 40003");
      size_t failed = 99;
      REQUIRE(h.host->PlaceSockets(c.placed, &failed).ok());
      auto [ports, e] = h.ConnectUntilFail(c.to);
      CHECK(ports == c.ports);
      CHECK(e == Errno::kEADDRNOTAVAIL);
    }
  }
}

TEST_CASE("a placed TIME-WAIT leaves after the time left it was given", "[placed]") {
  PlacedHost h("40000 40001");
  const net::Endpoint d = Ep("10.0.0.2", 80);
  // Given in the reverse of their expiry: placement queues them in order.
  std::vector<PlacedSocket> placed = {Tcp(TcpState::kTimeWait, Ep("10.0.0.1", 40000), d, Duration::Seconds(30)),
                                      Tcp(TcpState::kTimeWait, Ep("10.0.0.1", 40001), d, Duration::Millis(12500))};
  size_t failed = 0;
  REQUIRE(h.host->PlaceSockets(placed, &failed).ok());
  CHECK(h.host->figures(net::Protocol::kTcp).time_wait == 2);
  for (const SocketRow& r : h.host->SocketTable()) {
    CHECK(r.timer_left == (r.local.port.value() == 40000 ? Duration::Seconds(30) : Duration::Millis(12500)));
  }
  REQUIRE(h.env.timers().size() == 1);  // one sweep timer, at the first expiry
  CHECK(h.env.timers()[0].at == SimTime::FromNanos(Duration::Millis(12500).nanos()));
  CHECK(h.ConnectUntilFail(d).second == Errno::kEADDRNOTAVAIL);
  h.env.set_now(SimTime::FromNanos(Duration::Millis(12500).nanos()));
  h.host->OnTimer(TimerKind::kTimeWaitSweep, 0, 0);
  auto [ports, e] = h.ConnectUntilFail(d);
  CHECK(ports == std::set<uint16_t>{40001});
  CHECK(h.host->figures(net::Protocol::kTcp).time_wait == 1);
}

TEST_CASE("a placed orphaned FIN-WAIT-2 runs tcp_fin_timeout, one its application holds none", "[placed]") {
  PlacedHost h("40000 40001");
  const net::Endpoint d = Ep("10.0.0.2", 80);
  PlacedSocket held = Tcp(TcpState::kFinWait2, Ep("10.0.0.1", 40001), d);
  held.held_by_application = true;
  std::vector<PlacedSocket> placed = {Tcp(TcpState::kFinWait2, Ep("10.0.0.1", 40000), d, Duration::Seconds(20)), held};
  size_t failed = 0;
  REQUIRE(h.host->PlaceSockets(placed, &failed).ok());
  // One timer: the orphan's, 20 s on.
  REQUIRE(h.env.timers().size() == 1);
  CHECK(h.env.timers()[0].at == SimTime::FromNanos(Duration::Seconds(20).nanos()));
  CHECK(h.ConnectUntilFail(d).second == Errno::kEADDRNOTAVAIL);
}

TEST_CASE("a placed connection on a listener's port is its child, bound explicitly", "[placed]") {
  PlacedHost h("40000 40003");
  std::vector<PlacedSocket> placed = {Tcp(kEst, Ep("10.0.0.1", 80), Ep("10.0.0.9", 5000)),
                                      Tcp(TcpState::kListen, Ep("10.0.0.1", 80))};
  size_t failed = 0;
  REQUIRE(h.host->PlaceSockets(placed, &failed).ok());
  // Listed after its child, the listener was placed first.
  SocketId s = h.host->OpenSocket(net::Protocol::kTcp, false);
  CHECK(h.host->Bind(s, Ep("10.0.0.1", 80)) == Errno::kEADDRINUSE);
  CHECK(h.host->last_cause() == FailureCause::kPortInUseByListener);
  CHECK(h.host->figures(net::Protocol::kTcp).established == 1);
  // A SYN for the port reaches the listener.
  net::Segment syn;
  syn.kind = net::SegmentKind::kTcp;
  syn.flags = net::kSyn;
  syn.src = h.pool.Intern(*net::IpAddress::Parse("10.0.0.8"));
  syn.sport = 6000;
  syn.dst = h.pool.Intern(*net::IpAddress::Parse("10.0.0.1"));
  syn.dport = 80;
  CHECK(h.host->Demux(syn).rule == DemuxRule::kListenerAddress);
}

TEST_CASE("a placed UDP socket holds its port from bind()", "[placed]") {
  PlacedHost h("40000 40003");
  std::vector<PlacedSocket> placed = {PlacedSocket{net::Protocol::kUdp, TcpState::kClosed, Ep("0.0.0.0", 5353), std::nullopt, std::nullopt}};
  size_t failed = 0;
  REQUIRE(h.host->PlaceSockets(placed, &failed).ok());
  SocketId s = h.host->OpenSocket(net::Protocol::kUdp, false);
  CHECK(h.host->Bind(s, Ep("0.0.0.0", 5353)) == Errno::kEADDRINUSE);
}

struct BadPlacement {
  std::string name;
  std::vector<PlacedSocket> placed;
  size_t failed;
  std::string message;
};

TEST_CASE("placements the kernel could not have held are refused, naming the entry", "[placed]") {
  const net::Endpoint d = Ep("10.0.0.2", 80);
  const std::vector<BadPlacement> cases = {
      {"an address not the host's", {Tcp(kEst, Ep("10.0.0.5", 40000), d)}, 0, "not an address of host client"},
      {"one 4-tuple twice", {Tcp(kEst, Ep("10.0.0.1", 40000), d), Tcp(TcpState::kTimeWait, Ep("10.0.0.1", 40000), d)},
       1, "already held"},
      {"a TIME-WAIT longer than the host's", {Tcp(TcpState::kTimeWait, Ep("10.0.0.1", 40000), d, Duration::Seconds(90))},
       0, "longer than the host's TIME-WAIT"},
      {"LISTEN with a remote end", {Tcp(TcpState::kListen, Ep("10.0.0.1", 80), d)}, 0, "has no remote end"},
      {"ESTABLISHED without one", {Tcp(kEst, Ep("10.0.0.1", 40000))}, 0, "needs a remote end"},
      {"port 0", {Tcp(kEst, Ep("10.0.0.1", 0), d)}, 0, "1 to 65535"},
  };
  for (const BadPlacement& c : cases) {
    SECTION(c.name) {
      PlacedHost h("40000 40003");
      size_t failed = 99;
      absl::Status s = h.host->PlaceSockets(c.placed, &failed);
      CHECK(s.code() == absl::StatusCode::kInvalidArgument);
      CHECK_THAT(std::string(s.message()), Catch::Contains(c.message));
      CHECK(failed == c.failed);
    }
  }
}

}  // namespace
}  // namespace portlab::stack
