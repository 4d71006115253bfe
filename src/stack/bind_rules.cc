#include "portlab/stack/bind_rules.h"

namespace portlab::stack {
namespace {

// The set of local addresses a bound socket receives for.
struct Coverage {
  bool all_v4 = false;
  bool all_v6 = false;
  bool has_one = false;
  net::IpAddress one;
};

Coverage CoverageOf(const BindParty& p) {
  Coverage c;
  net::IpAddress a = p.address;
  if (auto mapped = a.MappedV4()) a = *mapped;
  if (a.is_v4()) {
    if (a.IsUnspecified()) c.all_v4 = true;
    else { c.has_one = true; c.one = a; }
    return c;
  }
  if (a.IsUnspecified()) {
    c.all_v6 = true;
    c.all_v4 = !p.v6only;
    return c;
  }
  c.has_one = true;
  c.one = a;
  return c;
}

bool Covers(const Coverage& c, const net::IpAddress& a) {
  return a.is_v4() ? c.all_v4 : c.all_v6;
}

}  // namespace

bool AddressesOverlap(const BindParty& a, const BindParty& b) {
  Coverage ca = CoverageOf(a), cb = CoverageOf(b);
  if ((ca.all_v4 && cb.all_v4) || (ca.all_v6 && cb.all_v6)) return true;
  if (cb.has_one && Covers(ca, cb.one)) return true;
  if (ca.has_one && Covers(cb, ca.one)) return true;
  return ca.has_one && cb.has_one && ca.one == cb.one;
}

bool TcpBindConflict(const BindParty& sk, const BindParty& sk2, bool relax,
                     bool reuseport_ok) {
  if (!AddressesOverlap(sk, sk2)) return false;
  if (sk.reuseaddr && sk2.reuseaddr && !sk2.listening) {
    if (!relax) return true;
    return !reuseport_ok && sk.reuseport && sk2.reuseport &&
           (sk2.time_wait || sk.uid == sk2.uid);
  }
  return !reuseport_ok || !sk.reuseport || !sk2.reuseport ||
         (!sk2.time_wait && sk.uid != sk2.uid);
}

bool WindowsBindConflict(const BindParty& sk, const BindParty& sk2) {
  if (!AddressesOverlap(sk, sk2)) return false;
  if (sk.exclusive || sk2.exclusive) return true;
  return !sk.reuseaddr;
}

bool UdpBindConflict(const BindParty& sk, const BindParty& sk2) {
  if (sk.reuseaddr && sk2.reuseaddr) return false;
  if (!AddressesOverlap(sk, sk2)) return false;
  return !(sk.reuseport && sk2.reuseport && sk.uid == sk2.uid);
}

}  // namespace portlab::stack
