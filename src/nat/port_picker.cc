#include "portlab/nat/port_picker.h"

#include <algorithm>

namespace portlab::nat {

// NF_NAT_MAX_ATTEMPTS in net/netfilter/nf_nat_proto.c / nf_nat_core.c.
constexpr uint32_t kNetfilterMaxAttempts = 128;

void PortPicker::ClassRange(const NatConfig& c, uint16_t inside_port, uint16_t* lo, uint16_t* hi) {
  if (c.low_ports && inside_port < 1024) {
    if (c.port_selection == PortSelection::kNetfilter) {
      // "Loose convention: >> 512 is credential passing" (nf_nat_l4proto_unique_tuple).
      *lo = inside_port < 512 ? 1 : 600;
      *hi = inside_port < 512 ? 511 : 1023;
    } else {
      *lo = 1;
      *hi = 1023;
    }
    return;
  }
  *lo = c.port_lo;
  *hi = c.port_hi;
}

PortPick PortPicker::Pick(const PortRequest& r, absl::FunctionRef<bool(uint16_t)> is_free) {
  PortPick out;
  if (r.lo > r.hi) return out;
  bool preserve = config_.port_preservation && !config_.netfilter_random;
  if (preserve && r.inside_port >= r.lo && r.inside_port <= r.hi) {
    ++out.probes;
    if (is_free(r.inside_port)) {
      out.port = r.inside_port;
      return out;
    }
  }
  if (config_.port_selection == PortSelection::kNetfilter) {
    PortPick n = Netfilter(r, is_free);
    n.probes += out.probes;
    return n;
  }
  const uint32_t size = uint32_t{r.hi} - r.lo + 1;
  // With parity, walk only the ports of x's parity: step 2 from the first
  // such port of the range.
  const bool parity = config_.port_parity && size >= 2;
  const uint32_t step = parity ? 2 : 1;
  const uint32_t first = parity && ((r.lo & 1) != (r.inside_port & 1)) ? 1 : 0;
  const uint32_t count = (size - first + step - 1) / step;
  if (count == 0) return out;
  uint32_t start;
  if (config_.port_selection == PortSelection::kSequential) {
    if (cursors_.size() <= r.cursor) cursors_.resize(r.cursor + 1, 0);
    start = cursors_[r.cursor] % count;
  } else {
    start = rng_.Below(count);
  }
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t k = (start + i) % count;
    uint16_t port = static_cast<uint16_t>(r.lo + first + k * step);
    ++out.probes;
    if (is_free(port)) {
      if (config_.port_selection == PortSelection::kSequential) cursors_[r.cursor] = k + 1;
      out.port = port;
      return out;
    }
  }
  return out;
}

PortPick PortPicker::Netfilter(const PortRequest& r, absl::FunctionRef<bool(uint16_t)> is_free) {
  PortPick out;
  const uint32_t size = uint32_t{r.hi} - r.lo + 1;
  uint32_t attempts = std::min(size, kNetfilterMaxAttempts);
  uint32_t off = rng_.Below(65536);  // get_random_u16()
  for (;;) {
    for (uint32_t i = 0; i < attempts; ++i, ++off) {
      uint16_t port = static_cast<uint16_t>(r.lo + off % size);
      ++out.probes;
      if (is_free(port)) {
        out.port = port;
        return out;
      }
    }
    if (attempts >= size || attempts < 16) return out;
    attempts /= 2;
    off = rng_.Below(65536);
  }
}

}  // namespace portlab::nat
