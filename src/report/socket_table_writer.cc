#include "portlab/report/socket_table_writer.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/net/service_names.h"
#include "report/internal/text_table.h"

namespace portlab::report {
namespace {

// net-tools netstat.c: an address column is 23 wide, and without -W an
// address and port longer than 22 characters are cut (addr_do_one).
constexpr size_t kNetstatAddressWidth = 23;
constexpr size_t kNetstatShortLength = 22;

std::string PortText(net::Port port, net::Protocol p, bool named) {
  return named ? net::PortWithService(port, p) : std::to_string(port.value());
}

// ss (misc/ss.c inet_addr_print): IPv6 in brackets; the IPv6 wildcard is
// "*" unless the socket is IPV6_V6ONLY.
std::string SsAddress(const net::IpAddress& a, const TableRow& row) {
  if (a.is_v4()) return a.ToString();
  if (a.IsUnspecified() && !row.v6only) return "*";
  return absl::StrCat("[", a.ToString(), "]");
}

// netstat.c addr_do_one: "ADDR:PORT", port 0 as "*", cut to 22 characters.
// An IPv4-mapped address prints as the IPv4 address, on a tcp6 line (as
// net-tools 2.10 prints it; tests/differential/tables_differential_test.cc).
std::string NetstatEndpoint(const net::IpAddress& a, net::Port port) {
  std::string addr = a.MappedV4().value_or(a).ToString();
  std::string sport = port.is_zero() ? "*" : std::to_string(port.value());
  if (addr.size() + sport.size() > kNetstatShortLength) {
    const size_t port_len = std::min(sport.size(), kNetstatShortLength - 4);
    addr.resize(kNetstatShortLength - port_len);
    sport.resize(port_len);
  }
  return absl::StrCat(addr, ":", sport);
}

std::string Timer(const TableRow& row) {
  if (row.state != SsState::kTimeWait) return "";
  return absl::StrFormat("timewait,%.3fs", row.socket.timer_left.seconds());
}

void WriteSs(const std::vector<TableRow>& rows, bool state_column, std::ostream& out) {
  using internal::Align;
  std::vector<internal::Column> columns = {{"Netid", Align::kLeft},
                                           {"State", Align::kLeft},
                                           {"Local Address:Port", Align::kLeft},
                                           {"Peer Address:Port", Align::kLeft},
                                           {"Process", Align::kLeft},
                                           {"IANA range", Align::kLeft},
                                           {"Timer", Align::kLeft}};
  if (!state_column) columns.erase(columns.begin() + 1);
  internal::TextTable t(std::move(columns));
  for (const TableRow& r : rows) {
    std::vector<std::string> cells = {std::string(net::ProtocolName(r.socket.protocol)),
                                      std::string(SsStateName(r.state)),
                                      LocalText(r, TableFormat::kSs),
                                      PeerText(r, TableFormat::kSs),
                                      ProcessText(r),
                                      std::string(IanaRangeLabel(r.socket.local.port)),
                                      Timer(r)};
    if (!state_column) cells.erase(cells.begin() + 1);
    t.AddRow(std::move(cells));
  }
  t.Print(out, "");
}

// netstat.c tcp_do_one: "%-4s  %6ld %6ld %-*s %-*s %-11s"; the header
// (prg_cache / netstat's own printf) sets "Proto" over the same columns.
std::string NetstatLine(std::string_view proto, std::string_view recv_q, std::string_view send_q,
                        std::string_view local, std::string_view foreign, std::string_view state,
                        std::string_view range, std::string_view process) {
  const int lw = static_cast<int>(std::max(kNetstatAddressWidth, local.size()));
  const int fw = static_cast<int>(std::max(kNetstatAddressWidth, foreign.size()));
  std::string line = absl::StrFormat("%-5s %6s %6s %-*s %-*s %-11s %-10s %s", proto, recv_q, send_q,
                                     lw, local, fw, foreign, state, range, process);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

void WriteNetstat(const std::vector<TableRow>& rows, std::ostream& out) {
  out << "Active Internet connections (servers and established)\n";
  out << NetstatLine("Proto", "Recv-Q", "Send-Q", "Local Address", "Foreign Address", "State",
                     "IANA range", "Process")
      << "\n";
  for (const TableRow& r : rows) {
    const std::string proto = absl::StrCat(std::string(net::ProtocolName(r.socket.protocol)), r.v6 ? "6" : "");
    // The model knows no queue lengths (socket_row.h): "-", not 0.
    out << NetstatLine(proto, "-", "-", LocalText(r, TableFormat::kNetstat),
                       PeerText(r, TableFormat::kNetstat),
                       NetstatStateName(r.state, r.socket.protocol),
                       IanaRangeLabel(r.socket.local.port), ProcessText(r))
        << "\n";
  }
}

}  // namespace

void SortAsSs(std::vector<TableRow>& rows) {
  // (protocol: UDP first, family: IPv4 first, TCP: the listening hash first)
  auto group = [](const TableRow& r) {
    const bool tcp = r.socket.protocol == net::Protocol::kTcp;
    return std::tuple(tcp, r.v6, tcp && r.state != SsState::kListen);
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const TableRow& a, const TableRow& b) { return group(a) < group(b); });
}

absl::StatusOr<TableFormat> ParseTableFormat(std::string_view text) {
  if (text == "ss") return TableFormat::kSs;
  if (text == "netstat") return TableFormat::kNetstat;
  return absl::InvalidArgumentError(
      absl::StrCat("--format: \"", std::string(text), "\" is not a table format (ss or netstat)"));
}

std::string LocalText(const TableRow& row, TableFormat format) {
  const net::Endpoint& e = row.socket.local;
  if (format == TableFormat::kNetstat) return NetstatEndpoint(e.address, e.port);
  return absl::StrCat(SsAddress(e.address, row), ":",
                      PortText(e.port, row.socket.protocol, row.service_port));
}

std::string PeerText(const TableRow& row, TableFormat format) {
  if (!row.socket.remote) {
    const net::IpAddress any = row.v6 ? net::IpAddress::AnyV6() : net::IpAddress::AnyV4();
    if (format == TableFormat::kNetstat) return NetstatEndpoint(any, net::Port(0));
    return absl::StrCat(SsAddress(any, row), ":*");
  }
  const net::Endpoint& e = *row.socket.remote;
  if (format == TableFormat::kNetstat) return NetstatEndpoint(e.address, e.port);
  // A UDP socket connect()ed to port 0 (ss: inet_addr_print prints port 0
  // as "*").
  if (e.port.is_zero()) return absl::StrCat(SsAddress(e.address, row), ":*");
  // Named as a destination: the socket connected to it.
  return absl::StrCat(SsAddress(e.address, row), ":",
                      PortText(e.port, row.socket.protocol, !row.accepted));
}

void WriteSocketTable(std::string_view host, const std::vector<net::IpAddress>& addresses,
                      const std::vector<TableRow>& rows, TableFormat format, std::ostream& out,
                      std::string_view empty_note, bool state_column) {
  std::string header = std::string(host);
  for (const net::IpAddress& a : addresses) header += "  " + a.ToString();
  out << header << "\n";
  if (rows.empty()) {
    out << "  " << empty_note << "\n";
    return;
  }
  if (format == TableFormat::kNetstat) {
    WriteNetstat(rows, out);
  } else {
    WriteSs(rows, state_column, out);
  }
}

}  // namespace portlab::report
