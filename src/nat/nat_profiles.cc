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
  c.udp_stream_delay = Duration::Seconds(2);            // nf_conntrack_proto_udp.c stream_ts: 2 * HZ
  c.timeouts.tcp_transitory = Duration::Seconds(120);   // SYN_SENT
  c.timeouts.tcp_established = Duration::Seconds(432000);
  c.timeouts.tcp_fin = Duration::Seconds(120);          // FIN_WAIT
  c.timeouts.tcp_time_wait = Duration::Seconds(120);
  c.timeouts.tcp_closed = Duration::Seconds(10);        // CLOSE
  c.unsolicited_syn = UnsolicitedSyn::kDrop;
  c.exhaustion = Exhaustion::kDrop;   // the conntrack insert fails, the packet is dropped
  c.evict_time_wait = true;           // SYN in TIME_WAIT kills the old entry
  c.rst_ends_unreplied = true;        // an RST before any reply kills the entry
  c.syn_retransmit_refresh = false;   // SYN_SENT counts from the first SYN
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

// AWS NAT gateway, docs.aws.amazon.com/vpc/latest/userguide/ (README, "Cloud
// NATs as documented", quotes each sentence).
NatConfig AwsNatGateway() {
  NatConfig c;
  c.mapping = Dependence::kAddressAndPortDependent;  // unverified: reported as a "hard" NAT
  c.filtering = Dependence::kAddressAndPortDependent;
  c.port_preservation = false;
  c.port_parity = false;
  c.port_selection = PortSelection::kRandom;
  // nat-gateway-basics.html: "A NAT gateway uses ports 1024-65535."
  c.port_lo = 1024;
  c.port_hi = 65535;
  c.port_overlapping = true;   // the limit is per destination
  c.pooling = Pooling::kArbitrary;
  c.hairpinning = false;
  // nat-gateway-basics.html: "Each IPv4 address can support up to 55,000
  // simultaneous connections to each unique destination. A unique
  // destination is identified by a unique combination of destination IP
  // address, the destination port, and protocol (TCP/UDP/ICMP). You can
  // increase this limit by associating up to 8 IPv4 addresses to your NAT
  // Gateways (1 primary IPv4 address and 7 secondary IPv4 addresses)."
  c.max_per_destination = 55000;
  c.max_outside_addresses = 8;
  // nat-gateway-troubleshooting.html: "If a connection that's using a NAT
  // gateway is idle for 350 seconds or more, the connection times out."
  // That holds a connection opening, open or half closed.
  const Duration idle = Duration::Seconds(350);
  c.timeouts.udp = c.timeouts.udp_stream = idle;
  c.timeouts.tcp_transitory = c.timeouts.tcp_established = c.timeouts.tcp_fin = idle;
  // Undocumented: how long a connection closed by FIN both ways, or by an
  // RST, keeps its port. vpc-nat-gateway-cloudwatch.html (IdleTimeoutCount):
  // "An active connection transitions to idle if it was not closed
  // gracefully and there was no activity for the last 350 seconds": a
  // closed connection is not held the idle timeout. portlab keeps Linux
  // conntrack's TIME_WAIT (120 s) and CLOSE (10 s). Unverified.
  c.timeouts.tcp_time_wait = Duration::Seconds(120);
  c.timeouts.tcp_closed = Duration::Seconds(10);
  // vpc-nat-comparison.html, "Timeout behavior": "When a connection times
  // out, a NAT gateway returns an RST packet to any resources behind the NAT
  // gateway that attempt to continue the connection (it does not send a FIN
  // packet)."
  c.reset_stale_tcp = true;
  c.unsolicited_syn = UnsolicitedSyn::kDrop;
  c.exhaustion = Exhaustion::kDrop;  // ErrorPortAllocation
  return c;
}

// Azure default outbound SNAT through a load balancer's frontend IPs,
// learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections.
NatConfig AzureSnat() {
  NatConfig c = AwsNatGateway();
  c.max_per_destination = 0;
  c.max_outside_addresses = 0;
  c.reset_stale_tcp = false;
  // "For TCP connections, the load balancer will use a single SNAT port for
  // every destination IP and port."
  c.mapping = Dependence::kAddressAndPortDependent;
  // "Each IP address provides 64,000 ports that you can use for SNAT."
  // Which 64,000 is not said (unverified): portlab takes 1024-65023.
  c.port_lo = 1024;
  c.port_hi = 65023;
  // "Default port allocation": a block sized by the pool per frontend IP
  // (AzurePortsPerInstance), "up to a maximum of 1024 ports"
  // (AzureDefaultPorts): "with 100 VMs in a backend pool and only one
  // frontend IP, each VM receives 512 ports. If you add a second frontend
  // IP, each VM receives an extra 512 ports."
  c.port_block_size = 0;
  c.ports_by_pool_size = true;
  c.port_blocks = 1;
  c.one_block_per_address = true;
  c.pooling = Pooling::kPaired;
  // "When a connection is idle with no new packets being sent, the ports are
  // released after 4 to 120 minutes": the 4-minute default.
  const Duration idle = Duration::Seconds(240);
  c.timeouts = {idle, idle, idle, idle, idle, idle, idle};
  return c;
}

// Google Cloud NAT, static port allocation, cloud.google.com/nat/docs/.
NatConfig GcpCloudNat() {
  NatConfig c = AwsNatGateway();
  c.max_per_destination = 0;
  c.max_outside_addresses = 0;
  c.reset_stale_tcp = false;
  // ports-and-addresses: "Each NAT IP address on a Cloud NAT gateway offers
  // 64,512 TCP source ports and 64,512 UDP source ports": 1024-65535.
  c.port_lo = 1024;
  c.port_hi = 65535;
  c.port_block_size = 64;  // minPortsPerVm default, static allocation
  c.port_blocks = 1;
  // ports-and-addresses, "Port reservation procedure": each VM's ports are
  // reserved on the gateway's NAT IPs, whichever still has a block, so
  // floor(64,512 / ports per VM) VMs fit on each NAT IP. A VM is not tied
  // to one NAT IP (arbitrary pooling); which one it gets is unverified
  // (portlab: a keyed hash of the VM's address, then the next).
  c.pooling = Pooling::kArbitrary;
  c.persistent = true;
  c.timeouts.udp = c.timeouts.udp_stream = Duration::Seconds(30);
  c.timeouts.tcp_established = Duration::Seconds(1200);
  c.timeouts.tcp_transitory = c.timeouts.tcp_fin = c.timeouts.tcp_closed = Duration::Seconds(30);
  c.timeouts.tcp_time_wait = Duration::Seconds(120);
  return c;
}

// Dynamic port allocation, RouterNat API enableDynamicPortAllocation: "If
// minPortsPerVm is not set, a minimum of 32 ports will be allocated to a VM
// from this NAT config. [...] If maxPortsPerVm is not set, a maximum of
// 65536 ports will be allocated to a VM"; ports-and-addresses: "If a VM is
// close to exhausting all the ports that are allocated to it, the number of
// ports assigned to the VM is doubled." Not combinable with
// endpoint-independent mapping.
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
       "ports overlap across destinations; conntrack timeouts (UDP 30 s, 120 s once a replied flow passes a packet "
       "over 2 s after its first, TCP 120 s from the first SYN, 5 days established, 120 s TIME_WAIT, 10 s CLOSE, "
       "none after an RST that answers a SYN); knobs random, random_fully, persistent",
       "net/netfilter/nf_nat_core.c get_unique_tuple, nf_nat_proto.c nf_nat_l4proto_unique_tuple, "
       "nf_conntrack_proto_tcp.c tcp_timeouts, nf_conntrack_proto_udp.c",
       LinuxMasquerade(), "port-restricted cone"},
      {"cgnat",
       "carrier-grade NAT: EIM + EIF, paired pooling, per-subscriber port blocks (4 x 256), random ports, 120 s "
       "hold-down, ICMP host unreachable on exhaustion, never evicts",
       "RFC 6888 REQ-2, REQ-4, REQ-7, REQ-8, REQ-11 (wording unverified), REQ-15; RFC 7422", Cgnat(), "full cone",
       "RFC 6888 REQ-11's wording (ICMP host unreachable on exhaustion)"},
      {"aws-nat-gateway",
       "AWS NAT gateway: 55,000 simultaneous connections per destination (address, port, protocol) per public "
       "address, at most 8 addresses (1 primary, 7 secondary), ports 1024-65535, 350 s idle timeout for a "
       "connection opening, open or half closed, an RST to an inside host that continues a timed-out connection, "
       "silent drop on exhaustion (ErrorPortAllocation)",
       "docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html, nat-gateway-troubleshooting.html, "
       "vpc-nat-comparison.html, vpc-nat-gateway-cloudwatch.html",
       AwsNatGateway(), "symmetric",
       "mapping behaviour (reported endpoint-dependent); how long a connection closed by FIN both ways (120 s) "
       "or by RST (10 s) keeps its port"},
      {"azure-snat",
       "Azure default outbound SNAT: each instance gets, on each frontend IP, the ports of the backend-pool table "
       "(1-50: 1024, 51-100: 512, 101-200: 256, 201-400: 128, 401-800: 64, 801-1000: 32), at most 1,024 in all; "
       "the pool is the hosts behind the NAT (or backend_pool_size); 64,000 ports per IP; TCP one SNAT port per "
       "destination IP:port; 4 min idle; UDP is port-restricted cone in Azure, modelled with TCP's rule",
       "learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections (Default port allocation, "
       "Constraints)",
       AzureSnat(), "symmetric", "which 64,000 ports of each IP (1024-65023 here); UDP's cone rule"},
      {"gcp-cloud-nat",
       "Google Cloud NAT, static allocation: 64 ports per VM (min_ports_per_vm), a VM's block on any NAT IP that "
       "still has one (floor(64,512 / ports per VM) VMs per NAT IP), a port reused across destinations, timeouts "
       "UDP 30 s, TCP established 1200 s, transitory 30 s, TIME_WAIT 120 s",
       "cloud.google.com/nat/docs/ports-and-addresses (Ports, Port reservation procedure), "
       "cloud.google.com/nat/docs/tune-nat-configuration",
       GcpCloudNat(), "symmetric",
       "which NAT IP a VM's block is on (a keyed hash of the VM, then the next); endpoint-independent mapping, "
       "an option, is not the default here"},
      {"gcp-cloud-nat-dynamic",
       "Google Cloud NAT with dynamic port allocation: a VM starts with 32 ports (min_ports_per_vm) and doubles "
       "them when it needs more, up to 65536 (max_ports_per_vm: port_block_size << (port_blocks - 1)); a "
       "doubling is returned when its last mapping ends; otherwise as gcp-cloud-nat",
       "cloud.google.com/nat/docs/ports-and-addresses (dynamic port allocation), RouterNat API "
       "enableDynamicPortAllocation / minPortsPerVm / maxPortsPerVm",
       GcpCloudNatDynamic(), "symmetric",
       "which NAT IP each doubling is on (the VM's first block's, then the next); when a doubling is returned"},
  };
  return *profiles;
}

const NatProfile* FindNatProfile(std::string_view name) {
  for (const NatProfile& p : NatProfiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace portlab::nat
