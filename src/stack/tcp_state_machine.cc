#include "portlab/stack/tcp_state_machine.h"

namespace portlab::stack {

std::string_view TcpArrowName(TcpArrow arrow) {
  switch (arrow) {
    case TcpArrow::kNone: return "none";
    case TcpArrow::kConnected: return "connected";
    case TcpArrow::kResetStrayAck: return "reset stray ACK";
    case TcpArrow::kRefused: return "refused";
    case TcpArrow::kAccepted: return "accepted";
    case TcpArrow::kServerAppCloses: return "server app closes";
    case TcpArrow::kPeerClosed: return "peer closed";
    case TcpArrow::kSimultaneousClose: return "simultaneous close";
    case TcpArrow::kFinAcked: return "FIN acked";
    case TcpArrow::kAckThenTimeWait: return "ACK, TIME-WAIT";
    case TcpArrow::kTimeWait: return "TIME-WAIT";
    case TcpArrow::kAckAgain: return "ACK again";
    case TcpArrow::kRelease: return "release";
  }
  return "?";
}

}  // namespace portlab::stack
