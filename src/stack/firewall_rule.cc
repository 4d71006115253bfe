#include "portlab/stack/firewall_rule.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"

namespace portlab::stack {
namespace {

std::string SpanText(const PortSpan& s) {
  return s.lo == s.hi ? absl::StrCat(s.lo) : absl::StrCat(s.lo, "-", s.hi);
}

// nft's set notation: one element bare, several in braces.
template <typename T, typename F>
std::string SetNotation(const std::vector<T>& v, F one) {
  if (v.size() == 1) return one(v[0]);
  std::vector<std::string> parts;
  for (const T& e : v) parts.push_back(one(e));
  return absl::StrCat("{ ", absl::StrJoin(parts, ", "), " }");
}

std::string PrefixText(const AddressPrefix& p) {
  const int full = p.address.is_v4() ? 32 : 128;
  return p.length == full ? p.address.ToString() : absl::StrCat(p.address.ToString(), "/", p.length);
}

// `ip saddr 10.0.0.0/8`, `ip6 saddr 2001:db8::/32`, `ip saddr @knocked`.
void AddAddresses(std::vector<std::string>& out, std::string_view which,
                  const std::vector<AddressPrefix>& prefixes, const std::string& set) {
  if (!prefixes.empty()) {
    const bool v6 = prefixes[0].address.is_v6();
    out.push_back(absl::StrCat(v6 ? "ip6 " : "ip ", AV(which), " ", SetNotation(prefixes, PrefixText)));
  }
  if (!set.empty()) out.push_back(absl::StrCat("ip ", AV(which), " @", set));
}

}  // namespace

bool AddressPrefix::Contains(const net::IpAddress& a) const {
  if (a.family() != address.family()) return false;
  if (a.is_v4()) {
    const uint32_t mask = net::IpAddress::V4Netmask(length);
    return (a.v4() & mask) == (address.v4() & mask);
  }
  const int whole = length / 8;
  if (std::memcmp(a.bytes().data(), address.bytes().data(), static_cast<size_t>(whole)) != 0) return false;
  if (length % 8 == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - length % 8));
  return (a.bytes()[whole] & mask) == (address.bytes()[whole] & mask);
}

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kNone: return "";
    case Verdict::kAccept: return "accept";
    case Verdict::kDrop: return "drop";
    case Verdict::kReject: return "reject";
  }
  return "?";
}

std::string_view RejectWithName(RejectWith w) {
  switch (w) {
    case RejectWith::kPortUnreachable: return "port-unreachable";
    case RejectWith::kTcpReset: return "tcp-reset";
    case RejectWith::kAdminProhibited: return "admin-prohibited";
    case RejectWith::kHostUnreachable: return "host-unreachable";
    case RejectWith::kNetUnreachable: return "net-unreachable";
    case RejectWith::kResetOrPortUnreachable: return "tcp-reset or port-unreachable";
  }
  return "?";
}

std::string_view DirectionName(FwDirection d) { return d == FwDirection::kIn ? "in" : "out"; }

std::string RuleText(const FirewallRule& r, const RuleFigures* counter) {
  std::vector<std::string> parts;
  const bool ports = !r.sport.empty() || !r.dport.empty();
  const std::string l4 = r.protocol ? std::string(net::ProtocolName(*r.protocol)) : "th";
  if (!ports && r.protocol) parts.push_back(absl::StrCat("meta l4proto ", l4));
  if (!r.sport.empty()) parts.push_back(absl::StrCat(l4, " sport ", SetNotation(r.sport, SpanText)));
  if (!r.dport.empty()) parts.push_back(absl::StrCat(l4, " dport ", SetNotation(r.dport, SpanText)));
  AddAddresses(parts, "saddr", r.saddr, r.saddr_set);
  AddAddresses(parts, "daddr", r.daddr, r.daddr_set);
  if (r.ct_states != 0) {
    std::vector<absl::string_view> states;
    if (r.ct_states & kCtEstablished) states.push_back("established");
    if (r.ct_states & kCtRelated) states.push_back("related");
    if (r.ct_states & kCtNew) states.push_back("new");
    parts.push_back(absl::StrCat("ct state ", absl::StrJoin(states, ",")));
  }
  if (!r.add_to_set.empty()) {
    std::string add = absl::StrCat("add @", r.add_to_set, " { ip saddr");
    if (r.add_timeout.nanos() > 0) absl::StrAppend(&add, " timeout ", AV(FormatSeconds(SimTime() + r.add_timeout)), "s");
    absl::StrAppend(&add, " }");
    parts.push_back(std::move(add));
  }
  if (counter) parts.push_back(absl::StrCat("counter packets ", counter->packets, " bytes ", counter->bytes));
  if (r.verdict == Verdict::kReject) {
    switch (r.reject_with) {
      case RejectWith::kPortUnreachable: parts.push_back("reject"); break;
      case RejectWith::kTcpReset: parts.push_back("reject with tcp reset"); break;
      case RejectWith::kResetOrPortUnreachable:
        parts.push_back(r.protocol == net::Protocol::kTcp ? "reject with tcp reset" : "reject");
        break;
      // icmpx has no network unreachable (its no-route is ICMPv6's code 0).
      case RejectWith::kNetUnreachable: parts.push_back("reject with icmp net-unreachable"); break;
      default: parts.push_back(absl::StrCat("reject with icmpx ", AV(RejectWithName(r.reject_with))));
    }
  } else if (r.verdict != Verdict::kNone) {
    parts.push_back(std::string(VerdictName(r.verdict)));
  }
  return absl::StrJoin(parts, " ");
}

}  // namespace portlab::stack
