// App: the small application a listening or bound socket runs — what it
// does with each request that arrives (scenarios/README.md, "Applications").
//
//   discard   reads and never answers (a socket without an app does the same)
//   echo      answers each request with as many bytes as arrived
//   respond   answers each request with `bytes` bytes
//
// and, for any of them, `close`: the socket that answered closes after its
// answer (a TCP connection the server accepted sends its FIN; a UDP socket
// is released); `answers`: a socket answers that many requests, reads the
// next one without answering and closes (a TFTP transfer ends with the ACK
// of its last block, RFC 1350 §6); and for UDP `from_new_port`: the answer
// leaves from a new socket on an ephemeral port, as a TFTP server answers a
// read request from a new transfer identifier (RFC 1350 §4) — the new
// socket runs the same app, answering later requests to it from itself.
//
// A TCP listener's app is inherited by every connection it accepts. An app
// runs inside the Host (as accepting and closing on EOF do): a request is a
// data segment (TCP) or a datagram (UDP), the answer one segment or
// datagram sent at once, from the socket the request reached, to its sender
// — so the answer's ports are the request's, swapped.
//
// Example:
//   App dns{.kind = AppKind::kRespond, .bytes = 120};
//   host.SetApp(udp53, dns);   // each query is answered with 120 bytes
//
// Plain data; thread safety: none needed.
#ifndef PORTLAB_STACK_APP_H_
#define PORTLAB_STACK_APP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portlab::stack {

enum class AppKind : uint8_t { kDiscard, kEcho, kRespond };
// "discard", "echo", "respond".
std::string_view AppKindName(AppKind k);

struct App {
  AppKind kind = AppKind::kDiscard;
  uint32_t bytes = 0;          // kRespond: the answer's size
  bool close = false;          // close the answering socket after the answer
  bool from_new_port = false;  // UDP: answer from a new ephemeral port
  // > 0: each socket answers this many requests, then closes on the next.
  uint32_t answers = 0;
  friend bool operator==(const App&, const App&) = default;
};

// The size of the answer `app` gives to a request of `request_bytes`;
// nullopt when it gives none (discard).
std::optional<uint32_t> AnswerBytes(const App& app, uint32_t request_bytes);

// "echo", "respond 512", "respond 512, from a new port, then close", ...:
// for the trace and the socket table.
std::string AppDescription(const App& app);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_APP_H_
