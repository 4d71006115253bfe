// `portlab run --mermaid FILE`: the run's sequence diagram as Mermaid
// source (a `sequenceDiagram`), which GitHub renders in a ```mermaid block
// of Markdown, as do Jupyter and the mermaid-cli (`mmdc -i FILE`). The
// events are the report's (event_selection.h, the same rule for big runs)
// and so is the picture (ladder.h): a participant per lane, each segment a
// message at its arrival, each other event a note over its lane.
//
//   %% portlab: closed-ports, seed 1
//   sequenceDiagram
//       participant L0 as client 10.0.0.1
//       participant L1 as server 10.0.0.2
//       Note over L0: connect → 10.0.0.2:7777  in progress, port 50784 (1 probe), sock 0
//       L0->>L1: SYN 50784 → 7777 · no socket
//       L0-xL1: SYN 53192 → 8443 · filtered (rule 1)
//
// Messages: ->> delivered or refused (the head text says which), -x
// dropped, --) no arrival drawn. Participants are aliases L0, L1, ...;
// every text has the characters Mermaid's grammar stops at or reads as
// markup as entity codes (#59; for ';', #35; '#', #37; '%', #60; '<', #62;
// '>'; in a participant's name also #58; for ':', as in an IPv6 address),
// so no name or address can break the syntax.
//
// Example:
//   WriteMermaid("closed-ports", 1, selection, provenance, out);
//
// Equal inputs give identical bytes.
#ifndef PORTLAB_REPORT_MERMAID_WRITER_H_
#define PORTLAB_REPORT_MERMAID_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "portlab/report/event_selection.h"
#include "portlab/report/provenance.h"

namespace portlab::report {

// `text` with ; # % < > replaced by entity codes (above), and line
// breaks by spaces: safe as a message's or a note's text.
std::string MermaidText(std::string_view text);

// The first lines are comments: "%% portlab: SCENARIO, seed S", then the
// output's provenance (ProvenanceLine).
void WriteMermaid(std::string_view scenario, uint64_t seed, const EventSelection& selection,
                  const Provenance& provenance, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_MERMAID_WRITER_H_
