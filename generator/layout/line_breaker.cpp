// Total-fit line breaking (Knuth & Plass 1981) over words separated by stretchable spaces.
// Feasible breaks are kept as active nodes per fitness class; demerits are
// (line_penalty + badness)^2 plus a penalty for adjacent lines of very different tightness.
// The last line has infinite stretch, so it is never stretched.
#include "layout/line_breaker.h"

#include <cmath>
#include <limits>

namespace vanthu::generator {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Node {
  int start;        // first word of the next line
  int line;         // lines before this node
  int fitness;      // 0 tight, 1 normal, 2 loose, 3 very loose
  double demerits;  // total demerits up to here
  int prev;         // index into the node pool, -1 for the start
  double ratio;     // ratio of the line ending here
  double natural;
  bool overfull;
};

int fitness_of(double r) {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

}  // namespace

bool LineBreaker::total_fit(const BreakInput& in, double tolerance, bool allow_overfull,
                            std::vector<BreakLine>& out) const {
  const int n = static_cast<int>(in.box.size());
  // Prefix sums: sum_w[i] = boxes 0..i-1 plus glue after words 0..i-2 is computed per line.
  std::vector<double> box_sum(n + 1, 0), glue_sum(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    box_sum[i + 1] = box_sum[i] + in.box[i];
    glue_sum[i + 1] = glue_sum[i] + (i < static_cast<int>(in.glue.size()) ? in.glue[i] : 0);
  }
  std::vector<Node> pool;
  pool.push_back({0, 0, 1, 0, -1, 0, 0, false});
  std::vector<int> active{0};

  for (int b = 0; b < n; ++b) {  // candidate break after word b
    const bool last = b == n - 1;
    if (!last && b < static_cast<int>(in.nobreak.size()) && in.nobreak[b]) continue;
    struct Best {
      double demerits = kInf;
      int from = -1;
      double ratio = 0, natural = 0;
      bool overfull = false;
    } best[4];
    std::vector<int> keep;
    keep.reserve(active.size());
    for (int a : active) {
      const Node& nd = pool[a];
      const int s = nd.start;
      const double L = nd.line == 0 ? in.first_width : in.width;
      const double glue = glue_sum[b] - glue_sum[s];  // spaces after words s..b-1
      const double natural = box_sum[b + 1] - box_sum[s] + glue;
      double r;
      if (natural <= L) {
        const double stretch = glue * p_.stretch;
        if (last || !in.justify) r = 0;
        else r = stretch > 0 ? (L - natural) / stretch : (natural == L ? 0 : kInf);
      } else {
        const double shrink = glue * p_.shrink;
        r = shrink > 0 ? (L - natural) / shrink : -kInf;
      }
      bool overfull = r < -1;
      // A line too long now only gets longer: the node is done, unless it has nothing else.
      bool deactivate = overfull;
      bool feasible = !overfull && r <= tolerance;
      if (overfull && allow_overfull && s == b) feasible = true;  // a single word wider than the line
      if (!feasible && !overfull && allow_overfull && r > tolerance) feasible = true;
      if (feasible) {
        const double badness = std::isinf(r) ? 1e8 : 100 * std::pow(std::fabs(std::max(r, -1.0)), 3);
        double d = p_.line_penalty + badness;
        d = d * d;
        const int fit = fitness_of(r);
        if (std::abs(fit - nd.fitness) > 1) d += p_.fitness_demerits * p_.fitness_demerits;
        d += nd.demerits;
        if (d < best[fit].demerits) best[fit] = {d, a, r, natural, overfull};
      }
      if (!deactivate) keep.push_back(a);
    }
    active.swap(keep);
    for (int f = 0; f < 4; ++f) {
      if (best[f].from < 0) continue;
      pool.push_back({b + 1, pool[best[f].from].line + 1, f, best[f].demerits, best[f].from,
                      best[f].ratio, best[f].natural, best[f].overfull});
      if (!last) active.push_back(static_cast<int>(pool.size()) - 1);
    }
    if (active.empty() && !last) return false;
  }
  // Choose the best node that ends the paragraph.
  int end = -1;
  for (int i = 0; i < static_cast<int>(pool.size()); ++i)
    if (pool[i].start == n && (end < 0 || pool[i].demerits < pool[end].demerits)) end = i;
  if (end < 0) return false;
  std::vector<BreakLine> lines;
  for (int i = end; pool[i].prev >= 0; i = pool[i].prev) {
    const Node& nd = pool[i];
    lines.push_back({pool[nd.prev].start, nd.start - 1, nd.natural, nd.ratio, nd.overfull});
  }
  out.assign(lines.rbegin(), lines.rend());
  return true;
}

std::vector<BreakLine> LineBreaker::breaks(const BreakInput& in) const {
  std::vector<BreakLine> out;
  if (in.box.empty()) return out;
  if (!in.justify) return greedy(in);
  // TeX-like passes: tolerances as stretch ratios (badness 100 ≈ ratio 1, 800 = ratio 2).
  for (double tol : {1.0, 2.0, 4.0}) {
    if (total_fit(in, tol, false, out)) return out;
  }
  if (total_fit(in, kInf, true, out)) return out;
  return greedy(in);
}

std::vector<BreakLine> LineBreaker::greedy(const BreakInput& in) const {
  std::vector<BreakLine> out;
  const int n = static_cast<int>(in.box.size());
  int s = 0;
  while (s < n) {
    const double L = out.empty() ? in.first_width : in.width;
    double w = in.box[s];
    int e = s;
    auto bound = [&](int k) { return k < static_cast<int>(in.nobreak.size()) && in.nobreak[k]; };
    while (e + 1 < n && (w + in.glue[e] + in.box[e + 1] <= L || bound(e))) {
      w += in.glue[e] + in.box[e + 1];
      ++e;
    }
    out.push_back({s, e, w, 0, w > L});
    s = e + 1;
  }
  if (in.justify) {
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
      const BreakLine& l = out[i];
      double glue = 0;
      for (int k = l.first; k < l.last; ++k) glue += in.glue[k];
      const double L = i == 0 ? in.first_width : in.width;
      if (glue > 0) out[i].ratio = (L - l.natural) / (glue * p_.stretch);
    }
  }
  return out;
}

}  // namespace vanthu::generator
