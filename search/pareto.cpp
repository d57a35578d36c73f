#include "search/pareto.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/error.h"

namespace shiftadd::search {
namespace {

// Area dominated by 2-D points below ref: sweep in the first objective.
double hv2(std::vector<Point> p, const Point& ref) {
  std::sort(p.begin(), p.end());
  double area = 0, best_y = ref[1];
  for (const Point& q : p) {
    if (q[1] >= best_y) continue;
    area += (ref[0] - q[0]) * (best_y - q[1]);
    best_y = q[1];
  }
  return area;
}

}  // namespace

bool dominates(const Point& a, const Point& b) {
  bool better = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    better = better || a[i] < b[i];
  }
  return better;
}

std::vector<std::vector<int>> nondominated_fronts(const std::vector<Point>& points) {
  const int n = int(points.size());
  std::vector<std::vector<int>> dominated(static_cast<size_t>(n)), fronts;
  std::vector<int> count(static_cast<size_t>(n), 0), current;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      if (dominates(points[size_t(i)], points[size_t(j)])) dominated[size_t(i)].push_back(j);
      else if (dominates(points[size_t(j)], points[size_t(i)])) ++count[size_t(i)];
    }
  for (int i = 0; i < n; ++i)
    if (count[size_t(i)] == 0) current.push_back(i);
  while (!current.empty()) {
    fronts.push_back(current);
    std::vector<int> next;
    for (int i : current)
      for (int j : dominated[size_t(i)])
        if (--count[size_t(j)] == 0) next.push_back(j);
    std::sort(next.begin(), next.end());
    current = std::move(next);
  }
  return fronts;
}

namespace {

std::vector<int> first_front_pairwise(const std::vector<Point>& points) {
  std::vector<int> out;
  for (size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < points.size() && !dominated; ++j) dominated = j != i && dominates(points[j], points[i]);
    if (!dominated) out.push_back(int(i));
  }
  return out;
}

// 1 to 3 objectives in O(n log n): sweep the points in lexicographic order, keeping the staircase of
// the (y, z) values of the non-dominated points seen so far (z falls as y rises; one objective: y
// and z are 0; two: z is 0). Identical points never dominate each other, so each group of them is
// tested against the earlier groups only, all of which it differs from.
std::vector<int> first_front_sweep(const std::vector<Point>& points) {
  const size_t dims = points[0].size();
  auto y = [&](size_t i) { return dims > 1 ? points[i][1] : 0.0; };
  auto z = [&](size_t i) { return dims > 2 ? points[i][2] : 0.0; };
  std::vector<size_t> order(points.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a] != points[b] ? points[a] < points[b] : a < b; });
  std::map<double, double> stair;  // y -> smallest z among kept points with that y
  std::vector<int> out;
  for (size_t g = 0; g < order.size();) {
    size_t end = g;
    while (end < order.size() && points[order[end]] == points[order[g]]) ++end;
    const size_t i = order[g];
    auto it = stair.upper_bound(y(i));  // the kept point with the largest y' <= y has the smallest z'
    const bool dominated = it != stair.begin() && std::prev(it)->second <= z(i);
    if (!dominated) {
      for (size_t k = g; k < end; ++k) out.push_back(int(order[k]));
      auto lo = stair.lower_bound(y(i));  // drop kept points that this one covers in (y, z)
      while (lo != stair.end() && lo->second >= z(i)) lo = stair.erase(lo);
      stair[y(i)] = z(i);
    }
    g = end;
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<int> first_front(const std::vector<Point>& points) {
  if (points.empty()) return {};
  return points[0].size() <= 3 ? first_front_sweep(points) : first_front_pairwise(points);
}

std::vector<double> crowding_distance(const std::vector<Point>& points, const std::vector<int>& front) {
  const size_t n = front.size();
  std::vector<double> d(n, 0.0);
  if (n == 0) return d;
  const double inf = std::numeric_limits<double>::infinity();
  for (size_t m = 0; m < points[size_t(front[0])].size(); ++m) {
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return points[size_t(front[a])][m] < points[size_t(front[b])][m];
    });
    const double lo = points[size_t(front[order.front()])][m], hi = points[size_t(front[order.back()])][m];
    d[order.front()] = d[order.back()] = inf;
    if (hi <= lo) continue;
    for (size_t k = 1; k + 1 < n; ++k)
      d[order[k]] += (points[size_t(front[order[k + 1]])][m] - points[size_t(front[order[k - 1]])][m]) / (hi - lo);
  }
  return d;
}

double hypervolume(const std::vector<Point>& points, const Point& ref) {
  std::vector<Point> p;
  for (const Point& q : points) {
    if (q.size() != ref.size()) throw InputError("hypervolume: point and reference differ in dimension");
    bool inside = true;
    for (size_t i = 0; i < q.size(); ++i) inside = inside && q[i] < ref[i];
    if (inside) p.push_back(q);
  }
  if (p.empty()) return 0;
  if (ref.size() == 1) {
    double best = ref[0];
    for (const Point& q : p) best = std::min(best, q[0]);
    return ref[0] - best;
  }
  if (ref.size() == 2) return hv2(p, ref);
  if (ref.size() != 3) throw InputError("hypervolume: exact for 1 to 3 objectives only");
  // Slice along the third objective: each slab is a 2-D hypervolume of the points at or below it.
  std::sort(p.begin(), p.end(), [](const Point& a, const Point& b) { return a[2] < b[2]; });
  double vol = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    const double top = k + 1 < p.size() ? p[k + 1][2] : ref[2];
    if (top <= p[k][2]) continue;
    std::vector<Point> slab;
    for (size_t i = 0; i <= k; ++i) slab.push_back({p[i][0], p[i][1]});
    vol += hv2(slab, {ref[0], ref[1]}) * (top - p[k][2]);
  }
  return vol;
}

}  // namespace shiftadd::search
