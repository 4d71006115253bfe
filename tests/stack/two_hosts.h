// TestNetwork: a few Hosts on one wire, driven by hand from a test.
//
// Each host gets its own FakeEnvironment; the network shares one clock among
// them and one AddressPool. Deliver() moves every transmitted segment to the
// host that owns its destination address until the wire is quiet; a
// loopback destination nobody owns goes back to its sender, as Linux routes
// all of 127.0.0.0/8 to lo. AdvanceTo() fires due timers in time order
// (SYN retransmission, close-after, TIME-WAIT sweep), delivering what each
// one sends. No loss, no delay: enough for handshakes, closes and TIME-WAIT.
//
// Example:
//   TestNetwork net;
//   Host& client = net.AddHost("client", {"10.0.0.1"});
//   Host& server = net.AddHost("server", {"10.0.0.2"});
//   ... server.Listen(l); client.Connect(c, Ep("10.0.0.2", 80));
//   net.Deliver();  // SYN, SYN|ACK, ACK
//   net.env(client).ConnectResult(c) == Errno::kOk;
//
// Thread safety: none.
#ifndef PORTLAB_TESTS_STACK_TWO_HOSTS_H_
#define PORTLAB_TESTS_STACK_TWO_HOSTS_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portlab/net/address_pool.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/ip_address.h"
#include "portlab/stack/host.h"
#include "portlab/stack/os_profile.h"
#include "stack/fake_environment.h"

namespace portlab::stack::testing {

// REQUIRES: `text` is a valid address (tests only).
inline net::IpAddress Ip(std::string_view text) {
  return net::IpAddress::Parse(text).value();
}
inline net::Endpoint Ep(std::string_view address, uint16_t port) {
  return net::Endpoint{Ip(address), net::Port(port)};
}

class TestNetwork {
 public:
  // REQUIRES: the "linux" profile exists (it always does).
  TestNetwork() : TestNetwork(*FindProfile("linux")) {}
  explicit TestNetwork(const OsProfile& profile) : profile_(profile) {}
  TestNetwork(const TestNetwork&) = delete;
  TestNetwork& operator=(const TestNetwork&) = delete;

  // The returned host lives as long as the network.
  Host& AddHost(std::string name,
                const std::vector<std::string_view>& addresses,
                uint64_t seed = 1) {
    std::vector<net::IpAddress> addrs;
    for (std::string_view a : addresses) addrs.push_back(Ip(a));
    Node node;
    node.env = std::make_unique<FakeEnvironment>();
    node.env->set_now(now_);
    node.host = std::make_unique<Host>(std::move(name), std::move(addrs),
                                       profile_, seed, pool_, *node.env);
    nodes_.push_back(std::move(node));
    return *nodes_.back().host;
  }

  // REQUIRES: `h` was made by AddHost.
  FakeEnvironment& env(const Host& h) {
    for (Node& n : nodes_)
      if (n.host.get() == &h) return *n.env;
    return *nodes_.front().env;
  }
  net::AddressPool& pool() { return pool_; }
  SimTime now() const { return now_; }
  int64_t dropped() const { return dropped_; }
  // After RecordWire(): every segment Deliver() has taken off the wire
  // since, delivered or dropped, in the order it took them.
  void RecordWire() { recording_ = true; }
  const std::vector<net::Segment>& wire() const { return wire_; }

  // Delivers segments until no host has anything left to send; returns how
  // many were delivered. A segment for an address nobody owns is dropped.
  int64_t Deliver(int64_t limit = 10'000'000) {
    int64_t delivered = 0;
    bool busy = true;
    while (busy && delivered < limit) {
      busy = false;
      for (size_t i = 0; i < nodes_.size(); ++i) {
        std::vector<net::Segment> out;
        out.swap(nodes_[i].env->transmitted());
        for (const net::Segment& seg : out) {
          busy = true;
          if (recording_) wire_.push_back(seg);
          Host* to = Route(i, seg);
          if (!to) {
            ++dropped_;
            continue;
          }
          to->Receive(seg);
          ++delivered;
        }
      }
    }
    return delivered;
  }

  // Moves the shared clock to `t`, firing every timer due by then in time
  // order and delivering what each sends.
  void AdvanceTo(SimTime t) {
    Deliver();
    while (true) {
      Node* due_node = nullptr;
      size_t due_index = 0;
      for (Node& n : nodes_) {
        auto& timers = n.env->timers();
        for (size_t k = 0; k < timers.size(); ++k) {
          if (timers[k].at > t) continue;
          if (!due_node ||
              timers[k].at < due_node->env->timers()[due_index].at) {
            due_node = &n;
            due_index = k;
          }
        }
      }
      if (!due_node) break;
      FakeEnvironment::Timer timer = due_node->env->timers()[due_index];
      due_node->env->timers().erase(due_node->env->timers().begin() +
                                    due_index);
      SetNow(std::max(now_, timer.at));
      due_node->host->OnTimer(timer.kind, timer.socket_index, timer.generation);
      Deliver();
    }
    SetNow(std::max(now_, t));
  }
  void Advance(Duration d) { AdvanceTo(now_ + d); }
  // Moves the shared clock to `t` without delivering anything or firing a
  // timer: what is in flight arrives when the test delivers it, as over a
  // slow link.
  void MoveClock(SimTime t) { SetNow(t); }

 private:
  struct Node {
    std::unique_ptr<FakeEnvironment> env;  // declared first: outlives the host
    std::unique_ptr<Host> host;
  };

  Host* Route(size_t from, const net::Segment& seg) {
    const net::IpAddress& dst = pool_.Get(seg.dst);
    // Loopback is every host's own (OwnsAddress says so of every host).
    if (dst.IsLoopback()) return nodes_[from].host.get();
    for (Node& n : nodes_)
      if (n.host->OwnsAddress(dst)) return n.host.get();
    return nullptr;
  }

  void SetNow(SimTime t) {
    now_ = t;
    for (Node& n : nodes_) n.env->set_now(t);
  }

  const OsProfile& profile_;
  net::AddressPool pool_;
  std::vector<Node> nodes_;
  SimTime now_;
  int64_t dropped_ = 0;
  bool recording_ = false;
  std::vector<net::Segment> wire_;
};

}  // namespace portlab::stack::testing

#endif  // PORTLAB_TESTS_STACK_TWO_HOSTS_H_
