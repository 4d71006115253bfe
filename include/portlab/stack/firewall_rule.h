// FirewallRule: one rule of a host's firewall, as nftables writes it (the
// model; stack/firewall.h evaluates an ordered list of them).
//
// A rule matches a packet when every selector it has matches: direction
// (input or output chain), protocol, source and destination prefixes or a
// named address set, source and destination port ranges, connection state.
// A rule that matches may add the packet's source address to a named set
// (nft's `add @knocked { ip saddr timeout 10s }`), then applies its verdict:
// accept, drop, reject, or none (evaluation goes on to the next rule, as an
// nft rule without a verdict statement does).
//
// Example:
//   FirewallRule r;
//   r.protocol = net::Protocol::kTcp;
//   r.dport = {{22, 22}};
//   r.saddr = {{*net::IpAddress::Parse("10.0.0.0"), 8}};
//   r.verdict = Verdict::kReject;
//   r.reject_with = RejectWith::kAdminProhibited;
//   RuleText(r);  // "tcp dport 22 ip saddr 10.0.0.0/8 reject with icmpx admin-prohibited"
//
// Invariants:
//   - An empty selector (no prefixes, no port ranges, no set, ct_states 0,
//     no protocol) matches every packet.
//   - Port selectors are read only for TCP and UDP; a rule with a port
//     selector never matches an ICMP error (nft: `th dport` needs a
//     transport header).
//   - Prefixes of one family never match an address of the other.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_FIREWALL_RULE_H_
#define PORTLAB_STACK_FIREWALL_RULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"

namespace portlab::stack {

// The chain a rule sits in: nft's input hook (segments arriving for this
// host) or output hook (segments this host sends).
enum class FwDirection : uint8_t { kIn, kOut };
inline constexpr int kFwDirectionCount = 2;

enum class Verdict : uint8_t {
  kNone,    // no verdict statement: go on to the next rule
  kAccept,
  kDrop,
  kReject,
};

// What a reject sends (nft `reject with ...`; net/netfilter/nft_reject_inet.c).
enum class RejectWith : uint8_t {
  // nft's `reject` alone, in the inet family: ICMP(v6) port unreachable,
  // for TCP too (nft_reject_inet_init: NFT_REJECT_ICMPX_UNREACH, code
  // NFT_REJECT_ICMPX_PORT_UNREACH).
  kPortUnreachable,
  kTcpReset,  // `with tcp reset`: a RST (nf_send_reset); only TCP may use it
  kAdminProhibited,
  kHostUnreachable,
  kNetUnreachable,
  // The short rule form `{proto, port, action: reject}`: RST for TCP, ICMP
  // port unreachable for UDP (iptables' `-j REJECT --reject-with tcp-reset`
  // for TCP), as portlab's firewall always answered.
  kResetOrPortUnreachable,
};

// Connection states (nft `ct state`, netfilter conntrack's ctinfo), as bits.
enum CtState : uint8_t {
  kCtNew = 1,
  kCtEstablished = 2,
  kCtRelated = 4,
};

struct AddressPrefix {
  net::IpAddress address;
  int length = 32;
  bool Contains(const net::IpAddress& a) const;
};

struct PortSpan {
  uint16_t lo = 0;
  uint16_t hi = 0;
};

struct FirewallRule {
  FwDirection direction = FwDirection::kIn;
  std::optional<net::Protocol> protocol;  // nullopt: any
  std::vector<AddressPrefix> saddr, daddr;  // any of them; empty: any address
  std::string saddr_set, daddr_set;          // "": none; else the set to be in
  std::vector<PortSpan> sport, dport;        // any of them; empty: any port
  uint8_t ct_states = 0;                     // CtState bits; 0: any state
  // Add the packet's source address to this set ("" none), for `add_timeout`
  // (zero: until the run ends).
  std::string add_to_set;
  Duration add_timeout;
  Verdict verdict = Verdict::kNone;
  RejectWith reject_with = RejectWith::kPortUnreachable;
};

// A rule's counter (nft `counter packets N bytes M`); bytes as the IP
// datagram portlab's capture shows (TCP without options).
struct RuleFigures {
  int64_t packets = 0;
  int64_t bytes = 0;
};

// The rule in nft's `list ruleset` words:
// "tcp dport { 22, 80-90 } ct state established,related accept"; with a
// counter, "... counter packets 3 bytes 120 accept" as nft lists one.
std::string RuleText(const FirewallRule& rule, const RuleFigures* counter = nullptr);
std::string_view VerdictName(Verdict v);        // "accept", "drop", "reject", ""
std::string_view RejectWithName(RejectWith w);  // "tcp-reset", "port-unreachable", ...
std::string_view DirectionName(FwDirection d);  // "in", "out"

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_FIREWALL_RULE_H_
