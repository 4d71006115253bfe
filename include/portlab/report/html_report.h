// The HTML report of a run (`portlab run --report FILE.html`): one
// self-contained page (no scripts, no external files) with the verdict (in
// words and a symbol; neutral when there is nothing to check), the
// expectations marked PASS/FAIL, the charts of report/report_charts.h (per
// host and protocol, per NAT), and the text summary as `portlab run` prints
// it.
//
// Example:
//   std::ofstream out("run.html");
//   WriteHtmlReport(result, out);
//
// Equal Results give identical bytes. Thread safety: a pure function.
#ifndef PORTLAB_REPORT_HTML_REPORT_H_
#define PORTLAB_REPORT_HTML_REPORT_H_

#include <ostream>

#include "portlab/sim/result.h"

namespace portlab::report {

void WriteHtmlReport(const sim::Result& result, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_HTML_REPORT_H_
