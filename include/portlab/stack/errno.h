// Errno: the POSIX error a socket call of the modelled OS returns, named
// exactly as the OS names it.
#ifndef PORTLAB_STACK_ERRNO_H_
#define PORTLAB_STACK_ERRNO_H_

#include <cstdint>
#include <string_view>

namespace portlab::stack {

enum class Errno : uint8_t {
  kOk = 0,
  kEINPROGRESS,    // TCP connect started; completion comes later
  kEADDRINUSE,
  kEADDRNOTAVAIL,
  kEAGAIN,
  kECONNREFUSED,
  kECONNRESET,
  kETIMEDOUT,
  kEINVAL,
  kEACCES,
  kEISCONN,
  kENOTCONN,
  kEBADF,
  kEDESTADDRREQ,
  kEOPNOTSUPP,
  kEAFNOSUPPORT,
  kEALREADY,
  kEPIPE,
  kENETUNREACH,
  kEHOSTUNREACH,   // ICMP host unreachable / administratively prohibited (a NAT out of ports)
  kENOMEM,
  kEPERM,          // the host's own firewall dropped the datagram (output chain)
  kEMSGSIZE,       // a UDP datagram longer than one IP datagram holds
};

// "EADDRINUSE", ..., "ok" for kOk.
std::string_view ErrnoName(Errno e);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_ERRNO_H_
