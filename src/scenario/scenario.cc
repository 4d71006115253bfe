#include "portlab/scenario/scenario.h"

#include "absl/strings/str_cat.h"

namespace portlab::scenario {

std::string SourceLocation::ToString() const {
  return absl::StrCat(file ? *file : std::string(), ":", line, ":", column);
}

std::string_view StepOpName(StepOp op) {
  switch (op) {
    case StepOp::kBind:
      return "bind";
    case StepOp::kListen:
      return "listen";
    case StepOp::kConnect:
      return "connect";
    case StepOp::kSend:
      return "send";
    case StepOp::kClose:
      return "close";
    case StepOp::kAbort:
      return "abort";
    case StepOp::kSet:
      return "set";
    case StepOp::kStart:
      return "start";
    case StepOp::kStop:
      return "stop";
    case StepOp::kNatProbe:
      return "nat-probe";
    case StepOp::kDnsPoison:
      return "dns-poison";
    case StepOp::kScan:
      return "scan";
    case StepOp::kFirewall:
      return "firewall";
  }
  return "?";
}

bool IsSocketStep(StepOp op) {
  return op != StepOp::kSet && op != StepOp::kStart && op != StepOp::kStop &&
         op != StepOp::kNatProbe && op != StepOp::kDnsPoison && op != StepOp::kScan &&
         op != StepOp::kFirewall;
}

namespace {

struct StateName {
  SocketState state;
  std::string_view ss;   // what ss prints
  std::string_view rfc;  // RFC 9293's name, where it differs
};
constexpr StateName kStateNames[] = {
    {SocketState::kListen, "LISTEN", "LISTEN"},
    {SocketState::kSynSent, "SYN-SENT", "SYN-SENT"},
    {SocketState::kSynReceived, "SYN-RECV", "SYN-RECEIVED"},
    {SocketState::kEstablished, "ESTAB", "ESTABLISHED"},
    {SocketState::kFinWait1, "FIN-WAIT-1", "FIN-WAIT-1"},
    {SocketState::kFinWait2, "FIN-WAIT-2", "FIN-WAIT-2"},
    {SocketState::kCloseWait, "CLOSE-WAIT", "CLOSE-WAIT"},
    {SocketState::kClosing, "CLOSING", "CLOSING"},
    {SocketState::kLastAck, "LAST-ACK", "LAST-ACK"},
    {SocketState::kTimeWait, "TIME-WAIT", "TIME-WAIT"},
    {SocketState::kUnconnected, "UNCONN", "UNCONN"},
};

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view SocketStateName(SocketState s) {
  for (const StateName& n : kStateNames) {
    if (n.state == s) return n.ss;
  }
  return "?";
}

std::optional<SocketState> ParseSocketState(std::string_view name) {
  for (const StateName& n : kStateNames) {
    if (SameIgnoringCase(name, n.ss) || SameIgnoringCase(name, n.rfc)) return n.state;
  }
  return std::nullopt;
}

}  // namespace portlab::scenario
