// Lines and whitespace-separated fields of a pasted file, each field with
// its 1-based column, for the parsers' problems. Pure.
#ifndef PORTLAB_IMPORT_INTERNAL_TEXT_LINES_H_
#define PORTLAB_IMPORT_INTERNAL_TEXT_LINES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/net/endpoint.h"

namespace portlab::import::internal {

struct Field {
  std::string_view text;
  int column = 0;  // 1-based
};

// The file's lines without their "\n" (or "\r\n"); a final line without
// one counts, an empty last piece after a final "\n" does not.
std::vector<std::string_view> SplitLines(std::string_view text);
// The fields of a line, split at runs of spaces and tabs.
std::vector<Field> SplitFields(std::string_view line);
bool Blank(std::string_view line);

// An endpoint as ss and Linux's netstat print it: "10.0.0.1:80",
// "[2001:db8::1]:443", "[::ffff:10.0.0.1]:80", "*:22" (the IPv6 wildcard,
// which ss prints for a dual-stack socket), "127.0.0.53%lo:53" (the
// interface dropped), ":::22" (netstat's [::]:22). A port "*" is a socket
// with no remote end: nullopt in *port_given. nullopt when unreadable.
struct ParsedEndpoint {
  net::Endpoint endpoint;
  bool any_port = false;  // the port was "*" (or 0 for Windows' remote)
};
std::optional<ParsedEndpoint> ParseColonEndpoint(std::string_view text);

// A connected socket's two ends are of one family: an IPv4 socket talks to
// IPv4, an IPv6 one to IPv6, where an IPv4-mapped address ([::ffff:a.b.c.d],
// RFC 4291 2.5.5.2) counts as IPv4 as the kernel's dual-stack sockets use it.
// A line pairing the two families is not one a kernel printed.
bool SameFamily(const net::IpAddress& local, const net::IpAddress& remote);
// The problem said of a line whose ends are of two families.
std::string MixedFamilies(std::string_view local, std::string_view remote);

}  // namespace portlab::import::internal

#endif  // PORTLAB_IMPORT_INTERNAL_TEXT_LINES_H_
