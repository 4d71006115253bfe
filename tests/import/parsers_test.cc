// Each parser of the import area as a table: a line (or a few) in, the
// socket, knob or figure read, or the Problem at its line and column.
#include <catch2/catch.hpp>

#include <string>

#include "portlab/import/snapshot_reader.h"
#include "portlab/import/ss_parser.h"

namespace portlab::import {
namespace {

struct LineCase {
  std::string text;
  Format format;
  // Read: "tcp TIME-WAIT 10.0.0.1:40006 -> 10.0.0.2:8080 timer 33s"; not
  // read: "problem L:C: message".
  std::string expected;
};

std::string Describe(const Snapshot& s) {
  std::string out;
  for (const ObservedSocket& o : s.sockets) {
    out += std::string(net::ProtocolName(o.protocol)) + " " + std::string(scenario::SocketStateName(o.state)) + " " +
           o.local.ToString();
    if (o.remote) out += " -> " + o.remote->ToString();
    if (o.timer) out += " timer " + FormatDuration(*o.timer);
    if (o.held) out += " held";
    out += "\n";
  }
  for (const Problem& p : s.problems) {
    out += "problem " + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message + "\n";
  }
  return out;
}

void CheckCases(const std::vector<LineCase>& cases) {
  for (const LineCase& c : cases) {
    INFO(c.text);
    absl::StatusOr<Snapshot> s = ReadSnapshot(c.text, "f", c.format);
    if (!s.ok()) {
      CHECK("error: " + std::string(s.status().message()) == c.expected);
      continue;
    }
    CHECK(Describe(*s) == c.expected);
  }
}

TEST_CASE("ss's timer text reads as print_ms_timer writes it", "[import][ss]") {
  const std::vector<std::pair<std::string, std::optional<Duration>>> cases = {
      {"33sec", Duration::Seconds(33)},       {"1min", Duration::Seconds(60)},
      {"1min5sec", Duration::Seconds(65)},    {"5.123ms", Duration::Millis(5123)},
      {"200ms", Duration::Millis(200)},       {"12min", Duration::Seconds(720)},
      {"sec", std::nullopt},                  {"5", std::nullopt},
      {"5.1sec", std::nullopt},               {"1min5", std::nullopt},
  };
  for (const auto& [text, d] : cases) {
    INFO(text);
    CHECK(ParseSsTimer(text) == d);
  }
}

TEST_CASE("ss lines: each state, its timer, and what is not a socket", "[import][ss]") {
  const std::string h = "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n";
  CheckCases({
      {h + "LISTEN 0 16 0.0.0.0:2222 0.0.0.0:*\n", Format::kSsTcp, "tcp LISTEN 0.0.0.0:2222\n"},
      {h + "ESTAB 0 0 10.77.0.1:9000 10.77.0.2:59800 users:((\"python3\",pid=1,fd=8))\n", Format::kSsTcp,
       "tcp ESTAB 10.77.0.1:9000 -> 10.77.0.2:59800\n"},
      {h + "TIME-WAIT 0 0 10.77.0.1:40006 10.77.0.2:8080 timer:(timewait,33sec,0)\n", Format::kSsTcp,
       "tcp TIME-WAIT 10.77.0.1:40006 -> 10.77.0.2:8080 timer 33s\n"},
      {h + "ESTAB 0 0 10.0.0.1:22 10.0.0.9:5000 timer:(keepalive,1min59sec,0)\n", Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:22 -> 10.0.0.9:5000\n"},
      {h + "LISTEN 0 128 [::]:22 [::]:*\nLISTEN 0 128 *:80 *:*\n", Format::kSsTcp,
       "tcp LISTEN [::]:22\ntcp LISTEN [::]:80\n"},
      {h + "ESTAB 0 0 [::ffff:10.0.0.1]:80 [::ffff:10.0.0.9]:5000\n", Format::kSsTcp,
       "tcp ESTAB [::ffff:10.0.0.1]:80 -> [::ffff:10.0.0.9]:5000\n"},
      {h + "UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*\n", Format::kSsUdp, "udp UNCONN 127.0.0.53:53\n"},
      {"Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
       "udp UNCONN 0 0 0.0.0.0:5353 0.0.0.0:*\ntcp SYN-SENT 0 1 10.0.0.1:40000 10.0.0.2:80\n",
       Format::kSsTcp, "udp UNCONN 0.0.0.0:5353\ntcp SYN-SENT 10.0.0.1:40000 -> 10.0.0.2:80\n"},
      {h + "LISTEN 0 16 0.0.0.0:2222 0.0.0.0:*\nOPEN 0 0 10.0.0.1:1 10.0.0.2:2\n", Format::kSsTcp,
       "tcp LISTEN 0.0.0.0:2222\nproblem 3:1: \"OPEN\" is not a TCP state\n"},
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\nLISTEN 0 0 0.0.0.0:53 0.0.0.0:*\n", Format::kSsUdp,
       "udp ESTAB 10.0.0.1:1 -> 10.0.0.2:2\nproblem 3:1: \"LISTEN\" is not a UDP state\n"},
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\nESTAB 0 0 10.0.0.1:x 10.0.0.2:2\n", Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:1 -> 10.0.0.2:2\nproblem 3:11: \"10.0.0.1:x\" is not ADDRESS:PORT\n"},
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\nESTAB 0 0 10.0.0.1:3\n", Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:1 -> 10.0.0.2:2\nproblem 3:1: not an ss socket line: STATE RECV-Q SEND-Q LOCAL:PORT PEER:PORT\n"},
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:*\n", Format::kSsTcp,
       "error: f:2:22: ESTAB without a peer (and no line of the file could be read as ss-tcp)"},
      {h, Format::kSsTcp, ""},
      // Two families on one socket: no kernel prints it (the fuzzed import
      // wrote a scenario that did not load; fuzz/findings/import).
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\nESTAB 0 0 [2001:db8::]:135 10.77.0.1:40078\n", Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:1 -> 10.0.0.2:2\nproblem 3:28: \"10.77.0.1:40078\" is not of the family of "
       "\"[2001:db8::]:135\": an IPv4 and an IPv6 end on one socket\n"},
  });
}

TEST_CASE("ss: zones, its detail lines, a FIN-WAIT-2 its process holds, and a state filter", "[import][ss]") {
  const std::string h = "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n";
  CheckCases({
      // misc/ss.c prints a socket's device after the address, brackets and all.
      {h + "ESTAB 0 0 [fe80::40db:bff:fe1f:cd30]%vc:40006 [fe80::4405:f5ff:fea6:5f3f]:7000\n", Format::kSsTcp,
       "tcp ESTAB [fe80::40db:bff:fe1f:cd30]:40006 -> [fe80::4405:f5ff:fea6:5f3f]:7000\n"},
      {h + "LISTEN 0 128 [::]%lo:22 [::]:*\nLISTEN 0 128 [fe80::1%eth0]:23 [::]:*\n", Format::kSsTcp,
       "tcp LISTEN [::]:22\ntcp LISTEN [fe80::1]:23\n"},
      // ss -i and -m: a tab-indented line under each socket.
      {h + "ESTAB 0 0 10.0.0.1:1 10.0.0.2:2\n\t cubic wscale:7,7 rto:204\nESTAB 0 0 10.0.0.1:3 10.0.0.2:2\n"
           "\t skmem:(r0,rb131072,t0,tb16384,f0,w0,o0,bl0,d0)\n",
       Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:1 -> 10.0.0.2:2\ntcp ESTAB 10.0.0.1:3 -> 10.0.0.2:2\n"
       "problem 3:0: 2 tab-indented lines of details (ss -i, -m) under their sockets: portlab does not model them, "
       "left out\n"},
      // A FIN-WAIT-2 whose process ss names was shut down, not closed: no
      // timer runs; an orphan's does.
      {h + "FIN-WAIT-2 0 0 10.0.0.1:40012 10.0.0.2:9000 users:((\"python3\",pid=1,fd=52))\n"
           "FIN-WAIT-2 0 0 10.0.0.1:40014 10.0.0.2:9000 timer:(timewait,58sec,0)\n",
       Format::kSsTcp,
       "tcp FIN-WAIT-2 10.0.0.1:40012 -> 10.0.0.2:9000 held\ntcp FIN-WAIT-2 10.0.0.1:40014 -> 10.0.0.2:9000 timer 58s\n"},
      // ss -o without -p: no timer where ss -o shows timers is no orphan.
      {h + "FIN-WAIT-2 0 0 10.0.0.1:40012 10.0.0.2:9000\n"
           "TIME-WAIT 0 0 10.0.0.1:40016 10.0.0.2:9000 timer:(timewait,3sec,0)\n",
       Format::kSsTcp,
       "tcp FIN-WAIT-2 10.0.0.1:40012 -> 10.0.0.2:9000 held\ntcp TIME-WAIT 10.0.0.1:40016 -> 10.0.0.2:9000 timer 3s\n"},
      // Without -o nor -p nothing tells: the orphan's default.
      {h + "FIN-WAIT-2 0 0 10.0.0.1:40012 10.0.0.2:9000\n", Format::kSsTcp,
       "tcp FIN-WAIT-2 10.0.0.1:40012 -> 10.0.0.2:9000\n"},
      {"Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n0 0 10.9.0.1:40011 10.9.0.2:80\n",
       Format::kSsTcp,
       "error: f:1:1: ss printed no State column (it was given a `state` filter): run it without one, and portlab "
       "reads each socket's state (and no line of the file could be read as ss-tcp)"},
  });
  CHECK(DetectFormat("Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n") == Format::kSsTcp);
}

TEST_CASE("/proc/net: a line cut short, and a FIN-WAIT-2's timer or none", "[import][proc]") {
  const std::string tcp_h =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  CheckCases({
      {tcp_h + "   2: 01004D0A:2328 02004D0A:E998 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n"
               "   7: 0100090A:9C45 0200090A:0050 06 00000000:00000000 03:0000",
       Format::kProcNetTcp,
       "tcp ESTAB 10.77.0.1:9000 -> 10.77.0.2:59800\n"
       "problem 3:1: not a whole /proc/net entry (12 fields or more): SL: LOCAL REMOTE ST TX:RX TR:WHEN ...\n"},
      {tcp_h + "   1: 0100090A:9C4C 0200090A:2328 05 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
               "   2: 0100090A:9C4E 0200090A:2328 05 00000000:00000000 03:0000168A 00000000 0 0 0 3 0\n"
               "   3: 0100090A:9C50 0200090A:2328 05 00000000:00000000 02:00002EE0 00000000 0 0 1 1 0\n",
       Format::kProcNetTcp,
       "tcp FIN-WAIT-2 10.9.0.1:40012 -> 10.9.0.2:9000 held\n"
       "tcp FIN-WAIT-2 10.9.0.1:40014 -> 10.9.0.2:9000 timer 57700ms\n"
       "tcp FIN-WAIT-2 10.9.0.1:40016 -> 10.9.0.2:9000 timer 120s\n"},
  });
}

TEST_CASE("/proc/net/tcp, tcp6 and udp entries", "[import][proc]") {
  const std::string tcp_h =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  CheckCases({
      {tcp_h + "   0: 00000000:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3070984 1 0 100 0 0 10 0\n",
       Format::kProcNetTcp, "tcp LISTEN 0.0.0.0:2222\n"},
      {tcp_h + "  17: 01004D0A:9C46 02004D0A:1F90 06 00000000:00000000 03:00000D37 00000000     0        0 0 3 0\n",
       Format::kProcNetTcp, "tcp TIME-WAIT 10.77.0.1:40006 -> 10.77.0.2:8080 timer 33830ms\n"},
      {tcp_h + "   2: 01004D0A:2328 02004D0A:E998 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n",
       Format::kProcNetTcp, "tcp ESTAB 10.77.0.1:9000 -> 10.77.0.2:59800\n"},
      {"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
       "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n"
       "   1: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000200007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n",
       Format::kProcNetTcp, "tcp LISTEN [::]:22\ntcp ESTAB [::ffff:127.0.0.1]:80 -> [::ffff:127.0.0.2]:50000\n"},
      {"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
       "  100: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0 0\n"
       "  200: 01004D0A:9DEC 02004D0A:0035 01 00000000:00000000 00:00000000 00000000     0        0 1 2 0 0\n",
       Format::kProcNetUdp, "udp UNCONN 0.0.0.0:5353\nudp ESTAB 10.77.0.1:40428 -> 10.77.0.2:53\n"},
      {tcp_h + "   0: 00000000:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
               "   1: 0000000:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
               "   2: 00000000:08AE 00000000:0000 0F 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n",
       Format::kProcNetTcp,
       "tcp LISTEN 0.0.0.0:2222\nproblem 3:7: \"0000000:08AE\" is not HEXADDR:HEXPORT\n"
       "problem 4:35: state \"0F\" is not a TCP state of include/net/tcp_states.h\n"},
      {tcp_h + "   2: 01004D0A:2328 02004D0A:E998 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n"
               "   3: 01004D0A:2328 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n"
               "   4: 01004D0A:2328 00000000000000000000000001000000:C350 01 00000000:00000000 00:00000000 00000000 0 0 1 1 0\n",
       Format::kProcNetTcp,
       "tcp ESTAB 10.77.0.1:9000 -> 10.77.0.2:59800\ntcp ESTAB 10.77.0.1:9000 -> [::ffff:127.0.0.1]:50000\n"
       "problem 4:21: \"00000000000000000000000001000000:C350\" is not of the family of \"01004D0A:2328\": "
       "an IPv4 and an IPv6 end on one socket\n"},
  });
}

TEST_CASE("net-tools' netstat cuts a long address to its column: such a line is not read", "[import][netstat]") {
  CheckCases({
      {"Proto Recv-Q Send-Q Local Address           Foreign Address         State\n"
       "tcp6       0      0 fe80::40db:bff:fe:40006 fe80::4405:f5ff:fe:7000 ESTABLISHED\n"
       "tcp6       0      0 2001:db8::1:22          2001:db8::2:50000       ESTABLISHED\n",
       Format::kNetstatLinux,
       "tcp ESTAB [2001:db8::1]:22 -> [2001:db8::2]:50000\n"
       "problem 2:21: \"fe80::40db:bff:fe:40006\" fills netstat's 23 columns: its address may be cut short "
       "(netstat -anW, ss or /proc/net/tcp6 print it whole)\n"},
  });
}

TEST_CASE("netstat -an as Linux, macOS and Windows print it", "[import][netstat]") {
  CheckCases({
      {"Active Internet connections (servers and established)\n"
       "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n"
       "tcp        0      0 10.77.0.1:40010         10.77.0.2:8080          TIME_WAIT\n"
       "tcp6       0      0 :::22                   :::*                    LISTEN\n"
       "udp        0      0 0.0.0.0:5353            0.0.0.0:*\n"
       "tcp        0      0 10.0.0.1:1              10.0.0.2:2              CLOSE\n"
       "Active UNIX domain sockets (servers and established)\n"
       "Proto RefCnt Flags       Type       State         I-Node   Path\n"
       "unix  2      [ ACC ]     STREAM     LISTENING     1234     /run/x\n",
       Format::kNetstatLinux,
       "tcp TIME-WAIT 10.77.0.1:40010 -> 10.77.0.2:8080\ntcp LISTEN [::]:22\nudp UNCONN 0.0.0.0:5353\n"
       "problem 6:69: a CLOSED socket holds no port: left out\n"
       "problem 7:0: lines 7-9: UNIX domain sockets, which portlab does not model, left out\n"},
      {"Active Internet connections (including servers)\n"
       "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
       "tcp4       0      0  192.0.2.10.50512       198.51.100.7.443       ESTABLISHED\n"
       "tcp46      0      0  *.22                   *.*                    LISTEN\n"
       "tcp6       0      0  2001:db8::10.50520     2001:db8:1::7.443      FIN_WAIT_2\n"
       "udp4       0      0  *.5353                 *.*\n",
       Format::kNetstatMacos,
       "tcp ESTAB 192.0.2.10:50512 -> 198.51.100.7:443\ntcp LISTEN [::]:22\n"
       "tcp FIN-WAIT-2 [2001:db8::10]:50520 -> [2001:db8:1::7]:443\nudp UNCONN 0.0.0.0:5353\n"},
      {"\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n"
       "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       836\r\n"
       "  TCP    192.0.2.20:49714       198.51.100.7:443       TIME_WAIT       0\r\n"
       "  TCP    192.0.2.20:49716       203.0.113.9:80         SYN_SENT        12\r\n"
       "  UDP    [::]:500               *:*                                    4\r\n"
       "  TCP    192.0.2.20:49717       203.0.113.9:80         ABIERTO         12\r\n",
       Format::kNetstatWindows,
       "tcp LISTEN 0.0.0.0:135\ntcp TIME-WAIT 192.0.2.20:49714 -> 198.51.100.7:443\n"
       "tcp SYN-SENT 192.0.2.20:49716 -> 203.0.113.9:80\nudp UNCONN [::]:500\n"
       "problem 9:56: \"ABIERTO\" is not a TCP state\n"},
      {"  Proto  Local Address          Foreign Address        State           PID\r\n"
       "  TCP    192.0.2.20:49714       [2001:db8::7]:443      TIME_WAIT       0\r\n"
       "  TCP    192.0.2.20:49716       203.0.113.9:80         SYN_SENT        12\r\n",
       Format::kNetstatWindows,
       "tcp SYN-SENT 192.0.2.20:49716 -> 203.0.113.9:80\n"
       "problem 2:33: \"[2001:db8::7]:443\" is not of the family of \"192.0.2.20:49714\": "
       "an IPv4 and an IPv6 end on one socket\n"},
  });
}

TEST_CASE("sysctl -a: the linux knobs, the rest counted, bad values refused", "[import][sysctl]") {
  absl::StatusOr<Snapshot> s = ReadSnapshot(
      "net.ipv4.ip_local_port_range = 40000\t40499\n"
      "net.ipv4.tcp_rmem = 4096\t131072\t6291456\n"
      "net.ipv4.tcp_tw_reuse = 7\n"
      "net.ipv4.tcp_fin_timeout = 30\n"
      "sysctl: permission denied on key 'net.ipv4.route.flush'\n",
      "s", std::nullopt);
  REQUIRE(s.ok());
  CHECK(s->format == Format::kSysctl);
  REQUIRE(s->knobs.size() == 2);
  CHECK(s->knobs[0].name == "net.ipv4.ip_local_port_range");
  CHECK(s->knobs[0].value == "40000 40499");
  CHECK(s->knobs[0].line == 1);
  CHECK(s->knobs[1].value == "30");
  CHECK(s->other_settings == 1);
  REQUIRE(s->problems.size() == 2);
  CHECK(s->problems[0].line == 3);
  CHECK(s->problems[0].column == 25);
  CHECK(s->problems[1].line == 5);
}

// Found by fuzz/import_fuzzer.cc: the sockets were placed with port 0,
// and the scenario import wrote did not load.
TEST_CASE("a socket line showing port 0, local or remote, is a line not read", "[import]") {
  CheckCases({
      {"ESTAB 0 0 10.0.0.1:0 10.0.0.2:80\nESTAB 0 0 10.0.0.1:40000 10.0.0.2:80\nESTAB 0 0 10.0.0.1:40001 10.0.0.2:0\n",
       Format::kSsTcp,
       "tcp ESTAB 10.0.0.1:40000 -> 10.0.0.2:80\nproblem 1:0: port 0 is no socket's port\n"
       "problem 3:0: port 0 is no socket's port\n"},
      {"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
       "   0: 0100000A:0000 0200000A:0050 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 30 10 -1\n",
       Format::kProcNetTcp, "error: f:2: port 0 is no socket's port (and no line of the file could be read as proc-net-tcp)"},
  });
}

// Found by fuzz/import_fuzzer.cc: both lines became the scenario's
// sysctl: keys, and the scenario import wrote did not load ("appears twice").
TEST_CASE("sysctl -a: a knob named twice keeps its first line, the repeat is not read", "[import][sysctl]") {
  absl::StatusOr<Snapshot> s = ReadSnapshot(
      "net.ipv4.tcp_fin_timeout = 30\n"
      "net.ipv4.tcp_syn_retries = 6\n"
      "net.ipv4.tcp_fin_timeout = 60\n"
      "tcp_syn_retries = 3\n",
      "s", std::nullopt);
  REQUIRE(s.ok());
  REQUIRE(s->knobs.size() == 2);
  CHECK(s->knobs[0].value == "30");
  CHECK(s->knobs[1].value == "6");
  REQUIRE(s->problems.size() == 2);
  CHECK(s->problems[0].line == 3);
  CHECK(s->problems[0].message == "net.ipv4.tcp_fin_timeout was read already at line 1; a knob is read once");
  CHECK(s->problems[1].line == 4);
}

TEST_CASE("sockstat's figures, and conntrack's entries and counters", "[import][conntrack]") {
  absl::StatusOr<Snapshot> ss = ReadSnapshot(
      "sockets: used 99\nTCP: inuse 97 orphan 0 tw 40 alloc 195 mem 335\nUDP: inuse 2 mem 0\nRAW: inuse 0\n", "k",
      std::nullopt);
  REQUIRE(ss.ok());
  REQUIRE(ss->sockstat);
  CHECK(ss->sockstat->tcp_inuse == 97);
  CHECK(ss->sockstat->tcp_tw == 40);
  CHECK(ss->sockstat->udp_inuse == 2);
  absl::StatusOr<Snapshot> ct = ReadSnapshot(
      "tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.1.2 sport=40000 dport=8080 src=10.0.1.2 "
      "dst=192.168.0.1 sport=8080 dport=40000 [ASSURED] mark=0 use=1\n"
      "udp      17 29 src=10.0.0.1 dst=8.8.8.8 sport=5000 dport=53 [UNREPLIED] src=8.8.8.8 dst=10.0.0.1 "
      "sport=53 dport=5000 mark=0 use=1\n"
      "icmp     1 29 src=10.0.0.1 dst=8.8.8.8 type=8 code=0 id=1 src=8.8.8.8 dst=10.0.0.1 type=0 code=0 id=1\n"
      "tcp      6 10 CLOSE src=10.0.0.1 dst=10.0.1.2 sport=99999 dport=8080\n"
      "conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n",
      "c", std::nullopt);
  REQUIRE(ct.ok());
  CHECK(ct->format == Format::kConntrackList);
  REQUIRE(ct->conntrack.size() == 2);
  CHECK(ct->conntrack[0].state == "ESTABLISHED");
  CHECK(ct->conntrack[0].timeout_s == 431999);
  CHECK(ct->conntrack[0].reply_dst.ToString() == "192.168.0.1:40000");
  CHECK(ct->conntrack[0].assured);
  CHECK(ct->conntrack[1].protocol == net::Protocol::kUdp);
  CHECK(ct->conntrack[1].state.empty());
  REQUIRE(ct->problems.size() == 2);
  CHECK(ct->problems[0].line == 3);
  CHECK(ct->problems[1].line == 4);
  CHECK(ct->problems[1].column == 47);
  absl::StatusOr<Snapshot> st = ReadSnapshot(
      "cpu=0   \tfound=1 invalid=2 insert=0 drop=3\ncpu=1   \tfound=10 invalid=0 insert=0 drop=4\n", "S",
      std::nullopt);
  REQUIRE(st.ok());
  REQUIRE(st->conntrack_stats.size() == 4);
  CHECK(st->conntrack_stats[0].name == "found");
  CHECK(st->conntrack_stats[0].value == 11);
  CHECK(st->conntrack_stats[3].value == 7);
}

TEST_CASE("formats are told from the text, and garbage is refused", "[import][detect]") {
  const std::vector<std::pair<std::string, std::optional<Format>>> cases = {
      {"State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 1.2.3.4:5 1.2.3.5:6\n", Format::kSsTcp},
      {"State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nUNCONN 0 0 0.0.0.0:53 0.0.0.0:*\n",
       Format::kSsUdp},
      {"Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n", Format::kSsTcp},
      {"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
       Format::kProcNetTcp},
      {"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
       Format::kProcNetUdp},
      {"sockets: used 5\n", Format::kSockstat},
      {"net.ipv4.tcp_syn_retries = 6\n", Format::kSysctl},
      {"Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address Foreign Address State\n",
       Format::kNetstatLinux},
      {"Active Internet connections (including servers)\nProto Recv-Q Send-Q Local Address Foreign Address (state)\n"
       "tcp4 0 0 *.22 *.* LISTEN\n",
       Format::kNetstatMacos},
      {"\r\nActive Connections\r\n", Format::kNetstatWindows},
      {"tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1\n",
       Format::kConntrackList},
      {"cpu=0 found=0 invalid=0\n", Format::kConntrackStats},
      {"hello world\nthis is not a snapshot\n", std::nullopt},
  };
  for (const auto& [text, format] : cases) {
    INFO(text);
    CHECK(DetectFormat(text) == format);
  }
  absl::StatusOr<Snapshot> garbage = ReadSnapshot("hello world\n", "g.txt", std::nullopt);
  REQUIRE_FALSE(garbage.ok());
  CHECK_THAT(std::string(garbage.status().message()), Catch::StartsWith("g.txt:1: not a format portlab import reads"));
  absl::StatusOr<Snapshot> empty = ReadSnapshot("\n  \n", "e.txt", std::nullopt);
  CHECK(std::string(empty.status().message()) == "e.txt: the file is empty");
  absl::StatusOr<Snapshot> forced = ReadSnapshot("hello world\nfoo\n", "h.txt", Format::kSsTcp);
  REQUIRE_FALSE(forced.ok());
  CHECK(std::string(forced.status().message()) ==
        "h.txt:1:1: not an ss socket line: STATE RECV-Q SEND-Q LOCAL:PORT PEER:PORT (and no line of the file could "
        "be read as ss-tcp)");
}

}  // namespace
}  // namespace portlab::import
