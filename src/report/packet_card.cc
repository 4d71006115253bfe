#include "portlab/report/packet_card.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/strings.h"
#include "portlab/net/service_names.h"
#include "portlab/report/html_escape.h"
#include "portlab/report/trace_writer.h"
#include "report/internal/segment_journeys.h"

namespace portlab::report {
namespace {

using trace::TraceEvent;
using trace::TraceKind;

// Service names only for system ports, as the trace prints them.
std::string CardEndpoint(const net::Endpoint& e, net::Protocol p) {
  std::string text = e.ToString();
  if (!e.port.is_zero() && e.port.value() < 1024) {
    std::string_view name = net::ServiceName(e.port, p);
    if (!name.empty()) absl::StrAppend(&text, " (", AV(name), ")");
  }
  return text;
}

std::string CardPath(const net::Endpoint& from, const net::Endpoint& to, net::Protocol p) {
  return absl::StrCat(CardEndpoint(from, p), " -> ", CardEndpoint(to, p));
}

std::string CardTime(SimTime t) {
  const int64_t ns = t.nanos();
  return absl::StrFormat("%d.%09d s", ns / 1000000000, ns % 1000000000);
}

bool IsIcmpLabel(std::string_view what) { return what.substr(0, 4) == "ICMP"; }

// A firewall's verdict, not a demux rule: "filtered (rule 1)", "rejected ...".
bool IsFirewallVerdict(std::string_view result) {
  return result.substr(0, 8) == "filtered" || result.substr(0, 8) == "rejected";
}

bool CallSucceeded(const TraceEvent& e) { return e.result == "ok" || e.result == "in progress"; }

class CardBuilder {
 public:
  CardBuilder(const EventLog& log, PacketCard* card) : log_(log), card_(card) {}

  void Sender(int64_t n);
  void Firewall(int64_t n);
  void SenderDrop(int64_t n);
  void Nat(int64_t n);
  void NatDrop(int64_t n);
  void Receiver(int64_t n);
  void Lost(const TraceEvent& last);

 private:
  const TraceEvent& At(int64_t n) const { return log_.at(n).View(); }
  // The number the run gave event n (its --trace number).
  int64_t Num(int64_t n) const { return log_.at(n).number; }
  CardStage& Stage(CardStage::Role role, const TraceEvent& e) {
    if (card_->stages.empty() || card_->stages.back().role != role || card_->stages.back().place != e.host) {
      CardStage s;
      s.role = role;
      s.place = std::string(e.host);
      s.time = e.time;
      card_->stages.push_back(std::move(s));
    }
    return card_->stages.back();
  }
  void PortChoice(int64_t mux, CardStage& stage);
  void AnswerOf(int64_t mux, CardStage& stage);
  void Followers(int64_t demux, CardStage& stage);

  const EventLog& log_;
  PacketCard* card_;
  bool broadcast_ = false;
};

void CardBuilder::Sender(int64_t n) {
  const TraceEvent& e = At(n);
  CardStage& stage = Stage(CardStage::Role::kSender, e);
  std::string sent;
  if (e.socket >= 0) {
    sent = absl::StrFormat("sock %d sends it (mux)", e.socket);
  } else if (e.result == trace::kRawProbe) {
    sent = "a scan's probe, crafted and sent from a raw socket (no socket of the stack)";
  } else {
    sent = "no socket sends it: the stack's own answer";
  }
  if (e.result == trace::kViaLoopback) absl::StrAppend(&sent, "; via lo, it never leaves the host");
  if (e.result == trace::kBroadcast) {
    absl::StrAppend(&sent, "; a broadcast, to every host of the link");
    broadcast_ = true;
  }
  stage.facts.push_back({n, sent, {}});
  // A retransmission: the timer that fired just before, on this socket.
  for (int64_t k = n - 1; k >= 1 && At(k).time == e.time; --k) {
    const TraceEvent& t = At(k);
    if (t.kind == TraceKind::kTimer && t.host == e.host && t.socket == e.socket && e.socket >= 0) {
      stage.facts.push_back({k, absl::StrFormat("sent again: the %s timer fired", t.what), {}});
      break;
    }
  }
  if (e.socket >= 0) PortChoice(n, stage);
  else if (e.result != trace::kRawProbe) AnswerOf(n, stage);
}

// Why the segment's source port: walk back through the socket's calls.
void CardBuilder::PortChoice(int64_t mux, CardStage& stage) {
  const TraceEvent& m = At(mux);
  const net::Port port = m.flow.local.port;
  const net::Protocol p = m.flow.protocol;
  int64_t allocator = 0, bound = 0, first_call = 0;
  for (int64_t k = mux - 1; k >= 1; --k) {
    const TraceEvent& e = At(k);
    if (e.host != m.host || e.socket != m.socket) continue;
    if (e.kind == TraceKind::kStateChange && e.state == "SYN-RECEIVED") {
      // Accepted: the listener's demux of the SYN is the event before.
      int64_t syn = k - 1;
      while (syn >= 1 && !(At(syn).kind == TraceKind::kSegmentReceived && At(syn).host == m.host)) --syn;
      std::string text = absl::StrFormat(
          "sock %d was made by the listener for a SYN; its segments swap the SYN's ports: source %d is the "
          "port the peer asked for, destination %d the peer's own",
          m.socket, port.value(), m.flow.remote.port.value());
      if (syn >= 1) {
        text = absl::StrFormat(
            "sock %d was made by listener sock %d for the SYN of #%d; its segments swap that SYN's ports: "
            "source %d is the port the peer asked for, destination %d the peer's own",
            m.socket, At(syn).matched_socket, Num(syn), port.value(), m.flow.remote.port.value());
      }
      stage.facts.push_back({k, text, {}});
      return;
    }
    if (e.kind != TraceKind::kCall) continue;
    if (e.what == "close" || e.what == "abort") continue;  // this socket's own close, before its FIN
    if (!CallSucceeded(e) || e.flow.local.port != port) {
      if (first_call > 0) break;  // past the calls that gave it this port
      continue;
    }
    first_call = k;
    // The call that chose the port ends the walk: earlier events of this
    // id belong to an earlier socket.
    if (e.probes > 0) {
      allocator = k;
      break;
    }
    if (e.what == "bind") {
      bound = k;
      break;
    }
  }
  if (allocator > 0) {
    const TraceEvent& a = At(allocator);
    stage.facts.push_back(
        {allocator,
         absl::StrFormat("source port %d: the ephemeral port allocator's choice in %s() (%s), after %d probe%s",
                         port.value(), a.what, CardEndpoint(a.flow.local, p), a.probes, a.probes == 1 ? "" : "s"),
         {}});
  } else if (bound > 0) {
    stage.facts.push_back(
        {bound, absl::StrFormat("source port %d: the program's own, bind() to %s; no allocator ran", port.value(),
                                CardEndpoint(At(bound).flow.local, p)),
         {}});
  } else if (first_call > 0) {
    stage.facts.push_back(
        {first_call, absl::StrFormat("source port %d: the socket's, since %s()", port.value(), At(first_call).what), {}});
  } else {
    stage.facts.push_back({0, absl::StrFormat("source port %d: chosen before the trace began", port.value()), {}});
  }
  // A reply: UDP answers go back to where the datagram came from.
  if (p == net::Protocol::kUdp && !IsIcmpLabel(m.what)) {
    for (int64_t k = mux - 1; k >= 1; --k) {
      const TraceEvent& e = At(k);
      if (e.host != m.host) continue;
      if (e.kind == TraceKind::kCall && e.socket == m.socket && (e.what == "bind" || e.what == "close")) break;
      if (e.kind == TraceKind::kSegmentReceived && e.matched_socket == m.socket && e.flow.remote == m.flow.remote) {
        stage.facts.push_back(
            {k, absl::StrFormat("a reply to the datagram of #%d: sent back to its source, ports swapped", Num(k)), {}});
        break;
      }
    }
  }
}

// The stack's own RST or ICMP error: the arriving segment it answers.
void CardBuilder::AnswerOf(int64_t mux, CardStage& stage) {
  const TraceEvent& m = At(mux);
  for (int64_t k = mux - 1; k >= 1; --k) {
    const TraceEvent& e = At(k);
    if (e.time != m.time) break;
    if (e.host != m.host || e.kind != TraceKind::kSegmentReceived) continue;
    if (e.flow.local == m.flow.local && e.flow.remote == m.flow.remote) {
      stage.facts.push_back(
          {k, absl::StrFormat("it answers %s of #%d (%s): the ports are that segment's, swapped", e.what, Num(k),
                              e.result),
           {}});
      return;
    }
  }
}

void CardBuilder::Firewall(int64_t n) {
  const TraceEvent& e = At(n);
  const bool on_sender = !card_->stages.empty() && card_->stages.back().place == e.host &&
                         card_->stages.back().role == CardStage::Role::kSender;
  CardStage& stage = on_sender ? card_->stages.back() : Stage(CardStage::Role::kReceiver, e);
  stage.facts.push_back({n, absl::StrFormat("firewall, %s chain: %s", e.state, e.result), {}});
}

void CardBuilder::SenderDrop(int64_t n) {
  const TraceEvent& e = At(n);
  CardStage& stage = Stage(CardStage::Role::kLost, e);
  stage.facts.push_back({n, absl::StrFormat("dropped here: %s", e.result), {}});
}

void CardBuilder::Nat(int64_t n) {
  const TraceEvent& e = At(n);
  const net::Protocol p = e.flow.protocol;
  CardStage& stage = Stage(CardStage::Role::kNat, e);
  // Outbound rewrites the source; inbound the destination.
  const bool outbound = e.flow.local != e.translated.local;
  const net::Endpoint inside = outbound ? e.flow.local : e.translated.remote;
  const net::Endpoint outside = outbound ? e.translated.local : e.flow.remote;
  int64_t made = 0;
  for (int64_t k = n - 1; k >= 1; --k) {
    const TraceEvent& m = At(k);
    if (m.kind == TraceKind::kNatMappingCreated && m.host == e.host && m.flow.protocol == p &&
        m.flow.local == inside && m.flow.remote == outside) {
      made = k;
      break;
    }
  }
  std::string lookup;
  if (made == 0) {
    lookup = absl::StrFormat("mapping %s = %s: none created in this trace", CardEndpoint(inside, p),
                             CardEndpoint(outside, p));
  } else {
    const TraceEvent& m = At(made);
    const bool now = m.time == e.time && made >= n - 2;
    const std::string kind = m.what == "forward" ? "static port forward" : "mapping";
    lookup = now ? absl::StrFormat("%s lookup: none, so one is created (#%d): %s %s = %s", outbound ? "outbound" : "inbound",
                                   Num(made), net::ProtocolName(p), CardEndpoint(inside, p), CardEndpoint(outside, p))
                 : absl::StrFormat("%s lookup: the existing %s %s = %s, made at %s (#%d), reused",
                                   outbound ? "outbound" : "inbound", kind, CardEndpoint(inside, p),
                                   CardEndpoint(outside, p), CardTime(m.time), Num(made));
  }
  stage.facts.push_back({made, lookup, {}});
  stage.facts.push_back({n,
                         absl::StrFormat("rewritten (%s): %s  =>  %s", e.result, CardPath(e.flow.local, e.flow.remote, p),
                                         CardPath(e.translated.local, e.translated.remote, p)),
                         {}});
}

void CardBuilder::NatDrop(int64_t n) {
  const TraceEvent& e = At(n);
  CardStage& stage = Stage(CardStage::Role::kNat, e);
  stage.facts.push_back({n, absl::StrFormat("dropped (%s, %s): %s", e.result, e.state == "out" ? "outbound" : "inbound",
                                            CardPath(e.flow.local, e.flow.remote, e.flow.protocol)),
                         {}});
}

void CardBuilder::Receiver(int64_t n) {
  const TraceEvent& e = At(n);
  const net::Protocol p = e.flow.protocol;
  CardStage& stage = Stage(CardStage::Role::kReceiver, e);
  if (IsFirewallVerdict(e.result)) {
    stage.facts.push_back(
        {n, absl::StrFormat("firewall, input chain: %s; no demux lookup is made", e.result), {}});
    Followers(n, stage);
    return;
  }
  CardFact f{n, "demux, most specific first:", {}};
  const bool quoted = e.lookups & trace::kLookupQuoted;
  const net::Endpoint& local = e.flow.local;
  const net::Endpoint& remote = e.flow.remote;
  struct Step {
    uint8_t bit;
    std::string what;
  };
  const std::string wildcard = CardEndpoint(
      net::Endpoint{local.address.is_v4() ? net::IpAddress::AnyV4() : net::IpAddress::AnyV6(), local.port}, p);
  const Step steps[] = {
      {trace::kLookupExact,
       quoted ? absl::StrFormat("the 4-tuple the error quotes, %s -> %s", CardEndpoint(local, p), CardEndpoint(remote, p))
              : absl::StrFormat("established 4-tuple %s <- %s", CardEndpoint(local, p), CardEndpoint(remote, p))},
      {trace::kLookupListenerAddress,
       absl::StrFormat("%s on %s", p == net::Protocol::kTcp ? "listener" : "bound socket", CardEndpoint(local, p))},
      {trace::kLookupListenerWildcard,
       absl::StrFormat("%s on %s", p == net::Protocol::kTcp ? "listener" : "bound socket", wildcard)},
  };
  int last = -1;
  for (int i = 0; i < 3; ++i) {
    if (e.lookups & steps[i].bit) last = i;
  }
  int shown = 0;
  for (int i = 0; i < 3; ++i) {
    if (!(e.lookups & steps[i].bit)) continue;
    const bool hit = i == last && e.matched_socket >= 0;
    std::string line = absl::StrFormat("%d. %-64s %s", ++shown, steps[i].what, hit ? "hit" : "miss");
    if (hit) {
      absl::StrAppend(&line, absl::StrFormat(" -> sock %d (%s)", e.matched_socket, CardEndpoint(e.matched_local, p)));
    }
    f.detail.push_back(line);
  }
  if (e.lookups == 0) f.detail.push_back(absl::StrFormat("rule: %s", e.result));
  if (p == net::Protocol::kTcp && !quoted && (e.lookups & trace::kLookupExact) &&
      !(e.lookups & trace::kLookupListenerAddress) && e.matched_socket < 0) {
    f.detail.push_back("listeners are not asked: only a SYN (without ACK) opens a connection");
  }
  if (e.result != "exact" && e.result.find("exact") != std::string_view::npos) {
    f.detail.push_back(absl::StrFormat("rule: %s", e.result));
  }
  if (e.matched_socket < 0) f.detail.push_back("no socket takes it");
  stage.facts.push_back(std::move(f));
  Followers(n, stage);
}

// What the arrival set off at the host at that instant: a new socket, a
// state, the stack's answer.
void CardBuilder::Followers(int64_t demux, CardStage& stage) {
  const TraceEvent& d = At(demux);
  bool answered = false;
  int shown = 0;
  for (int64_t k = demux + 1; k <= log_.size() && shown < 4; ++k) {
    const TraceEvent& e = At(k);
    if (e.time != d.time) break;
    if (e.host != d.host) continue;
    if (e.kind == TraceKind::kSegmentReceived || e.kind == TraceKind::kFirewallAccepted) break;  // the next arrival
    if (e.kind == TraceKind::kTimer || e.kind == TraceKind::kNatProbe) continue;
    const bool answer = e.kind == TraceKind::kSegmentSent && e.flow.local == d.flow.local &&
                        e.flow.remote == d.flow.remote;
    if (answer && e.socket < 0) {
      stage.facts.push_back({k, absl::StrFormat("answered by the stack: %s", TraceDetails(e)), {}});
      answered = true;
    } else {
      stage.facts.push_back({k, absl::StrFormat("then: %s %s", TraceKindColumn(e), TraceDetails(e)), {}});
    }
    ++shown;
  }
  if (d.matched_socket < 0 && !answered && d.result.substr(0, 8) != "rejected") {
    std::string why = "nothing answers it";
    if (d.what.find("RST") != std::string_view::npos) why += " (a RST is never answered)";
    else if (IsIcmpLabel(d.what)) why += " (no error answers an ICMP error)";
    else if (broadcast_) why += " (RFC 1122: no ICMP error answers a broadcast)";
    else if (d.result.substr(0, 8) == "filtered") why += " (dropped silently: the sender will time out)";
    stage.facts.push_back({0, why, {}});
  }
}

void CardBuilder::Lost(const TraceEvent& last) {
  CardStage s;
  s.role = CardStage::Role::kLost;
  s.place = std::string(last.host);
  s.time = last.time;
  s.facts.push_back({0, "not seen arriving: still in flight when the run ended, or lost on the way", {}});
  card_->stages.push_back(std::move(s));
}

bool IsSegmentKind(TraceKind k) {
  switch (k) {
    case TraceKind::kSegmentSent:
    case TraceKind::kSegmentReceived:
    case TraceKind::kSegmentDropped:
    case TraceKind::kFirewallAccepted:
    case TraceKind::kNatTranslated:
    case TraceKind::kNatDropped: return true;
    default: return false;
  }
}

}  // namespace

std::string_view CardRoleName(CardStage::Role role) {
  switch (role) {
    case CardStage::Role::kSender: return "sender";
    case CardStage::Role::kFirewall: return "firewall";
    case CardStage::Role::kNat: return "NAT";
    case CardStage::Role::kReceiver: return "receiver";
    case CardStage::Role::kLost: return "lost";
  }
  return "";
}

absl::StatusOr<PacketCard> BuildPacketCard(const EventLog& log, int64_t n) {
  if (n < 1 || n > log.size()) {
    return absl::InvalidArgumentError(
        log.size() == 0 ? absl::StrFormat("event %d: the trace has no events", n)
                        : absl::StrFormat("event %d: the trace has %d events (1..%d)", n, log.size(), log.size()));
  }
  const TraceEvent& asked = log.at(n).View();
  if (!IsSegmentKind(asked.kind)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "event %d is a %s event, not a segment's: a card tells a segment's journey (pick a mux, demux, drop, fw, "
        "nat or nat-drop event)",
        n, TraceKindColumn(asked)));
  }
  const internal::Journeys journeys = internal::FollowSegments(log);
  PacketCard card;
  card.asked = n;
  card.events = journeys.events[journeys.journey_of[n - 1]];
  CardBuilder b(log, &card);
  bool arrived = false;
  for (int64_t k : card.events) {
    const TraceEvent& e = log.at(k).View();
    if (card.segment.empty()) {
      const bool received = e.kind == TraceKind::kSegmentReceived ||
                            (e.kind == TraceKind::kFirewallAccepted && e.state == "input");
      const net::Endpoint& from = received ? e.flow.remote : e.flow.local;
      const net::Endpoint& to = received ? e.flow.local : e.flow.remote;
      card.segment = absl::StrCat(AV(e.what), " ", CardPath(from, to, e.flow.protocol));
      if (e.bytes > 0) absl::StrAppend(&card.segment, absl::StrFormat(", %d bytes", e.bytes));
    }
    switch (e.kind) {
      case TraceKind::kSegmentSent: b.Sender(k); break;
      case TraceKind::kFirewallAccepted: b.Firewall(k); break;
      case TraceKind::kSegmentDropped: b.SenderDrop(k); arrived = true; break;
      case TraceKind::kNatTranslated: b.Nat(k); break;
      case TraceKind::kNatDropped: b.NatDrop(k); arrived = true; break;
      case TraceKind::kSegmentReceived: b.Receiver(k); arrived = true; break;
      default: break;
    }
  }
  if (!arrived) b.Lost(log.at(card.events.back()).View());
  // Positions in the log to the run's event numbers (the same for a log of
  // the whole run; a report's log holds only the drawn events).
  for (CardStage& stage : card.stages) {
    for (CardFact& f : stage.facts) {
      if (f.event >= 1) f.event = log.at(f.event).number;  // 0: a fact of no event
    }
  }
  for (int64_t& k : card.events) k = log.at(k).number;
  card.asked = log.at(n).number;
  return card;
}

void WritePacketCardText(const PacketCard& card, std::ostream& out) {
  out << "event #" << card.asked << ": " << card.segment << "\n";
  for (const CardStage& s : card.stages) {
    out << "\n" << CardRoleName(s.role) << "  " << s.place << "  at " << CardTime(s.time) << "\n";
    for (const CardFact& f : s.facts) {
      const std::string mark = f.event == 0 ? "" : absl::StrCat("#", f.event);
      out << absl::StrFormat("  %s%-7s %s\n", f.event == card.asked ? ">" : " ", mark, f.text);
      for (const std::string& d : f.detail) out << "            " << d << "\n";
    }
  }
}

void WritePacketCardHtml(const PacketCard& card, std::ostream& out) {
  out << "<section class=\"packet-card\" data-event=\"" << card.asked << "\">\n";
  out << "<h3>Event #" << card.asked << ": " << HtmlEscape(card.segment) << "</h3>\n<ol class=\"card-stages\">\n";
  for (const CardStage& s : card.stages) {
    out << "<li class=\"card-stage card-" << HtmlEscape(CardRoleName(s.role)) << "\"><h4>" << HtmlEscape(CardRoleName(s.role))
        << ": " << HtmlEscape(s.place) << " <small>at " << HtmlEscape(CardTime(s.time)) << "</small></h4>\n<ul>\n";
    for (const CardFact& f : s.facts) {
      out << "<li" << (f.event == card.asked ? " class=\"card-asked\"" : "") << ">";
      if (f.event != 0) out << "<span class=\"card-event\">#" << f.event << "</span> ";
      out << HtmlEscape(f.text);
      if (!f.detail.empty()) {
        out << "\n<ol class=\"card-lookups\">";
        for (const std::string& d : f.detail) out << "<li><code>" << HtmlEscape(d) << "</code></li>";
        out << "</ol>";
      }
      out << "</li>\n";
    }
    out << "</ul></li>\n";
  }
  out << "</ol>\n</section>\n";
}

}  // namespace portlab::report
