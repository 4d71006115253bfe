#include "portlab/nat/nat_probe.h"

#include "absl/strings/str_cat.h"
#include "portlab/nat/nat_box.h"

namespace portlab::nat {
namespace {

constexpr char kClient[] = "192.168.1.100";
constexpr char kA1[] = "192.0.2.1";
constexpr char kA2[] = "192.0.2.2";
constexpr uint16_t kP1 = 3478;
constexpr uint16_t kP2 = 3479;
constexpr uint16_t kClientPort = 5000;
// The §4.6 search looks up to this idle time (longer than every profile's
// UDP timeout but Linux's 5-day TCP one, which UDP does not use).
constexpr int64_t kMaxLifetimeS = 4 * 3600;

// One fresh NAT and its address pool.
class Lab {
 public:
  static absl::StatusOr<Lab> Make(const NatConfig& config, uint64_t seed) {
    Lab lab;
    NatBoxSpec spec;
    spec.name = "probe";
    spec.config = config;
    spec.outside = {*net::IpAddress::Parse("203.0.113.1")};
    spec.inside_network = *net::IpAddress::Parse("192.168.1.0");
    spec.inside_prefix = 24;
    lab.pool_ = std::make_unique<net::AddressPool>();
    absl::StatusOr<std::unique_ptr<NatBox>> box = NatBox::Create(spec, *lab.pool_, seed, nullptr);
    if (!box.ok()) return box.status();
    lab.nat_ = std::move(*box);
    return lab;
  }
  net::AddrId A(const char* a) { return pool_->Intern(*net::IpAddress::Parse(a)); }
  stack::Segment Udp(net::AddrId src, uint16_t sport, net::AddrId dst, uint16_t dport) {
    stack::Segment s;
    s.kind = stack::SegmentKind::kUdp;
    s.src = src;
    s.sport = sport;
    s.dst = dst;
    s.dport = dport;
    return s;
  }
  // The mapped endpoint of a request from the client, or nullopt if dropped.
  std::optional<std::pair<net::AddrId, uint16_t>> Request(const char* from, uint16_t port, const char* to,
                                                          uint16_t to_port, sim::SimTime at) {
    NatResult r = nat_->Outbound(Udp(A(from), port, A(to), to_port), at);
    if (r.action != NatResult::Action::kToOutside) return std::nullopt;
    return std::make_pair(r.segment.src, r.segment.sport);
  }
  bool Answer(const char* from, uint16_t from_port, std::pair<net::AddrId, uint16_t> mapped, sim::SimTime at) {
    return nat_->Inbound(Udp(A(from), from_port, mapped.first, mapped.second), at).action ==
           NatResult::Action::kToInside;
  }
  std::string Name(std::pair<net::AddrId, uint16_t> e) const {
    return absl::StrCat(pool_->Get(e.first).ToString(), ":", e.second);
  }
  NatBox& nat() { return *nat_; }

 private:
  std::unique_ptr<net::AddressPool> pool_;
  std::unique_ptr<NatBox> nat_;
};

sim::SimTime Seconds(int64_t s) { return sim::SimTime() + sim::Duration::Seconds(s); }

}  // namespace

std::string_view ClassicName(Dependence mapping, Dependence filtering) {
  if (mapping != Dependence::kEndpointIndependent) return "symmetric";
  switch (filtering) {
    case Dependence::kEndpointIndependent: return "full cone";
    case Dependence::kAddressDependent: return "restricted cone";
    case Dependence::kAddressAndPortDependent: return "port-restricted cone";
  }
  return "?";
}

absl::StatusOr<ProbeReport> ProbeNat(const NatConfig& config, uint64_t seed) {
  ProbeReport report;
  // Mapping behaviour (§4.3).
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed);
    if (!lab.ok()) return lab.status();
    auto m1 = lab->Request(kClient, kClientPort, kA1, kP1, Seconds(0));
    auto m2 = lab->Request(kClient, kClientPort, kA2, kP1, Seconds(0));
    auto m3 = lab->Request(kClient, kClientPort, kA2, kP2, Seconds(0));
    if (!m1 || !m2 || !m3) return absl::FailedPreconditionError("the NAT dropped a mapping test request");
    report.log.push_back(absl::StrCat("mapping test I   to ", kA1, ":", kP1, "  mapped ", lab->Name(*m1)));
    report.log.push_back(absl::StrCat("mapping test II  to ", kA2, ":", kP1, "  mapped ", lab->Name(*m2)));
    report.log.push_back(absl::StrCat("mapping test III to ", kA2, ":", kP2, "  mapped ", lab->Name(*m3)));
    report.mapping = *m1 == *m2   ? Dependence::kEndpointIndependent
                     : *m2 == *m3 ? Dependence::kAddressDependent
                                  : Dependence::kAddressAndPortDependent;
  }
  // Filtering behaviour (§4.4).
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kClient, kClientPort, kA1, kP1, Seconds(0));
    if (!m) return absl::FailedPreconditionError("the NAT dropped a filtering test request");
    bool two = lab->Answer(kA2, kP2, *m, Seconds(0));
    bool three = lab->Answer(kA1, kP2, *m, Seconds(0));
    report.log.push_back(absl::StrCat("filtering test II  answer from ", kA2, ":", kP2, two ? "  received" : "  none"));
    report.log.push_back(absl::StrCat("filtering test III answer from ", kA1, ":", kP2, three ? "  received" : "  none"));
    report.filtering = two     ? Dependence::kEndpointIndependent
                       : three ? Dependence::kAddressDependent
                               : Dependence::kAddressAndPortDependent;
  }
  report.classic = std::string(ClassicName(report.mapping, report.filtering));
  // Hairpinning (§4.5): to its own mapped address, from the same socket.
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kClient, kClientPort, kA1, kP1, Seconds(0));
    if (!m) return absl::FailedPreconditionError("the NAT dropped a hairpinning test request");
    NatResult r = lab->nat().Outbound(lab->Udp(lab->A(kClient), kClientPort, m->first, m->second), Seconds(0));
    report.hairpinning = r.action == NatResult::Action::kToInside && r.segment.dst == lab->A(kClient) &&
                         r.segment.dport == kClientPort;
    report.log.push_back(absl::StrCat("hairpinning test  to ", lab->Name(*m),
                                      report.hairpinning ? "  heard itself" : "  nothing"));
  }
  // Binding lifetime (§4.6): is the binding alive after `idle` seconds?
  auto alive = [&](int64_t idle) -> absl::StatusOr<bool> {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kClient, kClientPort, kA1, kP1, Seconds(0));
    if (!m) return absl::FailedPreconditionError("the NAT dropped a lifetime test request");
    ++report.lifetime_probes;
    return lab->Answer(kA1, kP1, *m, Seconds(idle));
  };
  absl::StatusOr<bool> at_max = alive(kMaxLifetimeS);
  if (!at_max.ok()) return at_max.status();
  if (!*at_max) {
    int64_t lo = 0, hi = kMaxLifetimeS;  // alive at lo, gone at hi
    while (hi - lo > 1) {
      int64_t mid = lo + (hi - lo) / 2;
      absl::StatusOr<bool> a = alive(mid);
      if (!a.ok()) return a.status();
      (*a ? lo : hi) = mid;
    }
    report.binding_lifetime = sim::Duration::Seconds(hi);
  }
  report.log.push_back(absl::StrCat("binding lifetime  ", report.lifetime_probes, " probes, ",
                                    report.binding_lifetime ? absl::StrCat("gone after ", report.binding_lifetime->seconds(), " s idle")
                                                            : absl::StrCat("alive after ", kMaxLifetimeS, " s")));
  return report;
}

}  // namespace portlab::nat
