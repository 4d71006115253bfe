// The HTML report of a run (`portlab run --report FILE.html`): one
// self-contained page (no external files; one small inline script) with the
// verdict (in words and a symbol; neutral when there is nothing to check),
// the expectations marked PASS/FAIL, the sequence of events (step_through.h:
// the ladder diagram, the event list to step through, the tables at each
// instant), the charts of report/report_charts.h (per host and protocol,
// per NAT), and the text summary as `portlab run` prints it.
//
// Example:
//   std::ofstream out("run.html");
//   WriteHtmlReport(result, provenance, out, &step);  // step: nullptr for no sequence
//
// Equal Results give identical bytes. Thread safety: a pure function.
#ifndef PORTLAB_REPORT_HTML_REPORT_H_
#define PORTLAB_REPORT_HTML_REPORT_H_

#include <ostream>

#include "portlab/report/provenance.h"
#include "portlab/report/step_through.h"
#include "portlab/sim/result.h"

namespace portlab::report {

// `events`: the run's recorded events and tables; nullptr leaves the
// sequence of events out. `provenance` goes in <meta> elements and a footer
// line (provenance.h).
void WriteHtmlReport(const sim::Result& result, const Provenance& provenance, std::ostream& out,
                     const StepThrough* events = nullptr);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_HTML_REPORT_H_
