#include "portlab/nat/mapping_table.h"

namespace portlab::nat {

uint32_t MappingTable::Add(const Mapping& mapping) {
  Mapping m = mapping;  // by reference in: a 64-byte-aligned parameter by value draws a GCC ABI note
  m.live = true;
  uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<uint32_t>(mappings_.size());
    mappings_.emplace_back();
  }
  m.indexed = by_key_.try_emplace(m.key, id).second;
  ports_.AddUser(m.protocol, m.outside_addr, m.outside_port, id);
  mappings_[id] = m;
  ++live_;
  return id;
}

void MappingTable::Remove(uint32_t id) {
  Mapping& m = mappings_[id];
  if (m.indexed) by_key_.erase(m.key);
  ports_.RemoveUser(m.protocol, m.outside_addr, m.outside_port, id);
  m.live = false;
  m.indexed = false;
  free_.push_back(id);
  --live_;
}

std::optional<uint32_t> MappingTable::Find(const TupleKey& key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

void MappingTable::Reserve(size_t n) {
  mappings_.reserve(n);
  by_key_.reserve(n);
}

}  // namespace portlab::nat
