// The firewall's chains: nft_do_chain's first-verdict-wins walk over the
// rules of one hook, with counters, dynamic set updates (nft_dynset) and
// conntrack (net/netfilter/nf_conntrack_core.c).
#include "portlab/stack/firewall.h"

#include <algorithm>

namespace portlab::stack {
namespace {

constexpr uint8_t kQuickTcp = 1, kQuickUdp = 2, kQuickIcmp = 4;

uint8_t QuickProtocol(const net::Segment& seg) {
  return seg.kind == net::SegmentKind::kTcp ? kQuickTcp : seg.kind == net::SegmentKind::kUdp ? kQuickUdp : kQuickIcmp;
}

bool InSpans(const std::vector<PortSpan>& spans, uint16_t port) {
  for (const PortSpan& s : spans) {
    if (port >= s.lo && port <= s.hi) return true;
  }
  return false;
}

bool InPrefixes(const std::vector<AddressPrefix>& prefixes, const net::IpAddress& a) {
  for (const AddressPrefix& p : prefixes) {
    if (p.Contains(a)) return true;
  }
  return false;
}

}  // namespace

uint32_t DatagramBytes(const net::Segment& seg, bool v6) {
  const uint32_t ip = v6 ? 40 : 20;
  if (seg.kind == net::SegmentKind::kTcp) return ip + 20 + seg.length;
  if (seg.kind == net::SegmentKind::kUdp) return ip + 8 + seg.length;
  // An ICMP error quotes the datagram as far as 576 (IPv4) or 1280 (IPv6)
  // bytes allow (RFC 1812 §4.3.2.3, RFC 4443 §2.4).
  const uint32_t quoted = ip + (seg.inner_protocol == net::Protocol::kTcp ? 20 : 8) + seg.length;
  const uint32_t room = v6 ? 1280 - 40 - 8 : 576 - 20 - 8;
  return ip + 8 + std::min(quoted, room);
}

Firewall::Entry Firewall::Compile(const FirewallRule& rule) {
  Entry e;
  e.rule = rule;
  if (!rule.saddr_set.empty()) e.saddr_set = sets_.Intern(rule.saddr_set);
  if (!rule.daddr_set.empty()) e.daddr_set = sets_.Intern(rule.daddr_set);
  if (!rule.add_to_set.empty()) e.add_set = sets_.Intern(rule.add_to_set);
  return e;
}

void Firewall::Add(const FirewallEntry& f) {
  FirewallRule r;
  r.protocol = f.protocol;
  r.dport = {{f.port, f.port}};
  r.verdict = f.drop ? Verdict::kDrop : Verdict::kReject;
  r.reject_with = RejectWith::kResetOrPortUnreachable;
  Append(r);
}

void Firewall::Append(const FirewallRule& rule) {
  rules_.push_back(Compile(rule));
  Rebuild();
}

void Firewall::Insert(size_t position, const FirewallRule& rule) {
  position = std::min(position, rules_.size());
  rules_.insert(rules_.begin() + static_cast<std::ptrdiff_t>(position), Compile(rule));
  Rebuild();
}

bool Firewall::Delete(size_t position) {
  if (position >= rules_.size()) return false;
  rules_.erase(rules_.begin() + static_cast<std::ptrdiff_t>(position));
  Rebuild();
  return true;
}

void Firewall::Flush() {
  rules_.clear();
  Rebuild();
}

void Firewall::SetPolicy(FwDirection d, Verdict v) {
  policy_[static_cast<int>(d)] = v;
  Rebuild();
}

void Firewall::Rebuild() {
  for (auto& c : chain_) c.clear();
  bool tracking = false;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const FirewallRule& r = rules_[i].rule;
    tracking |= r.ct_states != 0;
    Quick q;
    q.index = static_cast<uint16_t>(i);
    if (r.protocol) q.protocols = *r.protocol == net::Protocol::kTcp ? kQuickTcp : kQuickUdp;
    if (!r.sport.empty() || !r.dport.empty()) q.protocols &= kQuickTcp | kQuickUdp;
    if (r.dport.size() == 1) {
      q.dport_lo = r.dport[0].lo;
      q.dport_hi = r.dport[0].hi;
    }
    q.full = r.dport.size() > 1 || !r.sport.empty() || !r.saddr.empty() || !r.daddr.empty() ||
             rules_[i].saddr_set >= 0 || rules_[i].daddr_set >= 0 || r.ct_states != 0;
    chain_[static_cast<int>(r.direction)].push_back(q);
  }
  // Conntrack must see both directions once any rule reads it (a reply is
  // established only if the request was seen).
  tracking_ = tracking;
  for (int d = 0; d < kFwDirectionCount; ++d) {
    active_[d] = !chain_[d].empty() || policy_[d] != Verdict::kAccept || tracking_;
  }
}

bool Firewall::Matches(const Entry& e, const net::Segment& seg, const net::AddressPool& pool,
                       SimTime now, int& ct_state) const {
  const FirewallRule& r = e.rule;
  const bool icmp = net::IsIcmp(seg.kind);
  if (!icmp) {
    if (r.dport.size() > 1 && !InSpans(r.dport, seg.dport)) return false;
    if (!r.sport.empty() && !InSpans(r.sport, seg.sport)) return false;
  }
  if (!r.saddr.empty() && !InPrefixes(r.saddr, pool.Get(seg.src))) return false;
  if (!r.daddr.empty() && !InPrefixes(r.daddr, pool.Get(seg.dst))) return false;
  if (e.saddr_set >= 0 && !sets_.Contains(e.saddr_set, seg.src, now)) return false;
  if (e.daddr_set >= 0 && !sets_.Contains(e.daddr_set, seg.dst, now)) return false;
  if (r.ct_states != 0) {
    if (ct_state < 0) ct_state = conntrack_.StateOf(seg);
    if (!(r.ct_states & ct_state)) return false;
  }
  return true;
}

Firewall::Decision Firewall::Filter(FwDirection d, const net::Segment& seg, const net::AddressPool& pool,
                                    SimTime now) {
  const int di = static_cast<int>(d);
  const uint8_t proto = QuickProtocol(seg);
  // An ICMP error's ports are the quoted datagram's: no port selector reads them.
  const uint16_t dport = proto == kQuickIcmp ? 0 : seg.dport;
  int ct_state = -1;  // not looked up yet
  Decision out;
  out.verdict = policy_[di];
  for (const Quick& q : chain_[di]) {
    if (!(q.protocols & proto) || dport < q.dport_lo || dport > q.dport_hi) continue;
    Entry& e = rules_[q.index];
    if (q.full && !Matches(e, seg, pool, now, ct_state)) continue;
    ++e.figures.packets;
    e.figures.bytes += DatagramBytes(seg, pool.Get(seg.src).is_v6());
    if (e.add_set >= 0) sets_.Add(e.add_set, seg.src, now, e.rule.add_timeout);
    if (e.rule.verdict == Verdict::kNone) continue;
    out.verdict = e.rule.verdict;
    out.reject_with = e.rule.reject_with;
    out.rule = q.index;
    break;
  }
  if (out.rule == kPolicy && out.verdict == Verdict::kDrop) ++policy_drops_[di];
  if (tracking_ && out.verdict == Verdict::kAccept) conntrack_.Confirm(seg);
  return out;
}

}  // namespace portlab::stack
