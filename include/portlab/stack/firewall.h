// Firewall: a host's packet filter with nftables' semantics: an input and
// an output chain, each an ordered list of rules (stack/firewall_rule.h)
// under a policy, named address sets with timeouts (stack/address_sets.h)
// and, when a rule reads `ct state`, connection tracking
// (stack/conntrack.h). The host asks it about every segment it receives
// (input) and sends (output) while the chain is active().
//
// Example:
//   Firewall fw;
//   FirewallRule r;  r.protocol = net::Protocol::kTcp;  r.dport = {{22, 22}};
//   r.verdict = Verdict::kDrop;
//   fw.Append(r);
//   Firewall::Decision d = fw.Filter(FwDirection::kIn, syn, pool, now);
//   // d.verdict == Verdict::kDrop, d.rule == 0; fw.figures(0).packets == 1
//
// Invariants:
//   - Rules are evaluated in list order; the first rule with a verdict that
//     matches decides (nft_do_chain); a matching rule without one (only an
//     `add @set`) counts and lets evaluation go on. No rule decides: the
//     chain's policy (accept unless set).
//   - Every rule that matches counts the packet and its bytes (nft
//     `counter`), whatever comes after it.
//   - active(d) is false exactly when the chain can change nothing: no
//     rules in it, an accept policy, and no rule anywhere reads ct state
//     (then conntrack must see every packet, so both chains are active).
//     A host with no rules pays one test of a bool per segment.
//   - Only an accepted packet is confirmed into conntrack.
//   - Rule numbers are 0-based positions in the one list (both chains);
//     Insert and Delete renumber the rules after them.
//   - Filter meets only the rules its packet's protocol and destination
//     port can match (ChainIndex, rebuilt on every change), in list order:
//     the cost of a chain is a binary search plus the rules that name the
//     packet's port or none, not the length of the list.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_FIREWALL_H_
#define PORTLAB_STACK_FIREWALL_H_

#include <array>
#include <cstdint>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"
#include "portlab/net/segment.h"
#include "portlab/stack/address_sets.h"
#include "portlab/stack/conntrack.h"
#include "portlab/stack/firewall_rule.h"

namespace portlab::stack {

// The short rule form of scenarios (`{proto, port, action}`): inbound, one
// destination port, drop or reject (RST for TCP, ICMP port unreachable for
// UDP).
struct FirewallEntry {
  net::Protocol protocol;
  uint16_t port;
  bool drop;  // false: reject
};

class Firewall {
 public:
  // What the firewall decided about a packet: kAccept or kDrop or kReject
  // (never kNone), and the rule that decided (kPolicy: the chain's policy).
  static constexpr int kPolicy = -1;
  struct Decision {
    Verdict verdict = Verdict::kAccept;
    RejectWith reject_with = RejectWith::kPortUnreachable;
    int rule = kPolicy;
  };

  Firewall() { Rebuild(); }

  void Add(const FirewallEntry& e);  // the short form, appended
  void Append(const FirewallRule& rule);
  // Before rule `position` (0-based); at the end when position >= size().
  void Insert(size_t position, const FirewallRule& rule);
  // False when there is no rule `position`.
  bool Delete(size_t position);
  // Every rule goes (the sets and conntrack stay, as after `nft flush chain`).
  void Flush();
  // REQUIRES: v is kAccept or kDrop.
  void SetPolicy(FwDirection d, Verdict v);

  bool active(FwDirection d) const { return active_[static_cast<int>(d)]; }
  // Evaluates the chain `d` for `seg` at `now`: counts, adds to sets,
  // confirms an accepted packet into conntrack when it is kept.
  Decision Filter(FwDirection d, const net::Segment& seg, const net::AddressPool& pool, SimTime now);

  size_t size() const { return rules_.size(); }
  const FirewallRule& rule(size_t i) const { return rules_[i].rule; }
  const RuleFigures& figures(size_t i) const { return rules_[i].figures; }
  Verdict policy(FwDirection d) const { return policy_[static_cast<int>(d)]; }
  // Packets the chain's policy dropped.
  int64_t policy_drops(FwDirection d) const { return policy_drops_[static_cast<int>(d)]; }
  const AddressSets& sets() const { return sets_; }
  bool tracks_connections() const { return tracking_; }
  // Whether Filter reads `now` (a rule reads or fills a set): else the
  // caller may pass any time.
  bool reads_time() const { return reads_time_; }

 private:
  struct Entry {
    FirewallRule rule;
    int saddr_set = -1, daddr_set = -1, add_set = -1;
    bool full = false;  // selectors beyond protocol and dport to test
    RuleFigures figures;
  };
  // Which rules a packet of one protocol to one destination port may meet:
  // the port space cut at every rule's dport span boundaries, each
  // interval with its candidate rules in list order (a rule without dport
  // in every one). Built when the rules change; a lookup is a binary
  // search, so a chain of rules naming other ports costs nothing per rule.
  struct ChainIndex {
    std::vector<uint32_t> starts;      // ascending, starts[0] == 0
    std::vector<uint32_t> offsets;     // interval i: candidates[offsets[i] .. offsets[i + 1])
    std::vector<uint32_t> candidates;  // indices into rules_
  };
  static constexpr int kIndexProtocols = 3;  // TCP, UDP, ICMP errors
  Entry Compile(const FirewallRule& rule);
  void Rebuild();
  bool Matches(const Entry& e, const net::Segment& seg, const net::AddressPool& pool, SimTime now,
               int& ct_state) const;

  std::vector<Entry> rules_;
  std::array<std::array<ChainIndex, kIndexProtocols>, kFwDirectionCount> index_;
  std::array<Verdict, kFwDirectionCount> policy_ = {Verdict::kAccept, Verdict::kAccept};
  std::array<int64_t, kFwDirectionCount> policy_drops_ = {0, 0};
  std::array<bool, kFwDirectionCount> active_ = {false, false};
  bool tracking_ = false;
  bool reads_time_ = false;
  AddressSets sets_;
  ConnTrack conntrack_;
};

// The IP datagram's length as a capture shows it (headers and payload).
uint32_t DatagramBytes(const net::Segment& seg, bool v6);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_FIREWALL_H_
