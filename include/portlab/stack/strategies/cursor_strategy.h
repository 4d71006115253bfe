// CursorStrategy: the BSD family's port cursor, and its relatives.
//
// FreeBSD (sys/netinet/in_pcb.c in_pcb_lport_dest) and XNU
// (bsd/netinet/in_pcb.c in_pcbbind) keep one cursor per protocol and range
// (`lastport`). Each allocation, when randomized, first sets
//   lastport = first + random() % (last - first)
// then tries up to (last - first + 1) candidates, each
//   ++lastport; if (lastport < first || lastport > last) lastport = first;
// so a sequential cursor that starts at 0 gives first, first+1, ... after
// boot (macOS: 49152, 49153, ...). ns-3 (ipv4-end-point-demux.cc
// AllocateEphemeralPort) is the same loop with the cursor starting at the
// range's first port, so its first port is 49153. lwIP (core/tcp.c
// tcp_new_port) increments the same way but never hands out the top of the
// range for TCP (`if (port++ == TCP_LOCAL_PORT_RANGE_END) port = START`).
//
// RFC 6056 classes the randomized form as Algorithm 1 (a random start, then
// consecutive ports).
#ifndef PORTLAB_STACK_STRATEGIES_CURSOR_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_CURSOR_STRATEGY_H_

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

class CursorStrategy : public EphemeralStrategy {
 public:
  struct Options {
    std::string_view name;
    bool randomized = false;     // a random cursor before each allocation
    bool start_at_first = false; // the cursor starts at the range's first port (ns-3)
    bool skip_last = false;      // never the range's last port (lwIP TCP)
    bool random_start = false;   // the cursor starts at a random port (lwIP LWIP_RAND)
  };
  CursorStrategy(const Options& options, uint64_t seed) : options_(options), rng_(seed) {}
  std::string_view name() const override { return options_.name; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  Options options_;
  Rng rng_;
  int cursor_ = -1;  // lastport; -1 until the first allocation
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_CURSOR_STRATEGY_H_
