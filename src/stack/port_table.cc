// The bind table's bookkeeping: owners in and out of buckets, the bitmaps
// kept beside them.
#include "portlab/stack/port_table.h"

namespace portlab::stack {

bool PortTable::AddOwner(Socket& s, uint32_t index, bool one_v4, bool track_owned) {
  auto [it, inserted] = buckets_.try_emplace(s.local_port);
  if (inserted) {
    if (free_buckets_.empty()) {
      it->second = static_cast<uint32_t>(bucket_pool_.size());
      bucket_pool_.emplace_back();
    } else {
      it->second = free_buckets_.back();
      free_buckets_.pop_back();
    }
    if (track_owned) owned_ports_.Set(s.local_port);
  }
  s.bucket = it->second;
  Bucket& b = bucket_pool_[s.bucket];
  s.bucket_slot = static_cast<uint32_t>(b.owners.size());
  b.owners.push_back(index);
  if (s.explicit_bind && b.explicit_owners++ == 0) {
    explicit_ports_.Set(s.local_port);
    ++explicit_port_count_;
  }
  s.bound = true;
  if (one_v4) {
    s.counted_one_v4 = true;
    if (b.one_v4_owners++ == 0) MarkOneV4(s.local_port, true);
  }
  return inserted;
}

void PortTable::FlipOneV4(Socket& s) {
  Bucket& b = bucket_pool_[s.bucket];
  s.counted_one_v4 = !s.counted_one_v4;
  if (s.counted_one_v4) {
    if (b.one_v4_owners++ == 0) MarkOneV4(s.local_port, true);
  } else if (--b.one_v4_owners == 0) {
    MarkOneV4(s.local_port, false);
  }
}

void PortTable::MarkOneV4(uint16_t port, bool one_v4) {
  if (!one_v4_indexed_) return;
  if (one_v4) one_v4_ports_.Set(port); else one_v4_ports_.Clear(port);
}

void PortTable::IndexOneV4Ports() {
  if (one_v4_indexed_) return;
  one_v4_indexed_ = true;
  for (const auto& [port, bucket] : buckets_) {
    if (bucket_pool_[bucket].one_v4_owners > 0) one_v4_ports_.Set(port);
  }
}

bool PortTable::RemoveOwner(Socket& s, Sockets& sockets, bool track_owned) {
  s.bound = false;
  Bucket& b = bucket_pool_[s.bucket];
  // O(1): the last owner takes the leaving one's slot. A listener's bucket
  // holds every accepted connection, so a linear erase was quadratic.
  auto& owners = b.owners;
  uint32_t last = owners.back();
  owners[s.bucket_slot] = last;
  sockets[last].bucket_slot = s.bucket_slot;
  owners.pop_back();
  if (s.counted_one_v4) {
    s.counted_one_v4 = false;
    if (--b.one_v4_owners == 0) MarkOneV4(s.local_port, false);
  }
  if (s.explicit_bind && --b.explicit_owners == 0) {
    explicit_ports_.Clear(s.local_port);
    --explicit_port_count_;
  }
  if (owners.empty()) {
    // An allocated owner list is let go with its last owner (a listener's
    // may have held 10^6): a reused bucket starts small. Its counts are
    // already zero.
    owners.shrink_to_fit();
    free_buckets_.push_back(s.bucket);
    if (track_owned) owned_ports_.Clear(s.local_port);
    buckets_.erase(s.local_port);
    return true;
  }
  return false;
}

}  // namespace portlab::stack
