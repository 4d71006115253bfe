#include "portlab/report/provenance.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/report/html_escape.h"

namespace portlab::report {
namespace {

// Characters a POSIX shell reads as themselves in an unquoted word
// (POSIX.1-2017, XCU 2.2 "Quoting": the others are special somewhere).
bool ShellSafe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-./:=,@%+").find(c) != std::string_view::npos;
}

bool IsControlByte(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

std::string ShellQuote(const std::string& arg) {
  if (!arg.empty() && std::all_of(arg.begin(), arg.end(), ShellSafe)) return arg;
  if (std::any_of(arg.begin(), arg.end(), IsControlByte)) {
    // ANSI-C quoting ($'...', bash, zsh, ksh and POSIX.1-2024 XCU 2.2.4),
    // so the text stays on one line.
    std::string quoted = "$'";
    for (char c : arg) {
      if (c == '\\' || c == '\'') {
        quoted += '\\';
        quoted += c;
      } else if (c == '\n') {
        quoted += "\\n";
      } else if (c == '\t') {
        quoted += "\\t";
      } else if (c == '\r') {
        quoted += "\\r";
      } else if (IsControlByte(c)) {
        absl::StrAppendFormat(&quoted, "\\x%02x", static_cast<unsigned char>(c));
      } else {
        quoted += c;
      }
    }
    return quoted + "'";
  }
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

nlohmann::ordered_json ProvenanceJson(const Provenance& p, int format) {
  nlohmann::ordered_json j;
  j["version"] = p.version;
  j["commit"] = p.commit;
  j["format"] = format;
  j["scenario_sha256"] = p.scenario_sha256.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json(p.scenario_sha256);
  j["seed"] = p.seed ? nlohmann::ordered_json(*p.seed) : nlohmann::ordered_json(nullptr);
  j["command"] = p.command;
  return j;
}

std::string ProgramStamp(const Provenance& p) {
  return absl::StrCat("portlab ", p.version, " (commit ", p.commit, ")");
}

std::string CommandText(const std::vector<std::string>& command) {
  return absl::StrJoin(command, " ", [](std::string* out, const std::string& arg) {
    out->append(ShellQuote(arg));
  });
}

std::string ProvenanceLine(const Provenance& p, int format) {
  std::string line = absl::StrCat(ProgramStamp(p), ", format ", format);
  if (!p.scenario_sha256.empty()) absl::StrAppend(&line, ", scenario sha256 ", p.scenario_sha256);
  if (p.seed) absl::StrAppend(&line, ", seed ", *p.seed);
  absl::StrAppend(&line, ", command: ", CommandText(p.command));
  return line;
}

void WriteProvenanceHtmlMeta(const Provenance& p, int format, std::ostream& out) {
  out << "<meta name=\"generator\" content=\"" << HtmlEscape(ProgramStamp(p)) << "\">\n";
  const std::string fields[][2] = {{"version", p.version},
                                   {"commit", p.commit},
                                   {"format", absl::StrCat(format)},
                                   {"scenario_sha256", p.scenario_sha256},
                                   {"seed", p.seed ? absl::StrCat(*p.seed) : ""},
                                   {"command", CommandText(p.command)}};
  for (const auto& [name, value] : fields) {
    out << "<meta name=\"portlab:" << name << "\" content=\"" << HtmlEscape(value) << "\">\n";
  }
}

void WriteProvenanceHtmlFooter(const Provenance& p, int format, std::ostream& out) {
  out << "<footer class=\"provenance\"><p>" << HtmlEscape(ProvenanceLine(p, format)) << "</p></footer>\n";
}

std::string SidecarPath(std::string_view path) { return std::string(path) + ".provenance.json"; }

absl::Status WriteProvenanceSidecar(const std::string& path, const Provenance& p, int format) {
  // /dev/null, a FIFO or /dev/fd/N (a shell's process substitution) has no
  // "beside": writing /dev/null.provenance.json would litter /dev.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return absl::OkStatus();
  const std::string sidecar = SidecarPath(path);
  std::ofstream out(sidecar, std::ios::binary | std::ios::trunc);
  nlohmann::ordered_json j = {{"portlab", ProvenanceJson(p, format)}};
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  out.flush();
  if (!out) return absl::InvalidArgumentError(absl::StrCat(sidecar, ": cannot write the provenance"));
  return absl::OkStatus();
}

absl::Status WriteProvenanceSidecar(const OutputFile& file, const Provenance& p, int format) {
  if (!file.requested() || file.to_dash()) return absl::OkStatus();
  return WriteProvenanceSidecar(file.path(), p, format);
}

}  // namespace portlab::report
