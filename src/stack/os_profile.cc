#include "portlab/stack/os_profile.h"

namespace portlab::stack {
namespace {

OsProfile LinuxProfile() {
  OsProfile p;
  p.name = "linux";
  p.description =
      "Linux 6.x (held against the running kernel by tests/differential): "
      "range 32768-60999, double-hash connect() with parity halves, "
      "4-tuple sharing across destinations, TIME-WAIT 60 s ending on the "
      "HZ=250 timer wheel (60-62 s), tcp_tw_reuse=2";
  p.source =
      "net/ipv4/inet_hashtables.c, net/ipv4/inet_connection_sock.c, "
      "net/ipv4/udp.c, net/ipv4/tcp_ipv4.c tcp_twsk_unique, include/net/tcp.h";
  p.strategy = "linux";
  p.knobs = LinuxDefaultKnobs();
  return p;
}

}  // namespace

const std::vector<OsProfile>& Profiles() {
  static const std::vector<OsProfile> kProfiles = {LinuxProfile()};
  return kProfiles;
}

const OsProfile* FindProfile(std::string_view name) {
  for (const OsProfile& p : Profiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace portlab::stack
