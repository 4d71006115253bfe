// connect_latency_record: times the running kernel's connect() and bind(0)
// against the occupancy of the ephemeral range, for the connect() latency
// model (stack/connect_latency.h; bench/README.md, "connect() latency").
//
// It makes a private network namespace (unshare(CLONE_NEWNET); run it as
// root), narrows ip_local_port_range there, and fills the range step by
// step, timing every call with clock_gettime(CLOCK_MONOTONIC) around it:
//
//   connect        connect() to one destination until EADDRNOTAVAIL, then
//                  `--failures` more (each scans the whole range)
//   connect-4dst   connect() to four destinations in turn, until every one
//                  fails (a port is shared by the four 4-tuples)
//   bind-connect   bind(0) of half the range (it takes the odd ports first),
//                  then connect() to one destination as above: the even
//                  half first, then a second pass over ports bind() holds
//   bind           bind(0) until EADDRINUSE, then `--failures` more
//
// connect() is non-blocking toward addresses of a veth whose peer is down,
// with permanent neighbour entries: the SYN is built and dropped, the
// socket stays in SYN-SENT and holds its 4-tuple, as a connection does.
// Closing a SYN-SENT socket frees its port at once, so a repetition starts
// from an empty range. Each repetition runs the experiments in turn.
//
// Output: one CSV row per call (stdout or --out):
//   experiment,range_lo,range_hi,destinations,repetition,call,op,held,
//   dest_held,errno,port,ns
// held: ports of the range this fill holds when the call starts; dest_held:
// of those, ports whose 4-tuple goes to the call's destination (connect())
// or every held port (bind()); errno: 0 or the errno's name; ns: the call's
// duration.
//
//   g++ -O2 -std=c++20 bench/connect_latency/record.cc -o /tmp/record
//   sudo /tmp/record --lo 40000 --ports 4096 --repetitions 5 --cpu 1
//       --out bench/data/connect-latency.csv
//
// Standalone on purpose (libc and iproute2's `ip` only): anyone can build
// and run it without the rest of portlab.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  int lo = 40000;
  int ports = 4096;
  int repetitions = 5;
  int failures = 64;
  int cpu = -1;
  std::string out = "-";
  std::string only;  // one experiment, or all
};

constexpr int kDestPort = 9;  // discard: nothing listens, nothing answers
constexpr const char* kSource = "10.77.0.1";

std::FILE* out_file = stdout;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "connect_latency_record: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(2);
}

void Shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "connect_latency_record: failed: %s\n", command.c_str());
    std::exit(2);
  }
}

void WriteProc(const char* path, const std::string& value) {
  std::FILE* f = std::fopen(path, "w");
  if (!f) Die(path);
  std::fputs(value.c_str(), f);
  if (std::fclose(f) != 0) Die(path);
}

// The namespace: lo up, a veth whose peer stays down, the destinations
// 10.77.0.2.. resolved to a fixed MAC so no ARP is ever sent.
void MakeNamespace(const Options& o) {
  if (unshare(CLONE_NEWNET) != 0) Die("unshare(CLONE_NEWNET) (run as root)");
  Shell("ip link set lo up && ip link add pl0 type veth peer name pl1 && "
        "ip addr add 10.77.0.1/24 dev pl0 && ip link set pl0 up");
  for (int d = 2; d <= 5; ++d) {
    Shell("ip neigh add 10.77.0." + std::to_string(d) + " lladdr 02:00:00:00:00:01 dev pl0 nud permanent");
  }
  WriteProc("/proc/sys/net/ipv4/ip_local_port_range",
            std::to_string(o.lo) + " " + std::to_string(o.lo + o.ports - 1));
  // Every socket of a fill is open at once: raise the soft limit to the hard.
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) Die("getrlimit(RLIMIT_NOFILE)");
  r.rlim_cur = r.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &r) != 0) Die("setrlimit(RLIMIT_NOFILE)");
  const int needed = (o.only.empty() || o.only == "connect-4dst" ? 4 * o.ports : o.ports) + 64;
  if (r.rlim_cur < static_cast<rlim_t>(needed)) {
    std::fprintf(stderr, "connect_latency_record: %d ports need %d open files, the limit is %llu\n", o.ports,
                 needed, static_cast<unsigned long long>(r.rlim_cur));
    std::exit(2);
  }
}

int64_t Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec;
}

sockaddr_in Address(const std::string& ip, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

int LocalPort(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) Die("getsockname");
  return ntohs(a.sin_port);
}

const char* ErrnoName(int e) {
  switch (e) {
    case 0: return "0";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EADDRINUSE: return "EADDRINUSE";
    case EAGAIN: return "EAGAIN";
    default: return "other";
  }
}

// One fill of the range: the sockets it holds and what it writes.
class Fill {
 public:
  Fill(const Options& o, const char* experiment, int destinations, int repetition)
      : o_(o), experiment_(experiment), destinations_(destinations), repetition_(repetition),
        dest_held_(destinations, 0) {}
  ~Fill() {
    for (int fd : fds_) close(fd);
  }

  // connect() toward destination d (0-based); returns whether it got a port.
  bool Connect(int d) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) Die("socket");
    sockaddr_in to = Address("10.77.0." + std::to_string(2 + d), kDestPort);
    const int held = held_;
    const int dest_held = dest_held_[d];
    const int64_t t0 = Now();
    int rc = connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to));
    const int64_t t1 = Now();
    int e = rc == 0 ? 0 : errno;
    if (e == EINPROGRESS) e = 0;
    int port = 0;
    if (e == 0) {
      port = LocalPort(fd);
      fds_.push_back(fd);
      ++dest_held_[d];
      // A port is held once, whatever the number of destinations sharing it.
      held_ = HeldPorts(port);
    } else {
      close(fd);
    }
    Row("connect", held, dest_held, e, port, t1 - t0);
    return e == 0;
  }

  bool Bind() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) Die("socket");
    sockaddr_in at = Address(kSource, 0);
    const int held = held_;
    const int64_t t0 = Now();
    int rc = bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof(at));
    const int64_t t1 = Now();
    int e = rc == 0 ? 0 : errno;
    int port = 0;
    if (e == 0) {
      port = LocalPort(fd);
      fds_.push_back(fd);
      held_ = HeldPorts(port);
    } else {
      close(fd);
    }
    Row("bind", held, held, e, port, t1 - t0);
    return e == 0;
  }

 private:
  int HeldPorts(int port) {
    if (ports_.empty()) ports_.assign(65536, false);
    if (!ports_[port]) {
      ports_[port] = true;
      ++distinct_;
    }
    return distinct_;
  }

  void Row(const char* op, int held, int dest_held, int e, int port, int64_t ns) {
    std::fprintf(out_file, "%s,%d,%d,%d,%d,%d,%s,%d,%d,%s,%d,%lld\n", experiment_, o_.lo,
                 o_.lo + o_.ports - 1, destinations_, repetition_, ++call_, op, held, dest_held,
                 ErrnoName(e), port, static_cast<long long>(ns));
  }

  const Options& o_;
  const char* experiment_;
  int destinations_;
  int repetition_;
  int call_ = 0;
  int held_ = 0;
  int distinct_ = 0;
  std::vector<int> dest_held_;
  std::vector<bool> ports_;
  std::vector<int> fds_;
};

void ConnectFill(const Options& o, int repetition) {
  Fill f(o, "connect", 1, repetition);
  while (f.Connect(0)) {}
  for (int i = 1; i < o.failures; ++i) f.Connect(0);
}

void ConnectFourFill(const Options& o, int repetition) {
  Fill f(o, "connect-4dst", 4, repetition);
  std::vector<bool> done(4, false);
  int left = 4;
  while (left > 0) {
    for (int d = 0; d < 4; ++d) {
      if (done[d]) continue;
      if (!f.Connect(d)) {
        done[d] = true;
        --left;
      }
    }
  }
}

void BindConnectFill(const Options& o, int repetition) {
  Fill f(o, "bind-connect", 1, repetition);
  for (int i = 0; i < o.ports / 2; ++i) f.Bind();
  while (f.Connect(0)) {}
  for (int i = 1; i < o.failures; ++i) f.Connect(0);
}

void BindFill(const Options& o, int repetition) {
  Fill f(o, "bind", 1, repetition);
  while (f.Bind()) {}
  for (int i = 1; i < o.failures; ++i) f.Bind();
}

int Flag(int& i, int argc, char** argv) {
  if (i + 1 >= argc) {
    std::fprintf(stderr, "connect_latency_record: %s needs a value\n", argv[i]);
    std::exit(2);
  }
  return std::atoi(argv[++i]);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lo") o.lo = Flag(i, argc, argv);
    else if (a == "--ports") o.ports = Flag(i, argc, argv);
    else if (a == "--repetitions") o.repetitions = Flag(i, argc, argv);
    else if (a == "--failures") o.failures = Flag(i, argc, argv);
    else if (a == "--cpu") o.cpu = Flag(i, argc, argv);
    else if (a == "--out" && i + 1 < argc) o.out = argv[++i];
    else if (a == "--only" && i + 1 < argc) o.only = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: connect_latency_record [--lo PORT] [--ports N] [--repetitions R] "
                   "[--failures F] [--cpu C] [--only EXPERIMENT] [--out FILE]\n");
      return 2;
    }
  }
  if (o.lo % 2 != 0 || o.ports < 8 || o.ports % 2 != 0 || o.lo + o.ports > 65536) {
    std::fprintf(stderr, "connect_latency_record: --lo and --ports must be even, the range inside 1..65535\n");
    return 2;
  }
  if (o.cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o.cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) Die("sched_setaffinity");
  }
  if (o.out != "-") {
    out_file = std::fopen(o.out.c_str(), "w");
    if (!out_file) Die(o.out);
  }
  MakeNamespace(o);
  std::fprintf(out_file, "experiment,range_lo,range_hi,destinations,repetition,call,op,held,dest_held,errno,port,ns\n");
  for (int r = 1; r <= o.repetitions; ++r) {
    if (o.only.empty() || o.only == "connect") ConnectFill(o, r);
    if (o.only.empty() || o.only == "connect-4dst") ConnectFourFill(o, r);
    if (o.only.empty() || o.only == "bind-connect") BindConnectFill(o, r);
    if (o.only.empty() || o.only == "bind") BindFill(o, r);
  }
  if (std::fflush(out_file) != 0 || (out_file != stdout && std::fclose(out_file) != 0)) Die(o.out);
  return 0;
}
