// The bind table's cold part: building the one-v4 index. The bookkeeping of
// owners (on every connect() and close) is inline in port_table.h.
#include "portlab/stack/port_table.h"

namespace portlab::stack {

void PortTable::IndexOneV4Ports() {
  if (one_v4_indexed_) return;
  one_v4_indexed_ = true;
  for (const auto& [port, bucket] : buckets_) {
    if (bucket_pool_[bucket].one_v4_owners > 0) one_v4_ports_.Set(port);
  }
}

}  // namespace portlab::stack
