// HtmlEscape: text made safe inside an HTML or SVG element or a
// double-quoted attribute, for every page portlab writes (the report, its
// charts, ladder and cards, the exercise sheets).
//
// Example:
//   out << "<td>" << HtmlEscape(host) << "</td>";
#ifndef PORTLAB_REPORT_HTML_ESCAPE_H_
#define PORTLAB_REPORT_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace portlab::report {

// `text` with &, <, > and " written as character references.
std::string HtmlEscape(std::string_view text);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_HTML_ESCAPE_H_
