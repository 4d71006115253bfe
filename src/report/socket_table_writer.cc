#include "portlab/report/socket_table_writer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/net/service_names.h"

namespace portlab::report {
namespace {

std::string Endpoint(const net::Endpoint& e, net::Protocol p) {
  // StrCat, not operator+: GCC 12 warns (-Wrestrict, a false alarm) on "[" + string.
  const std::string addr = e.address.ToString();
  return e.address.is_v6() ? absl::StrCat("[", addr, "]:", net::PortWithService(e.port, p))
                           : absl::StrCat(addr, ":", net::PortWithService(e.port, p));
}

}  // namespace

std::string_view SsStateName(std::string_view s) {
  // iproute2 misc/ss.c sstate_name.
  if (s == "ESTABLISHED") return "ESTAB";
  if (s == "SYN-RECEIVED") return "SYN-RECV";
  if (s == "CLOSED") return "UNCONN";
  return s;
}

void WriteSocketTable(std::string_view host, const std::vector<net::IpAddress>& addresses,
                      const std::vector<stack::SocketRow>& rows, std::ostream& out) {
  std::string header = std::string(host);
  for (const net::IpAddress& a : addresses) header += "  " + a.ToString();
  out << header << "\n";
  if (rows.empty()) {
    out << "  (no sockets)\n";
    return;
  }
  struct Line {
    std::string netid, state, local, peer, timer;
  };
  std::vector<Line> lines;
  size_t wl = 18, wp = 18;
  for (const stack::SocketRow& r : rows) {
    Line l;
    l.netid = std::string(net::ProtocolName(r.protocol));
    l.state = std::string(SsStateName(r.state));
    l.local = Endpoint(r.local, r.protocol);
    l.peer = r.remote ? Endpoint(*r.remote, r.protocol) : "*:*";
    if (r.state == "TIME-WAIT") {
      l.timer = absl::StrFormat("timewait,%.3fs", r.timer_left.seconds());
    }
    wl = std::max(wl, l.local.size());
    wp = std::max(wp, l.peer.size());
    lines.push_back(std::move(l));
  }
  out << absl::StrFormat("Netid  %-10s %-*s  %-*s  %s\n", "State", static_cast<int>(wl),
                         "Local Address:Port", static_cast<int>(wp), "Peer Address:Port", "Timer");
  for (const Line& l : lines) {
    std::string row = absl::StrFormat("%-5s  %-10s %-*s  %-*s  %s", l.netid, l.state,
                                      static_cast<int>(wl), l.local, static_cast<int>(wp), l.peer,
                                      l.timer);
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out << row << "\n";
  }
}

}  // namespace portlab::report
