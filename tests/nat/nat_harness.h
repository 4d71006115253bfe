// A NatBox with its own address pool, and short ways to build segments and
// read results, for the table-driven tests of tests/nat.
#ifndef PORTLAB_TESTS_NAT_NAT_HARNESS_H_
#define PORTLAB_TESTS_NAT_NAT_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/nat/nat_box.h"
#include "portlab/nat/nat_profiles.h"

namespace portlab::nat::testing {

inline SimTime At(double seconds) { return SimTime::FromNanos(static_cast<int64_t>(seconds * 1e9)); }

struct NatHarness {
  net::AddressPool pool;
  std::unique_ptr<NatBox> nat;

  explicit NatHarness(const NatConfig& c, std::vector<std::string> outside = {"203.0.113.1"},
                      std::vector<PortForward> forwards = {}, std::string inside = "192.168.1.0", int prefix = 24,
                      uint64_t seed = 1) {
    NatBoxSpec spec;
    spec.name = "nat";
    spec.config = c;
    for (const std::string& o : outside) spec.outside.push_back(*net::IpAddress::Parse(o));
    spec.inside_network = *net::IpAddress::Parse(inside);
    spec.inside_prefix = prefix;
    spec.forwards = std::move(forwards);
    auto made = NatBox::Create(spec, pool, seed, nullptr);
    if (!made.ok()) throw std::runtime_error(std::string(made.status().message()));
    nat = std::move(*made);
  }

  net::AddrId A(std::string_view a) { return pool.Intern(*net::IpAddress::Parse(a)); }
  std::string Name(net::AddrId a) const { return pool.Get(a).ToString(); }

  net::Segment Udp(std::string_view src, uint16_t sport, std::string_view dst, uint16_t dport) {
    net::Segment s;
    s.kind = net::SegmentKind::kUdp;
    s.src = A(src);
    s.sport = sport;
    s.dst = A(dst);
    s.dport = dport;
    return s;
  }
  net::Segment Tcp(std::string_view src, uint16_t sport, std::string_view dst, uint16_t dport,
                     uint8_t flags = net::kSyn) {
    net::Segment s = Udp(src, sport, dst, dport);
    s.kind = net::SegmentKind::kTcp;
    s.flags = flags;
    return s;
  }
  // "203.0.113.1:61234" for the source of a translated outbound segment,
  // "drop:REASON" when dropped.
  std::string Source(const NatResult& r) const {
    if (r.action == NatResult::Action::kDrop) return "drop:" + std::string(DropReasonName(r.drop_reason));
    return absl::StrCat(Name(r.segment.src), ":", r.segment.sport);
  }
  std::string Dest(const NatResult& r) const {
    if (r.action == NatResult::Action::kDrop) return "drop:" + std::string(DropReasonName(r.drop_reason));
    return absl::StrCat(Name(r.segment.dst), ":", r.segment.dport);
  }
  NatResult Out(const net::Segment& s, double t = 0) { return nat->Outbound(s, At(t)); }
  NatResult In(const net::Segment& s, double t = 0) { return nat->Inbound(s, At(t)); }
};

inline NatConfig Profile(std::string_view name) { return FindNatProfile(name)->config; }

}  // namespace portlab::nat::testing

#endif  // PORTLAB_TESTS_NAT_NAT_HARNESS_H_
