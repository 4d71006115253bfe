#include "portlab/nat/nat_profiles.h"

namespace portlab::nat {
namespace {


// RFC 4787 / 5382 / 5508 / 7857 recommendations.
NatConfig RfcRecommended() {
  NatConfig c;
  c.mapping = Dependence::kEndpointIndependent;   // RFC 4787 REQ-1, RFC 5382 REQ-1
  c.filtering = Dependence::kEndpointIndependent; // RFC 4787 REQ-8 (transparency), RFC 5382 REQ-3
  c.port_preservation = true;                     // §4.2.1 allowed
  c.port_parity = true;                           // REQ-4
  c.port_selection = PortSelection::kRandom;      // RFC 7857 §6 -> RFC 6056
  c.low_ports = true;                             // REQ-3a
  c.pooling = Pooling::kPaired;                   // REQ-2
  c.hairpinning = true;                           // REQ-9, RFC 5382 REQ-8
  c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(300);  // REQ-5
  c.timeouts.tcp_transitory = Duration::Seconds(240);               // RFC 5382 REQ-5
  c.timeouts.tcp_established = Duration::Seconds(7440);
  c.timeouts.tcp_fin = Duration::Seconds(240);
  c.timeouts.tcp_time_wait = c.timeouts.tcp_closed = Duration::Seconds(240);  // RFC 7857 §2.2
  c.unsolicited_syn = UnsolicitedSyn::kHold;      // RFC 5382 REQ-4
  c.exhaustion = Exhaustion::kIcmpAdminProhibited;  // RFC 5508 REQ-8
  return c;
}

NatConfig Cone(Dependence filtering) {
  NatConfig c = RfcRecommended();
  c.filtering = filtering;
  c.exhaustion = Exhaustion::kDrop;
  c.unsolicited_syn = UnsolicitedSyn::kDrop;
  return c;
}

NatConfig Symmetric() {
  NatConfig c = Cone(Dependence::kAddressAndPortDependent);
  c.mapping = Dependence::kAddressAndPortDependent;
  c.port_preservation = false;
  c.port_parity = false;
  c.port_selection = PortSelection::kSequential;
  c.hairpinning = false;
  return c;
}

// net/netfilter/nf_nat_core.c, nf_nat_masquerade.c, nf_conntrack_proto_*.c.
NatConfig LinuxMasquerade() {
  NatConfig c;
  c.mapping = Dependence::kEndpointIndependent;  // reuse of a live conntrack's mapping
  c.filtering = Dependence::kAddressAndPortDependent;  // replies match the inverted tuple
  c.port_preservation = true;
  c.port_parity = false;
  c.port_selection = PortSelection::kNetfilter;
  c.low_ports = true;          // 1-511, 600-1023 classes
  c.port_overlapping = true;   // uniqueness on the reply 5-tuple
  c.pooling = Pooling::kArbitrary;
  c.hairpinning = false;       // needs an explicit rule
  c.refresh_inbound = true;    // conntrack refreshes both ways
  c.timeouts.udp = Duration::Seconds(30);
  c.timeouts.udp_stream = Duration::Seconds(120);
  c.timeouts.tcp_transitory = Duration::Seconds(120);   // SYN_SENT
  c.timeouts.tcp_established = Duration::Seconds(432000);
  c.timeouts.tcp_fin = Duration::Seconds(120);          // FIN_WAIT
  c.timeouts.tcp_time_wait = Duration::Seconds(120);
  c.timeouts.tcp_closed = Duration::Seconds(10);        // CLOSE
  c.unsolicited_syn = UnsolicitedSyn::kDrop;
  c.exhaustion = Exhaustion::kDrop;   // the conntrack insert fails, the packet is dropped
  c.evict_time_wait = true;           // SYN in TIME_WAIT kills the old entry
  return c;
}

// RFC 6888 requirements with bulk port allocation.
NatConfig Cgnat() {
  NatConfig c = RfcRecommended();
  c.filtering = Dependence::kEndpointIndependent;  // RFC 6888 REQ-7
  c.port_preservation = false;
  c.port_parity = false;
  c.port_selection = PortSelection::kRandom;       // REQ-15: hard to guess
  c.low_ports = false;
  c.port_block_size = 256;                         // REQ-4: a per-subscriber limit
  c.port_blocks = 4;
  c.hold_down = Duration::Seconds(120);            // REQ-8
  c.exhaustion = Exhaustion::kIcmpHostUnreachable; // REQ-11 (wording unverified)
  return c;
}

NatConfig AwsNatGateway() {
  NatConfig c;
  c.mapping = Dependence::kAddressAndPortDependent;  // unverified: reported as a "hard" NAT
  c.filtering = Dependence::kAddressAndPortDependent;
  c.port_preservation = false;
  c.port_parity = false;
  c.port_selection = PortSelection::kRandom;
  c.port_lo = 1024;
  c.port_hi = 65535;
  c.port_overlapping = true;   // the limit is per destination
  c.pooling = Pooling::kArbitrary;
  c.hairpinning = false;
  c.max_per_destination = 55000;
  Duration idle = Duration::Seconds(350);
  c.timeouts = {idle, idle, idle, idle, idle, idle, idle};
  c.unsolicited_syn = UnsolicitedSyn::kDrop;
  c.exhaustion = Exhaustion::kDrop;  // ErrorPortAllocation
  return c;
}

NatConfig AzureSnat() {
  NatConfig c = AwsNatGateway();
  c.max_per_destination = 0;
  c.mapping = Dependence::kAddressAndPortDependent;  // TCP: one SNAT port per destination IP:port
  c.port_block_size = 0;        // sized by the backend pool:
  c.ports_by_pool_size = true;  // 1024 ports each for 1-50 instances, ... 32 for 801-1000
  c.port_blocks = 1;
  c.pooling = Pooling::kPaired;
  Duration idle = Duration::Seconds(240);  // load balancer idle timeout, 4 min default
  c.timeouts = {idle, idle, idle, idle, idle, idle, idle};
  return c;
}

NatConfig GcpCloudNat() {
  NatConfig c = AwsNatGateway();
  c.max_per_destination = 0;
  c.port_block_size = 64;  // minPortsPerVm default, static allocation
  c.port_blocks = 1;
  c.pooling = Pooling::kPaired;
  c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(30);
  c.timeouts.tcp_established = Duration::Seconds(1200);
  c.timeouts.tcp_transitory = c.timeouts.tcp_fin = c.timeouts.tcp_closed = Duration::Seconds(30);
  c.timeouts.tcp_time_wait = Duration::Seconds(120);
  return c;
}

// Dynamic port allocation: minPortsPerVm 32, maxPortsPerVm 65536 by
// default, powers of two; not combinable with endpoint-independent mapping.
NatConfig GcpCloudNatDynamic() {
  NatConfig c = GcpCloudNat();
  c.port_block_size = 32;
  c.port_blocks = 12;  // 32 << 11 = 65536
  c.block_growth = BlockGrowth::kDoubling;
  return c;
}

}  // namespace

const std::vector<NatProfile>& NatProfiles() {
  static const auto* profiles = new std::vector<NatProfile>{
      {"rfc-recommended",
       "EIM + EIF, port preservation and parity, random otherwise, paired pooling, hairpinning, UDP 300 s, "
       "TCP 7440 s established / 240 s transitory, unsolicited SYN held 6 s, ICMP code 13 on exhaustion",
       "RFC 4787 REQ-1..REQ-9, RFC 5382 REQ-1..REQ-5, RFC 5508 REQ-8, RFC 7857", RfcRecommended(), "full cone"},
      {"full-cone", "classic full cone: EIM + EIF", "RFC 3489 §5 (names), RFC 4787 §4-§5 (behaviours)",
       Cone(Dependence::kEndpointIndependent), "full cone"},
      {"restricted-cone", "classic restricted cone: EIM + ADF", "RFC 3489 §5, RFC 4787 §5",
       Cone(Dependence::kAddressDependent), "restricted cone"},
      {"port-restricted-cone", "classic port-restricted cone: EIM + APDF", "RFC 3489 §5, RFC 4787 §5",
       Cone(Dependence::kAddressAndPortDependent), "port-restricted cone"},
      {"symmetric", "classic symmetric: APDM + APDF, sequential ports, no hairpinning", "RFC 3489 §5, RFC 4787 §4.1",
       Symmetric(), "symmetric"},
      {"linux-masquerade",
       "iptables MASQUERADE: a live flow's mapping reused (EIM), replies only (APDF), port kept if the reply "
       "5-tuple is free, else netfilter's classes (1-511, 600-1023, 1024-65535) with 128/64/32/16/8 probe rounds, "
       "ports overlap across destinations; conntrack timeouts (UDP 30/120 s, TCP 120 s SYN, 5 days established, "
       "120 s TIME_WAIT, 10 s CLOSE); knobs random, random_fully, persistent",
       "net/netfilter/nf_nat_core.c get_unique_tuple, nf_nat_proto.c nf_nat_l4proto_unique_tuple, "
       "nf_conntrack_proto_tcp.c tcp_timeouts, nf_conntrack_proto_udp.c",
       LinuxMasquerade(), "port-restricted cone"},
      {"cgnat",
       "carrier-grade NAT: EIM + EIF, paired pooling, per-subscriber port blocks (4 x 256), random ports, 120 s "
       "hold-down, ICMP host unreachable on exhaustion, never evicts",
       "RFC 6888 REQ-2, REQ-4, REQ-7, REQ-8, REQ-11 (wording unverified), REQ-15; RFC 7422", Cgnat(), "full cone"},
      {"aws-nat-gateway",
       "AWS NAT gateway: 55,000 simultaneous connections per destination (address, port, protocol) per public "
       "address, ports 1024-65535, 350 s idle timeout, silent drop (ErrorPortAllocation); mapping behaviour "
       "unverified (reported endpoint-dependent)",
       "docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html, nat-gateway-troubleshooting.html",
       AwsNatGateway(), "symmetric"},
      {"azure-snat",
       "Azure default outbound SNAT: preallocated ports per instance by backend pool size (1-50: 1024, 51-100: "
       "512, 101-200: 256, 201-400: 128, 401-800: 64, 801-1000: 32), the pool being the hosts behind the NAT "
       "(or backend_pool_size), TCP one SNAT port per destination IP:port, 4 min idle; UDP is port-restricted "
       "cone in Azure, modelled with TCP's rule",
       "learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections", AzureSnat(), "symmetric"},
      {"gcp-cloud-nat",
       "Google Cloud NAT, static allocation: 64 ports per VM (min_ports_per_vm), a port reused across "
       "destinations, timeouts UDP 30 s, TCP established 1200 s, transitory 30 s, TIME_WAIT 120 s; "
       "endpoint-independent mapping is an option (not modelled as default, unverified)",
       "cloud.google.com/nat/docs/ports-and-addresses, cloud.google.com/nat/docs/tune-nat-configuration",
       GcpCloudNat(), "symmetric"},
      {"gcp-cloud-nat-dynamic",
       "Google Cloud NAT with dynamic port allocation: a VM starts with 32 ports (min_ports_per_vm) and doubles "
       "them when it needs more, up to 65536 (max_ports_per_vm: port_block_size << (port_blocks - 1)); a "
       "doubling is returned when its last mapping ends; otherwise as gcp-cloud-nat",
       "cloud.google.com/nat/docs/ports-and-addresses (dynamic port allocation), RouterNat API "
       "enableDynamicPortAllocation / minPortsPerVm / maxPortsPerVm",
       GcpCloudNatDynamic(), "symmetric"},
  };
  return *profiles;
}

const NatProfile* FindNatProfile(std::string_view name) {
  for (const NatProfile& p : NatProfiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace portlab::nat
