#include "portlab/stack/address_sets.h"

#include <algorithm>
#include <limits>

namespace portlab::stack {

int AddressSets::Intern(std::string_view name) {
  if (int i = Find(name); i >= 0) return i;
  sets_.push_back(Set{std::string(name), {}});
  return static_cast<int>(sets_.size()) - 1;
}

int AddressSets::Find(std::string_view name) const {
  for (size_t i = 0; i < sets_.size(); ++i) {
    if (sets_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void AddressSets::Add(int set, net::AddrId a, SimTime now, Duration timeout) {
  sets_[set].expiry_ns[a] = timeout.nanos() > 0 ? now.nanos() + timeout.nanos()
                                                : std::numeric_limits<int64_t>::max();
}

bool AddressSets::Contains(int set, net::AddrId a, SimTime now) const {
  const auto& m = sets_[set].expiry_ns;
  auto it = m.find(a);
  return it != m.end() && now.nanos() < it->second;
}

std::vector<std::pair<net::AddrId, SimTime>> AddressSets::Elements(int set, SimTime now) const {
  std::vector<std::pair<net::AddrId, SimTime>> out;
  for (const auto& [a, expiry] : sets_[set].expiry_ns) {
    if (now.nanos() < expiry) out.push_back({a, SimTime::FromNanos(expiry)});
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace portlab::stack
