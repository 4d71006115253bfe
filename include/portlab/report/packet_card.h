// PacketCard: one segment's story end to end, told from a run's trace, as
// Packet Tracer's per-PDU view does but with what portlab alone knows:
//   - at the sender, the socket that sent it and why that source port (the
//     ephemeral allocator and its probes, or a bind(); for an accepted
//     socket or a reply, that the ports are the peer's swapped; for the
//     stack's own RST or ICMP error, the segment it answers);
//   - on the way, each firewall chain's verdict (the rule, or the policy)
//     and each NAT's lookup and rewrite (mapping created or reused, the
//     tuple before and after), or the drop that ended it;
//   - at the receiver, the demux lookups tried, most specific first, the
//     one that matched and what followed (a new socket, a state, an answer),
//     or why none did and what answered (RST, ICMP port unreachable).
// `portlab run --explain N` prints the card of event N as text; the HTML
// report shows WritePacketCardHtml's fragment beside its event list.
//
// Example:
//   EventLog log;  ... run with &log as the trace sink ...
//   absl::StatusOr<PacketCard> card = BuildPacketCard(log, 14);
//   if (card.ok()) WritePacketCardText(*card, std::cout);
//
// The journey is followed by what travels (report/internal/segment_journeys.h):
// the trace has no packet identity. Pure functions of the log.
#ifndef PORTLAB_REPORT_PACKET_CARD_H_
#define PORTLAB_REPORT_PACKET_CARD_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/report/event_log.h"

namespace portlab::report {

// One line of a stage: a fact, and the event it comes from (0 for none).
struct CardFact {
  int64_t event = 0;
  std::string text;
  std::vector<std::string> detail;  // lines under it (the demux lookups)
};

struct CardStage {
  enum class Role { kSender, kFirewall, kNat, kReceiver, kLost };
  Role role = Role::kSender;
  std::string place;  // the host or NAT
  SimTime time;
  std::vector<CardFact> facts;
};

struct PacketCard {
  int64_t asked = 0;         // the event the card was asked for
  std::string segment;       // "SYN 10.0.0.1:40000 -> 10.0.0.2:80 (http)" as first sent
  std::vector<int64_t> events;  // the journey's events, in order
  std::vector<CardStage> stages;
};

// "sender", "firewall", "NAT", "receiver", "lost".
std::string_view CardRoleName(CardStage::Role role);

// The card of the segment event number `n` (mux, demux, drop, fw, nat,
// nat-drop) is about. InvalidArgument when n is outside 1..log.size()
// ("event 900: the trace has 812 events (1..812)") or names an event about
// no segment ("event 3 is a state event, not a segment's: ...").
absl::StatusOr<PacketCard> BuildPacketCard(const EventLog& log, int64_t n);

// Text for a terminal, one stage a paragraph, each fact naming its event.
void WritePacketCardText(const PacketCard& card, std::ostream& out);
// A self-contained HTML fragment (a <section class="packet-card">, every
// text escaped, no script, no external reference).
void WritePacketCardHtml(const PacketCard& card, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_PACKET_CARD_H_
