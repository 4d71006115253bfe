// ScanRunner: the `scan` steps of a scenario (scenarios/README.md, "Port
// scans"), run inside a Simulation as nmap runs them.
//
// Every probe is a real segment through the same links, firewalls and
// NATs as any other:
//   - syn, ack, fin, null, xmas, udp: crafted segments from the scanner's
//     address (what nmap writes to a raw socket), try t of a scan from
//     source port base + t (scan_engine_raw.cc sends each try from its
//     own port). The answers are read as a capture reads them: the scanner
//     host hands the runner every segment no socket of its took
//     (stack::HostEnvironment::Unclaimed), and then answers them as the
//     kernel does (a SYN|ACK with a RST, a datagram with ICMP port
//     unreachable).
//   - connect: connect() through the scanner host's socket API; an open
//     port's connection is closed with SO_LINGER 0 (a RST), as nmap's
//     init_socket sets it, and a connect unanswered at the timeout is
//     abandoned (close() in SYN-SENT sends nothing) and tried again.
// A probe unanswered after the timeout is sent again, up to `retries`
// times; then the port takes the scan's verdict on silence. Verdicts are
// sim/scan_verdict.h's.
//
// Off the lifecycle path: a scenario without a scan step builds no runner,
// and the hosts call Unclaimed only for segments no socket takes.
//
// Deterministic: source ports and sequence numbers come from
// Rng(DeriveSeed(seed, "scan:STEP")). No I/O.
#ifndef PORTLAB_SIM_INTERNAL_SCAN_RUNNER_H_
#define PORTLAB_SIM_INTERNAL_SCAN_RUNNER_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"
#include "portlab/sim/scan_verdict.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

class Simulation;

// What a scan event asks for (Event::timer_kind of an EventType::kScan;
// Event::target is the scan, timer.socket the port's index, timer.generation
// the try).
enum class ScanAction : uint8_t {
  kSend,     // send try `try` of the port's probe
  kTimeout,  // try `try` has had its time: send the next, or judge silence
  kAbort,    // a connect scan's connection (or attempt) is dropped
};

class ScanRunner {
 public:
  // `sim` must outlive the runner.
  ScanRunner(Simulation& sim, uint64_t seed) : sim_(sim), seed_(seed) {}

  // Starts the scan of `step` (a kScan step) now: its first probes are
  // scheduled (rate:) or sent.
  void Start(const scenario::StepSpec& step);
  void OnEvent(ScanAction action, uint32_t scan, uint32_t port_index, uint32_t tryno);
  // A segment that no socket of host `host` took has arrived there.
  void Unclaimed(uint32_t host, const net::Segment& seg);
  // A connect() finished on host `host`; false when it was no scan's.
  bool OnConnectFinished(uint32_t host, stack::SocketId socket, stack::Errno result);
  // The scans so far, in step order.
  std::vector<ScanResult> Results() const;

 private:
  struct Probe {
    uint8_t tries = 0;  // sent so far
    bool done = false;
    PortVerdict verdict;
    stack::SocketId socket;  // connect: the attempt in flight
    bool connecting = false;
  };
  struct Scan {
    const scenario::StepSpec* step;
    uint32_t host;
    net::AddrId src;
    net::AddrId dst;
    uint16_t base_port;  // raw probes: try t leaves from base_port + t
    uint32_t base_seq;
    uint32_t probe_ack;  // an ACK scan's acknowledgment number
    std::vector<Probe> probes;  // by index in step->scan->ports
    size_t unjudged;
    int64_t probes_sent = 0;
    std::optional<SimTime> finished;
  };

  void Send(uint32_t scan, uint32_t port_index);
  void SendRaw(Scan& s, uint32_t port_index, uint8_t tryno);
  void Judge(Scan& s, uint32_t port_index, PortVerdict v);
  void Schedule(SimTime at, ScanAction action, uint32_t scan, uint32_t port_index, uint32_t tryno);
  // The TCP sequence number of try `tryno` of the port's probe.
  static uint32_t ProbeSeq(const Scan& s, uint32_t port_index, uint32_t tryno) {
    return s.base_seq + port_index * 64 + tryno;
  }
  // The port index of `port` in the scan, or -1.
  static int IndexOf(const Scan& s, uint16_t port);

  Simulation& sim_;
  uint64_t seed_;
  std::vector<Scan> scans_;
  // Connect scans' attempts: (host << 32 | socket index) -> (scan, port index).
  absl::flat_hash_map<uint64_t, std::pair<uint32_t, uint32_t>> connecting_;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_SCAN_RUNNER_H_
