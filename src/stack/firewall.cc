// The firewall's chains: nft_do_chain's first-verdict-wins walk over the
// rules of one hook, with counters, dynamic set updates (nft_dynset) and
// conntrack (net/netfilter/nf_conntrack_core.c).
#include "portlab/stack/firewall.h"

#include <algorithm>

namespace portlab::stack {
namespace {

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
  bool tracking = false, reads_time = false;
  bool in_chain[kFwDirectionCount] = {false, false};
  for (Entry& e : rules_) {
    const FirewallRule& r = e.rule;
    tracking |= r.ct_states != 0;
    reads_time |= e.saddr_set >= 0 || e.daddr_set >= 0 || e.add_set >= 0;
    in_chain[static_cast<int>(r.direction)] = true;
    e.full = !r.sport.empty() || !r.saddr.empty() || !r.daddr.empty() ||
             e.saddr_set >= 0 || e.daddr_set >= 0 || r.ct_states != 0;
  }
  for (int d = 0; d < kFwDirectionCount; ++d) {
    for (int p = 0; p < kIndexProtocols; ++p) {
      ChainIndex& index = index_[d][p];
      index = ChainIndex{};
      // The rules a packet of protocol p can meet at all: its own protocol
      // or none named; an ICMP error only rules without protocol or ports.
      std::vector<uint32_t> rules;
      for (uint32_t i = 0; i < rules_.size(); ++i) {
        const FirewallRule& r = rules_[i].rule;
        if (static_cast<int>(r.direction) != d) continue;
        const bool ports = !r.sport.empty() || !r.dport.empty();
        if (p == 2 ? (r.protocol || ports) : (r.protocol && static_cast<int>(*r.protocol) != p)) continue;
        rules.push_back(i);
      }
      std::vector<uint32_t> starts = {0};
      for (uint32_t i : rules) {
        for (const PortSpan& s : rules_[i].rule.dport) {
          starts.push_back(s.lo);
          if (s.hi < 65535) starts.push_back(uint32_t{s.hi} + 1);
        }
      }
      std::sort(starts.begin(), starts.end());
      starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
      for (uint32_t start : starts) {
        index.offsets.push_back(static_cast<uint32_t>(index.candidates.size()));
        for (uint32_t i : rules) {
          const std::vector<PortSpan>& dport = rules_[i].rule.dport;
          if (dport.empty() || InSpans(dport, static_cast<uint16_t>(start))) index.candidates.push_back(i);
        }
      }
      index.offsets.push_back(static_cast<uint32_t>(index.candidates.size()));
      index.starts = std::move(starts);
    }
  }
  // Conntrack must see both directions once any rule reads it (a reply is
  // established only if the request was seen).
  tracking_ = tracking;
  reads_time_ = reads_time;
  for (int d = 0; d < kFwDirectionCount; ++d) {
    active_[d] = in_chain[d] || policy_[d] != Verdict::kAccept || tracking_;
  }
}

bool Firewall::Matches(const Entry& e, const net::Segment& seg, const net::AddressPool& pool,
                       SimTime now, int& ct_state) const {
  const FirewallRule& r = e.rule;
  // (The index has matched protocol and dport already.)
  if (!r.sport.empty() && !InSpans(r.sport, seg.sport)) return false;
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
  const bool icmp = net::IsIcmp(seg.kind);
  const ChainIndex& index = index_[di][icmp ? 2 : seg.kind == net::SegmentKind::kTcp ? 0 : 1];
  // An ICMP error's ports are the quoted datagram's: its index has one
  // interval, of rules without ports.
  const uint32_t port = icmp ? 0 : seg.dport;
  const size_t interval =
      static_cast<size_t>(std::upper_bound(index.starts.begin(), index.starts.end(), port) - index.starts.begin()) - 1;
  int ct_state = -1;  // not looked up yet
  Decision out;
  out.verdict = policy_[di];
  for (uint32_t c = index.offsets[interval]; c < index.offsets[interval + 1]; ++c) {
    const uint32_t i = index.candidates[c];
    Entry& e = rules_[i];
    if (e.full && !Matches(e, seg, pool, now, ct_state)) continue;
    ++e.figures.packets;
    e.figures.bytes += DatagramBytes(seg, pool.Get(seg.src).is_v6());
    if (e.add_set >= 0) sets_.Add(e.add_set, seg.src, now, e.rule.add_timeout);
    if (e.rule.verdict == Verdict::kNone) continue;
    out.verdict = e.rule.verdict;
    out.reject_with = e.rule.reject_with;
    out.rule = static_cast<int>(i);
    break;
  }
  if (out.rule == kPolicy && out.verdict == Verdict::kDrop) ++policy_drops_[di];
  if (tracking_ && out.verdict == Verdict::kAccept) conntrack_.Confirm(seg);
  return out;
}

}  // namespace portlab::stack
