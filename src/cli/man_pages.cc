#include "man_pages.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "value_names.h"

namespace portlab::cli {
namespace {

void Header(std::string_view page, std::string_view version, std::ostream& out) {
  out << ".TH " << absl::AsciiStrToUpper(std::string(page)) << " 1 \"\" \"" << RoffText(version) << "\" \"portlab manual\"\n";
}

// "-h,--help" as "\fB\-h\fR, \fB\-\-help\fR", then the value's name.
std::string OptionLine(const CLI::Option& o) {
  std::vector<std::string> names;
  for (const std::string& s : o.get_snames()) names.push_back(absl::StrCat("\\fB\\-", RoffText(s), "\\fR"));
  for (const std::string& l : o.get_lnames()) names.push_back(absl::StrCat("\\fB\\-\\-", RoffText(l), "\\fR"));
  std::string line = absl::StrJoin(names, ", ");
  if (o.get_items_expected_max() > 0) {
    absl::StrAppend(&line, " \\fI", RoffText(o.get_type_name()), "\\fR");
  }
  return line;
}

std::string Synopsis(const CLI::App& command) {
  std::string s = absl::StrCat(".B portlab ", RoffText(command.get_name()), "\n[\\fIOPTIONS\\fR]");
  for (const CLI::Option* o : command.get_options()) {
    if (o->nonpositional()) continue;
    std::string name = absl::StrCat("\\fI", RoffText(o->get_name(true, false)), "\\fR");
    if (o->get_items_expected_max() > 1) absl::StrAppend(&name, "...");
    absl::StrAppend(&s, " ", o->get_required() ? name : absl::StrCat("[", name, "]"));
  }
  return s + "\n";
}

}  // namespace

std::string RoffText(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

void WriteMainManPage(const CLI::App& app, std::string_view version, std::ostream& out) {
  Header("portlab", version, out);
  std::string what = app.get_description();
  if (what.rfind("portlab: ", 0) == 0) what.erase(0, 9);
  out << ".SH NAME\nportlab \\- " << RoffText(what) << "\n";
  out << ".SH SYNOPSIS\n.B portlab\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n.br\n"
         ".B portlab\n\\-\\-help | \\-\\-version\n";
  out << ".SH DESCRIPTION\nportlab simulates the transport layer's port multiplexing and demultiplexing: "
         "hosts with their TCP and UDP port tables, ephemeral port allocators of real operating systems, "
         "TIME\\-WAIT, firewalls and NAT boxes, driven by YAML scenarios. "
         "Each command has its own page, and its own \\fB\\-\\-help\\fR.\n";
  out << ".SH COMMANDS\n";
  std::vector<std::string> pages;
  for (const CLI::App* c : ShownCommands(app)) {
    out << ".TP\n\\fB" << RoffText(c->get_name()) << "\\fR\n" << RoffText(c->get_description())
        << " (\\fBportlab\\-" << RoffText(c->get_name()) << "\\fR(1))\n";
    pages.push_back(absl::StrCat("\\fBportlab\\-", RoffText(c->get_name()), "\\fR(1)"));
  }
  out << ".SH SCENARIOS\nA command's \\fISCENARIO\\fR is a YAML file, \\fB\\-\\fR for standard input, "
         "or the name of a scenario (\\fBportlab run web\\-browsing\\fR), looked up as \\fINAME\\fR.yaml in "
         "\\fB./scenarios\\fR, then in each directory of \\fBPORTLAB_SCENARIOS\\fR, then in the "
         "installed \\fBshare/portlab/scenarios\\fR beside the program's \\fBbin/\\fR. "
         "\\fBportlab list\\fR lists them.\n";
  out << ".SH ENVIRONMENT\n.TP\n.B PORTLAB_SCENARIOS\nA colon\\-separated list of directories of "
         "scenarios, searched after \\fB./scenarios\\fR.\n";
  out << ".SH EXIT STATUS\n.TP\n.B 0\nThe command ran and every expectation held.\n"
         ".TP\n.B 1\nAn expectation of the scenario failed.\n"
         ".TP\n.B 2\nA bad scenario, command line or output: the message names the file, line and "
         "column, or the flag.\n";
  out << ".SH SEE ALSO\n" << absl::StrJoin(pages, ", ") << "\n";
}

void WriteCommandManPage(const CLI::App& command, std::string_view version, std::ostream& out) {
  const std::string page = absl::StrCat("portlab-", command.get_name());
  Header(page, version, out);
  out << ".SH NAME\n" << RoffText(page) << " \\- " << RoffText(command.get_description()) << "\n";
  out << ".SH SYNOPSIS\n" << Synopsis(command);
  out << ".SH DESCRIPTION\n" << RoffText(command.get_description()) << "\n";
  if (!command.get_footer().empty()) out << ".PP\n" << RoffText(command.get_footer()) << "\n";
  bool positionals = false;
  for (const CLI::Option* o : command.get_options()) {
    if (o->nonpositional()) continue;
    if (!positionals) out << ".SH ARGUMENTS\n";
    positionals = true;
    out << ".TP\n\\fI" << RoffText(o->get_name(true, false)) << "\\fR\n" << RoffText(o->get_description()) << "\n";
  }
  out << ".SH OPTIONS\n";
  for (const CLI::Option* o : command.get_options()) {
    if (!o->nonpositional()) continue;
    out << ".TP\n" << OptionLine(*o) << "\n" << RoffText(o->get_description()) << "\n";
  }
  out << ".SH SEE ALSO\n\\fBportlab\\fR(1)\n";
}

absl::Status WriteManPages(const CLI::App& app, std::string_view version, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat(dir, ": cannot create: ", ec.message()));
  auto write = [&](const std::string& name, auto&& body) -> absl::Status {
    const fs::path path = fs::path(dir) / name;
    std::ofstream out(path);
    body(out);
    out.close();
    if (!out) {
      return absl::InvalidArgumentError(absl::StrCat(path.string(), ": cannot write: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  };
  if (absl::Status s = write("portlab.1", [&](std::ostream& o) { WriteMainManPage(app, version, o); }); !s.ok()) {
    return s;
  }
  for (const CLI::App* c : ShownCommands(app)) {
    absl::Status s = write(absl::StrCat("portlab-", c->get_name(), ".1"),
                           [&](std::ostream& o) { WriteCommandManPage(*c, version, o); });
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace portlab::cli
