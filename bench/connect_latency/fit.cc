// connect_latency_fit: fits stack/connect_latency.h's model to the kernel's
// recorded connect() times (record.cc's CSV): per experiment and occupancy
// bin (summary.h), the median recorded time beside the median probes
// portlab's Linux strategy counts for the same calls (replay.h); then
// per_call_ns and per_probe_ns by least squares on the relative error.
// Writes the bins as CSV and prints the fit.
//
//   build/plain/bench/connect_latency_fit RAW.csv [RAW.csv...] > bench/data/connect-latency-summary.csv
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "connect_latency/summary.h"
#include "portlab/stack/connect_latency.h"

namespace {

struct Experiment {
  int lo = 0;
  int ports = 0;
  std::map<int, int> failures_per_repetition;  // repetition -> failed connect() calls
  std::map<int, std::vector<int64_t>> ns;      // bin -> recorded times
};

}  // namespace

int main(int argc, char** argv) {
  using namespace portlab::bench;
  std::map<std::pair<std::string, int>, Experiment> experiments;  // (name, ports)
  for (int a = 1; a < argc; ++a) {
    std::ifstream in(argv[a]);
    if (!in) {
      std::cerr << argv[a] << ": cannot open\n";
      return 2;
    }
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
      if (f.size() != 12 || f[6] != "connect") continue;
      const int lo = std::stoi(f[1]), ports = std::stoi(f[2]) - lo + 1;
      Experiment& e = experiments[{f[0], ports}];
      e.lo = lo;
      e.ports = ports;
      const bool ok = f[9] == "0";
      if (!ok) ++e.failures_per_repetition[std::stoi(f[4])];
      e.ns[BinOf(std::stoi(f[8]), ok, ports)].push_back(std::stoll(f[11]));
    }
  }
  struct Row {
    std::string experiment;
    int ports, bin, calls;
    int64_t median_ns, probes;
    bool in_fit;
  };
  std::vector<Row> rows;
  for (auto& [key, e] : experiments) {
    int failures = 0;
    for (auto [rep, n] : e.failures_per_repetition) failures = n;
    const std::map<int, int64_t> probes = ReplayedMedians(key.first, e.lo, e.ports, failures);
    for (auto& [bin, v] : e.ns) {
      if (!probes.count(bin)) continue;
      rows.push_back({key.first, e.ports, bin, static_cast<int>(v.size()), Median(v), probes.at(bin),
                      InFit(key.first, e.ports, bin)});
    }
  }
  // Weighted least squares: minimise sum(((a + b p - t) / t)^2).
  double s00 = 0, s01 = 0, s11 = 0, r0 = 0, r1 = 0;
  for (const Row& r : rows) {
    if (!r.in_fit) continue;
    const double w = 1.0 / (static_cast<double>(r.median_ns) * r.median_ns);
    const double p = static_cast<double>(r.probes), t = static_cast<double>(r.median_ns);
    s00 += w, s01 += w * p, s11 += w * p * p, r0 += w * t, r1 += w * p * t;
  }
  const double det = s00 * s11 - s01 * s01;
  const double a = (r0 * s11 - r1 * s01) / det, b = (s00 * r1 - s01 * r0) / det;
  double worst = 0, sum2 = 0;
  int n = 0;
  std::printf("experiment,ports,bin,calls,median_ns,probes_median,model_ns,relative_error,in_fit\n");
  for (const Row& r : rows) {
    const double model = a + b * static_cast<double>(r.probes);
    const double err = (model - static_cast<double>(r.median_ns)) / static_cast<double>(r.median_ns);
    std::printf("%s,%d,%d,%d,%lld,%lld,%.0f,%.4f,%d\n", r.experiment.c_str(), r.ports, r.bin, r.calls,
                static_cast<long long>(r.median_ns), static_cast<long long>(r.probes), model, err, r.in_fit);
    if (r.in_fit) {
      worst = std::max(worst, std::fabs(err));
      sum2 += err * err;
      ++n;
    }
  }
  std::fprintf(stderr, "per_call_ns %.1f per_probe_ns %.3f over %d bins: max |relative error| %.4f, rms %.4f\n", a,
               b, n, worst, std::sqrt(sum2 / n));
  return 0;
}
