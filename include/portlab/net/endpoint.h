// Endpoint (address and port) and FlowKey (the 5-tuple) as values.
//
// Example:
//   absl::StatusOr<Endpoint> e = Endpoint::Parse("10.0.0.2:8080");
//   absl::StatusOr<Endpoint> e6 = Endpoint::Parse("[2001:db8::1]:443");
#ifndef PORTLAB_NET_ENDPOINT_H_
#define PORTLAB_NET_ENDPOINT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"

namespace portlab::net {

struct Endpoint {
  IpAddress address;
  Port port;

  // "ADDR:PORT" for IPv4, "[ADDR]:PORT" for IPv6. Port 0 is accepted.
  static absl::StatusOr<Endpoint> Parse(std::string_view text);
  std::string ToString() const;

  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Endpoint& e) {
    return H::combine(std::move(h), e.address, e.port);
  }
};

// The 5-tuple as seen from one side: protocol, local and remote endpoints.
struct FlowKey {
  Protocol protocol = Protocol::kTcp;
  Endpoint local;
  Endpoint remote;

  // "tcp 10.0.0.1:40000 -> 10.0.0.2:80"
  std::string ToString() const;

  friend auto operator<=>(const FlowKey&, const FlowKey&) = default;
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

}  // namespace portlab::net

#endif  // PORTLAB_NET_ENDPOINT_H_
