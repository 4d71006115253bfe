#include "portlab/sweep/sweep_summary.h"

namespace portlab::sweep {

void SweepSummary::Add(int64_t point, const std::vector<std::string>& values,
                       const RunFigures& figures) {
  if (point != point_) {
    Close();
    point_ = point;
    values_ = values;
    names_.clear();
    columns_.clear();
    for (size_t i = 0; i < figures.names.size(); ++i) {
      if (!figures.is_text[i]) names_.push_back(figures.names[i]);
    }
    columns_.resize(names_.size());
  }
  size_t c = 0;
  for (size_t i = 0; i < figures.names.size() && c < columns_.size(); ++i) {
    if (figures.is_text[i]) continue;
    if (!figures.missing[i]) columns_[c].push_back(figures.values[i]);
    ++c;
  }
}

void SweepSummary::Close() {
  if (point_ < 0) return;
  PointSummary p;
  p.point = point_;
  p.values = values_;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (!columns_[c].empty()) p.figures.emplace_back(names_[c], Summarize(columns_[c]));
  }
  done_.push_back(std::move(p));
  point_ = -1;
}

std::vector<PointSummary> SweepSummary::Finish() {
  Close();
  return std::move(done_);
}

}  // namespace portlab::sweep
