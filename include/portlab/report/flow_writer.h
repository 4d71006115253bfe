// FlowWriter: one CSV row per TCP connection (each side's socket) and per
// UDP flow (a socket and one peer), from the run's event stream, for a
// researcher's pandas (`portlab run --flows FILE.csv`).
//
// RFC 4180: a header row, comma-separated, CRLF line ends, a field quoted
// only when it holds a comma or a quote. An empty cell is "did not happen"
// (no NAT on the way, never established, no TIME-WAIT). Times are
// simulated seconds with 9 decimals. Columns:
//
//   flow             1, 2, ... in the order flows started
//   start_s          the connect() call, the SYN a listener accepted, the
//                    UDP flow's first datagram
//   host             the host this row's socket is on
//   role             connect (the active opener), accept (made by a
//                    listener), udp
//   protocol         tcp or udp
//   local_address, local_port, remote_address, remote_port
//   socket           the socket's id on its host (as the trace prints it)
//   port_probes      the ephemeral candidates examined choosing the local
//                    port (0: the program chose it, or a listener's)
//   outcome          established, failed (errno set), open (the run ended
//                    first), datagrams (udp)
//   errno            why a connect() failed (ECONNREFUSED, ETIMEDOUT, ...)
//   established_s    connect() completed / the accepted socket ESTABLISHED
//   closed_s         this side closed (close() or abort(), or it sent its
//                    FIN: FIN-WAIT-1 or LAST-ACK, or a RST ended it)
//   time_wait_end_s  its TIME-WAIT expired
//   nat_outside_address, nat_outside_port
//                    the first NAT's rewrite of its outbound source
//   segments_out, bytes_out, segments_in, bytes_in
//                    segments this socket sent and received, payload bytes
//
// Order: a row is written when its flow ends (its TIME-WAIT expired, its
// connect() failed, its socket id was taken by a new socket, a UDP
// socket's close()), so only open flows are held; the flows still open
// when the run ends follow, in the order they started. Deterministic: the
// same events give the same bytes.
//
// Example:
//   FlowWriter flows(file);
//   fan.Add(&flows);
//   ... run ...
//   flows.Finish();
//
// Ownership: `out` is not owned and must outlive the writer.
#ifndef PORTLAB_REPORT_FLOW_WRITER_H_
#define PORTLAB_REPORT_FLOW_WRITER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>

#include "portlab/trace/trace_event.h"

namespace portlab::report {

class FlowWriter final : public trace::TraceSink {
 public:
  // Writes the header row.
  explicit FlowWriter(std::ostream& out);

  void OnEvent(const trace::TraceEvent& event) override;
  // Writes the flows still open, in the order they started.
  void Finish();

 private:
  struct Flow {
    int64_t id = 0;
    SimTime start;
    std::string host;
    std::string role;
    net::Protocol protocol = net::Protocol::kTcp;
    net::Endpoint local, remote;
    int64_t socket = -1;
    int64_t probes = 0;
    std::string outcome = "open";
    std::string error;
    std::optional<SimTime> established, closed, time_wait_end;
    std::optional<net::Endpoint> nat_outside;
    int64_t segments_out = 0, bytes_out = 0, segments_in = 0, bytes_in = 0;
  };
  // (host, socket, remote): TCP flows have an empty remote key.
  using Key = std::tuple<std::string, int64_t, std::string>;

  Flow& Start(const trace::TraceEvent& e, std::string_view role, const net::Endpoint& remote, const Key& key);
  void End(const Key& key);
  void EndSocket(std::string_view host, int64_t socket);
  void Write(const Flow& f);
  Flow* Find(const Key& key);
  Flow* FindTcp(std::string_view host, int64_t socket) { return Find(Key{std::string(host), socket, ""}); }

  std::ostream& out_;
  int64_t next_id_ = 1;
  std::map<Key, Flow> open_;
  // The probes of the call that chose a socket's port (host, socket).
  std::map<std::pair<std::string, int64_t>, int64_t> bind_probes_;
  // Open outbound TCP flows by "local|remote", for a NAT's rewrite.
  std::map<std::string, Key> by_tuple_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_FLOW_WRITER_H_
