// The files `portlab run` writes (report/output_file.h, report/run_outputs.h):
// each requested file is opened before the run and a bad path is refused
// with its name; "-" sends the JSON to the summary's stream and the trace
// to the other; the summary, the JSON and the files carry the run.
#include "portlab/report/run_outputs.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "portlab/analysis/scenario_analysis.h"
#include "portlab/report/output_file.h"
#include "portlab/scenario/loader.h"

namespace portlab::report {
namespace {

namespace fs = std::filesystem;

constexpr char kYaml[] =
    "name: outputs test\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 3}\n"
    "expect:\n"
    "  - {step: 1, ok: 3}\n";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory for one test's files.
fs::path TestDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("portlab_run_outputs_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST_CASE("an output file: named, \"-\", not asked for, unwritable", "[report]") {
  const fs::path dir = TestDir("output_file");
  std::ostringstream dash;
  struct Case {
    std::string path;
    bool if_named;        // OpenIfNamed rather than Open
    bool opens;
    bool requested;
    bool to_dash;
    std::string error;    // of Open, when it does not open
  } cases[] = {
      {(dir / "a.txt").string(), false, true, true, false, ""},
      {"-", false, true, true, true, ""},
      {"", true, true, false, false, ""},
      {"", false, false, false, false, ": cannot open for writing"},
      {"/no-such-dir/x", true, false, false, false, "/no-such-dir/x: cannot open for writing"},
  };
  for (const Case& c : cases) {
    INFO(c.path << (c.if_named ? " (if named)" : ""));
    absl::StatusOr<OutputFile> f =
        c.if_named ? OutputFile::OpenIfNamed(c.path, &dash) : OutputFile::Open(c.path, &dash);
    REQUIRE(f.ok() == c.opens);
    if (!f.ok()) {
      CHECK(f.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(f.status().message() == c.error);
      continue;
    }
    CHECK(f->requested() == c.requested);
    CHECK(f->to_dash() == c.to_dash);
    CHECK(f->Flush("it").ok());
  }
  // Without a stream for "-", "-" is a file name like any other.
  const fs::path old = fs::current_path();
  fs::current_path(dir);
  absl::StatusOr<OutputFile> named_dash = OutputFile::Open("-");
  fs::current_path(old);
  REQUIRE(named_dash.ok());
  CHECK_FALSE(named_dash->to_dash());
  CHECK(fs::exists(dir / "-"));
  fs::remove_all(dir);
}

TEST_CASE("an output file says which write failed", "[report]") {
  if (!fs::exists("/dev/full")) return;
  absl::StatusOr<OutputFile> f = OutputFile::Open("/dev/full");
  REQUIRE(f.ok());
  f->stream() << std::string(1 << 16, 'x');
  absl::Status s = f->Flush("the time series");
  CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  CHECK(s.message() == "/dev/full: cannot write the time series");
}

TEST_CASE("run outputs: the summary, the files and the JSON of one run", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml");
  REQUIRE(s.ok());
  const fs::path dir = TestDir("files");
  RunOutputRequest request;
  request.json = (dir / "r.json").string();
  request.csv = (dir / "r.csv").string();
  request.report = (dir / "r.html").string();
  request.pcap = (dir / "r.pcap").string();
  std::ostringstream out, err;
  absl::StatusOr<RunOutputs> outputs = RunOutputs::Open(request, *s, out, err);
  REQUIRE(outputs.ok());
  // No --trace, but the report records the events it draws.
  REQUIRE(outputs->trace() != nullptr);
  REQUIRE(outputs->packets() != nullptr);
  // Every requested file exists before the run.
  for (const char* name : {"r.json", "r.csv", "r.html", "r.pcap"}) CHECK(fs::exists(dir / name));
  CHECK_FALSE(fs::exists(dir / "r.nat.csv"));

  run::RunOptions options;
  options.packets = outputs->packets();
  options.trace = outputs->trace();
  absl::StatusOr<analysis::ScenarioRun> run = analysis::RunScenarioWithAnalysis(*s, options);
  REQUIRE(run.ok());
  REQUIRE(outputs->WriteFiles(run->result).ok());
  REQUIRE(outputs->WriteResult(*run, MachineFigures{2048, 3 << 20}).ok());

  const std::string summary = out.str();
  CHECK(summary.find("outputs test") != std::string::npos);
  CHECK(summary.ends_with("\nmemory: the scenario's estimated state 2 KiB; peak RSS 3 MiB (this process)\n"));
  CHECK(err.str().empty());
  const std::string json = Slurp(dir / "r.json");
  CHECK(json.find("\"machine\": {\n    \"estimated_state_bytes\": 2048,\n    \"peak_rss_bytes\": 3145728,\n"
                  "    \"huge_pages\": false\n  }") != std::string::npos);
  CHECK(Slurp(dir / "r.csv").starts_with("time_s,"));
  const std::string html = Slurp(dir / "r.html");
  CHECK(html.starts_with("<!DOCTYPE html>"));
  // The sequence of events, with the tables of the run made again at each.
  CHECK(html.find("<svg class=\"ladder\"") != std::string::npos);
  CHECK(html.find("<section class=\"instant\" id=\"t-0\"><pre>at 0 s") != std::string::npos);
  CHECK(Slurp(dir / "r.pcap").size() > 24);  // the pcap header and some packets
  fs::remove_all(dir);
}

TEST_CASE("run outputs: JSON on the summary's stream sends the trace to the other", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml");
  REQUIRE(s.ok());
  for (const bool json_to_out : {false, true}) {
    INFO("JSON to out: " << json_to_out);
    std::ostringstream out, err;
    RunOutputRequest request;
    request.json = json_to_out ? "-" : "";
    request.trace = true;
    request.provenance.version = "9.9";
    request.provenance.command = {"portlab", "run", "t.yaml", "--json", "-"};
    absl::StatusOr<RunOutputs> outputs = RunOutputs::Open(request, *s, out, err);
    REQUIRE(outputs.ok());
    REQUIRE(outputs->trace() != nullptr);
    run::RunOptions options;
    options.trace = outputs->trace();
    absl::StatusOr<analysis::ScenarioRun> run = analysis::RunScenarioWithAnalysis(*s, options);
    REQUIRE(run.ok());
    REQUIRE(outputs->WriteFiles(run->result).ok());
    REQUIRE(outputs->WriteResult(*run, MachineFigures{100, std::nullopt}).ok());
    const std::string& traced = json_to_out ? err.str() : out.str();
    CHECK(traced.find("connect") != std::string::npos);
    if (json_to_out) {
      // The provenance first (provenance.h), then the result.
      CHECK(out.str().starts_with("{\n  \"portlab\": {\n    \"version\": \"9.9\",\n"));
      CHECK(out.str().find("\n  },\n  \"scenario\": \"outputs test\",") != std::string::npos);
      CHECK(out.str().ends_with("\"machine\": {\n    \"estimated_state_bytes\": 100\n  }\n}\n"));
    } else {
      CHECK(err.str().empty());
      // A blank line between the trace and the summary; no peak RSS unmeasured.
      CHECK(out.str().find("\n\n") != std::string::npos);
      CHECK(out.str().ends_with("\nmemory: the scenario's estimated state 100 bytes\n"));
    }
  }
}

TEST_CASE("run outputs: a heap on huge pages is said beside the peak RSS", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml");
  REQUIRE(s.ok());
  const fs::path dir = TestDir("huge-pages");
  RunOutputRequest request;
  request.json = (dir / "r.json").string();
  std::ostringstream out, err;
  absl::StatusOr<RunOutputs> outputs = RunOutputs::Open(request, *s, out, err);
  REQUIRE(outputs.ok());
  absl::StatusOr<analysis::ScenarioRun> run = analysis::RunScenarioWithAnalysis(*s, run::RunOptions{});
  REQUIRE(run.ok());
  REQUIRE(outputs->WriteResult(*run, MachineFigures{100, 3 << 20, /*huge_pages=*/true}).ok());
  CHECK(out.str().ends_with(
      "\nmemory: the scenario's estimated state 100 bytes; peak RSS 3 MiB (this process, its heap on huge pages)\n"));
  CHECK(Slurp(dir / "r.json").ends_with(
      "\"machine\": {\n    \"estimated_state_bytes\": 100,\n    \"peak_rss_bytes\": 3145728,\n"
      "    \"huge_pages\": true\n  }\n}\n"));
}

TEST_CASE("run outputs: the first file that cannot be opened is named", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml");
  REQUIRE(s.ok());
  const fs::path dir = TestDir("bad");
  const std::string good = (dir / "ok").string();
  // Each case: json, csv, nat_csv, report, pcap; then the error.
  auto request = [](std::string json, std::string csv, std::string nat_csv, std::string report,
                    std::string pcap) {
    RunOutputRequest r;
    r.json = std::move(json);
    r.csv = std::move(csv);
    r.nat_csv = std::move(nat_csv);
    r.report = std::move(report);
    r.pcap = std::move(pcap);
    return r;
  };
  struct Case {
    RunOutputRequest request;
    std::string error;
  } cases[] = {
      {request("/no-such-dir/j", "/no-such-dir/c", "", "", ""), "/no-such-dir/j: cannot open for writing"},
      {request(good, "/no-such-dir/c", "", "", ""), "/no-such-dir/c: cannot open for writing"},
      {request("", "", "/no-such-dir/n", "/no-such-dir/r", ""), "/no-such-dir/n: cannot open for writing"},
      {request("", "", "", "/no-such-dir/r", "/no-such-dir/p"), "/no-such-dir/r: cannot open for writing"},
      {request("", "", "", "", "/no-such-dir/p"), "/no-such-dir/p: cannot open for writing"},
  };
  for (const Case& c : cases) {
    INFO(c.error);
    std::ostringstream out, err;
    absl::StatusOr<RunOutputs> outputs = RunOutputs::Open(c.request, *s, out, err);
    REQUIRE_FALSE(outputs.ok());
    CHECK(outputs.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(outputs.status().message() == c.error);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace portlab::report
