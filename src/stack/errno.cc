#include "portlab/stack/errno.h"

namespace portlab::stack {

std::string_view ErrnoName(Errno e) {
  switch (e) {
    case Errno::kOk: return "ok";
    case Errno::kEINPROGRESS: return "EINPROGRESS";
    case Errno::kEADDRINUSE: return "EADDRINUSE";
    case Errno::kEADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case Errno::kEAGAIN: return "EAGAIN";
    case Errno::kECONNREFUSED: return "ECONNREFUSED";
    case Errno::kECONNRESET: return "ECONNRESET";
    case Errno::kETIMEDOUT: return "ETIMEDOUT";
    case Errno::kEINVAL: return "EINVAL";
    case Errno::kEACCES: return "EACCES";
    case Errno::kEISCONN: return "EISCONN";
    case Errno::kENOTCONN: return "ENOTCONN";
    case Errno::kEBADF: return "EBADF";
    case Errno::kEDESTADDRREQ: return "EDESTADDRREQ";
    case Errno::kEOPNOTSUPP: return "EOPNOTSUPP";
    case Errno::kEAFNOSUPPORT: return "EAFNOSUPPORT";
    case Errno::kEALREADY: return "EALREADY";
    case Errno::kEPIPE: return "EPIPE";
    case Errno::kENETUNREACH: return "ENETUNREACH";
    case Errno::kEHOSTUNREACH: return "EHOSTUNREACH";
    case Errno::kENOMEM: return "ENOMEM";
    case Errno::kEPERM: return "EPERM";
    case Errno::kEMSGSIZE: return "EMSGSIZE";
  }
  return "EUNKNOWN";
}

}  // namespace portlab::stack
