#include "portlab/scenario/scenario.h"

#include "absl/strings/str_cat.h"

namespace portlab::scenario {

std::string SourceLocation::ToString() const {
  return absl::StrCat(file, ":", line, ":", column);
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

}  // namespace portlab::scenario
