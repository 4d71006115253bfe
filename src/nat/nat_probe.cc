#include "portlab/nat/nat_probe.h"

#include "absl/strings/str_cat.h"
#include "portlab/nat/nat_box.h"

namespace portlab::nat {
namespace {

constexpr uint32_t kA1 = 0xC0000201;  // 192.0.2.1
constexpr uint32_t kA2 = 0xC0000202;  // 192.0.2.2
constexpr uint16_t kP1 = 3478;
constexpr uint16_t kP2 = 3479;
// The §4.6 search looks up to this idle time (longer than every profile's
// UDP timeout but Linux's 5-day TCP one, which UDP does not use).
constexpr int64_t kMaxLifetimeS = 4 * 3600;

using Mapped = std::pair<net::AddrId, uint16_t>;

// One fresh NAT and its address pool.
class Lab {
 public:
  static absl::StatusOr<Lab> Make(const NatConfig& config, uint64_t seed, const ProbeLab& where) {
    Lab lab;
    NatBoxSpec spec;
    spec.name = "probe";
    spec.config = config;
    spec.outside = {where.outside};
    spec.inside_network = where.inside_network;
    spec.inside_prefix = where.inside_prefix;
    lab.pool_ = std::make_unique<net::AddressPool>();
    absl::StatusOr<std::unique_ptr<NatBox>> box = NatBox::Create(spec, *lab.pool_, seed, nullptr);
    if (!box.ok()) return box.status();
    lab.nat_ = std::move(*box);
    lab.client_ = lab.pool_->Intern(where.client);
    lab.client_port_ = where.client_port;
    return lab;
  }
  net::AddrId A(uint32_t v4) { return pool_->Intern(net::IpAddress::V4(v4)); }
  net::Segment Udp(net::AddrId src, uint16_t sport, net::AddrId dst, uint16_t dport) {
    net::Segment s;
    s.kind = net::SegmentKind::kUdp;
    s.src = src;
    s.sport = sport;
    s.dst = dst;
    s.dport = dport;
    return s;
  }
  // The mapped endpoint of a request from the client's socket, or nullopt
  // if dropped.
  std::optional<Mapped> Request(uint32_t to, uint16_t to_port, SimTime at) {
    NatResult r = nat_->Outbound(Udp(client_, client_port_, A(to), to_port), at);
    if (r.action != NatResult::Action::kToOutside) return std::nullopt;
    return std::make_pair(r.segment.src, r.segment.sport);
  }
  bool Answer(uint32_t from, uint16_t from_port, Mapped mapped, SimTime at) {
    return nat_->Inbound(Udp(A(from), from_port, mapped.first, mapped.second), at).action ==
           NatResult::Action::kToInside;
  }
  // A second socket of the client (the next port) sends to `to`, the first
  // socket's mapped endpoint; the source the first socket sees, or nullopt
  // when nothing reaches it.
  std::optional<Mapped> Hairpin(Mapped to, SimTime at) {
    NatResult r = nat_->Outbound(Udp(client_, static_cast<uint16_t>(client_port_ + 1), to.first, to.second), at);
    if (r.action != NatResult::Action::kToInside || r.segment.dst != client_ || r.segment.dport != client_port_) {
      return std::nullopt;
    }
    return std::make_pair(r.segment.src, r.segment.sport);
  }
  std::string Name(uint32_t v4, uint16_t port) const {
    return absl::StrCat(net::IpAddress::V4(v4).ToString(), ":", port);
  }
  std::string Name(Mapped e) const { return absl::StrCat(pool_->Get(e.first).ToString(), ":", e.second); }

 private:
  std::unique_ptr<net::AddressPool> pool_;
  std::unique_ptr<NatBox> nat_;
  net::AddrId client_ = 0;
  uint16_t client_port_ = 0;
};

SimTime Seconds(int64_t s) { return SimTime() + Duration::Seconds(s); }

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

ProbeLab ProbeLabFor(const net::IpAddress& inside_network, int inside_prefix, const net::IpAddress& outside) {
  ProbeLab lab;
  const uint32_t mask = net::IpAddress::V4Netmask(inside_prefix);
  const uint32_t base = inside_network.v4() & mask;
  const uint32_t size = ~mask + 1;  // 0 for a /0: 2^32
  const uint32_t offset = size == 0 || size > 101 ? 100 : size > 2 ? size - 2 : 0;
  lab.client = net::IpAddress::V4(base + offset);
  lab.outside = outside;
  lab.inside_network = inside_network;
  lab.inside_prefix = inside_prefix;
  return lab;
}

absl::StatusOr<ProbeReport> ProbeNat(const NatConfig& config, uint64_t seed, const ProbeLab& where) {
  ProbeReport report;
  // Mapping behaviour (§4.3).
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed, where);
    if (!lab.ok()) return lab.status();
    auto m1 = lab->Request(kA1, kP1, Seconds(0));
    auto m2 = lab->Request(kA2, kP1, Seconds(0));
    auto m3 = lab->Request(kA2, kP2, Seconds(0));
    if (!m1 || !m2 || !m3) return absl::FailedPreconditionError("the NAT dropped a mapping test request");
    report.log.push_back(absl::StrCat("mapping test I   to ", lab->Name(kA1, kP1), "  mapped ", lab->Name(*m1)));
    report.log.push_back(absl::StrCat("mapping test II  to ", lab->Name(kA2, kP1), "  mapped ", lab->Name(*m2)));
    report.log.push_back(absl::StrCat("mapping test III to ", lab->Name(kA2, kP2), "  mapped ", lab->Name(*m3)));
    report.mapping = *m1 == *m2   ? Dependence::kEndpointIndependent
                     : *m2 == *m3 ? Dependence::kAddressDependent
                                  : Dependence::kAddressAndPortDependent;
  }
  // Filtering behaviour (§4.4).
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed, where);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kA1, kP1, Seconds(0));
    if (!m) return absl::FailedPreconditionError("the NAT dropped a filtering test request");
    bool two = lab->Answer(kA2, kP2, *m, Seconds(0));
    bool three = lab->Answer(kA1, kP2, *m, Seconds(0));
    report.log.push_back(absl::StrCat("filtering test II  answer from ", lab->Name(kA2, kP2), two ? "  received" : "  none"));
    report.log.push_back(absl::StrCat("filtering test III answer from ", lab->Name(kA1, kP2), three ? "  received" : "  none"));
    report.filtering = two     ? Dependence::kEndpointIndependent
                       : three ? Dependence::kAddressDependent
                               : Dependence::kAddressAndPortDependent;
  }
  report.classic = std::string(ClassicName(report.mapping, report.filtering));
  // Hairpinning (§4.5): to its own mapped address from a different port.
  // The hairpinned request passes the NAT's filter like any inbound
  // packet, so a NAT that filters (ADF, APDF) hides its hairpinning.
  {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed, where);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kA1, kP1, Seconds(0));
    if (!m) return absl::FailedPreconditionError("the NAT dropped a hairpinning test request");
    std::optional<Mapped> heard = lab->Hairpin(*m, Seconds(0));
    report.hairpinning = heard.has_value();
    report.log.push_back(absl::StrCat("hairpinning test  to ", lab->Name(*m), " from port ", where.client_port + 1,
                                      heard ? absl::StrCat("  heard itself, from ", lab->Name(*heard)) : "  nothing"));
  }
  // Binding lifetime (§4.6): is the binding alive after `idle` seconds?
  auto alive = [&](int64_t idle) -> absl::StatusOr<bool> {
    absl::StatusOr<Lab> lab = Lab::Make(config, seed, where);
    if (!lab.ok()) return lab.status();
    auto m = lab->Request(kA1, kP1, Seconds(0));
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
    report.binding_lifetime = Duration::Seconds(hi);
  }
  report.log.push_back(absl::StrCat("binding lifetime  ", report.lifetime_probes, " probes, ",
                                    report.binding_lifetime ? absl::StrCat("gone after ", report.binding_lifetime->seconds(), " s idle")
                                                            : absl::StrCat("alive after ", kMaxLifetimeS, " s")));
  return report;
}

}  // namespace portlab::nat
