// The readable tables of a strategy comparison (analysis/strategy_comparison.h):
// one per measured axis, each headed by what its columns mean. `portlab
// strategies` prints them, and so does `portlab run` for a scenario with
// `analysis:`.
//
// Example:
//   WriteComparison(comparison, std::cout);
//
// Plain text with aligned columns; equal Comparisons give identical text.
#ifndef PORTLAB_REPORT_COMPARISON_WRITER_H_
#define PORTLAB_REPORT_COMPARISON_WRITER_H_

#include <ostream>

#include "portlab/analysis/strategy_comparison.h"

namespace portlab::report {

// A header line (range, seeds, seed), then the table of each axis in
// options.axes, separated by blank lines, then the strategies skipped.
void WriteComparison(const analysis::Comparison& comparison, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_COMPARISON_WRITER_H_
