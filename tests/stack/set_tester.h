// SetTester: a PortTester for strategy tests. A port is usable unless it is
// in `used`; every question asked is counted.
#ifndef PORTLAB_TESTS_STACK_SET_TESTER_H_
#define PORTLAB_TESTS_STACK_SET_TESTER_H_

#include <cstdint>
#include <set>

#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack::testing {

class SetTester : public PortTester {
 public:
  // `used` must outlive the tester.
  explicit SetTester(const std::set<uint16_t>& used) : used_(used) {}
  bool Usable(uint16_t port) override {
    ++calls_;
    return used_.count(port) == 0;
  }
  int64_t calls() const { return calls_; }

 private:
  const std::set<uint16_t>& used_;
  int64_t calls_ = 0;
};

}  // namespace portlab::stack::testing

#endif  // PORTLAB_TESTS_STACK_SET_TESTER_H_
