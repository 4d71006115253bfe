// The catalogue `portlab list` prints: the OS profiles, ephemeral port
// strategies, NAT profiles and NAT knobs this build knows, each profile's
// own knobs, and the scenarios found. Profiles and strategies come from the
// stack's registries (stack/os_profile.h, stack/ephemeral_strategy.h), so
// the catalogue grows with them; each entry names where its behaviour comes
// from. Lines are wrapped at 79 columns.
//
// Example:
//   WriteCatalogue({"web-browsing", "nat-textbook"}, std::cout);
//
// Thread safety: reads the registries, which are constant.
#ifndef PORTLAB_REPORT_CATALOGUE_WRITER_H_
#define PORTLAB_REPORT_CATALOGUE_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace portlab::report {

// `scenarios` are the names (file stems) of the scenarios found in
// `directories` (./scenarios, $PORTLAB_SCENARIOS, the installed ones), in
// order; empty when there are none.
void WriteCatalogue(const std::vector<std::string>& scenarios,
                    const std::vector<std::string>& directories, std::ostream& out);

// Splits `text` into lines of at most `width` characters at spaces (a word
// longer than `width` gets a line of its own).
std::vector<std::string> WrapWords(std::string_view text, size_t width);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_CATALOGUE_WRITER_H_
