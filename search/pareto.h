#pragma once
// Non-dominated sorting, crowding distance and exact hypervolume over objective vectors that are
// all minimised (search/objective.h turns maximised objectives into their negation).
#include <vector>

namespace shiftadd::search {

using Point = std::vector<double>;

bool dominates(const Point& a, const Point& b);  // a no worse in every objective and better in one
// Fronts of NSGA-II's fast non-dominated sort, each a list of indices into points (ascending).
std::vector<std::vector<int>> nondominated_fronts(const std::vector<Point>& points);
// The first of those fronts alone, without the dominance lists (O(n^2) time, O(n) memory).
std::vector<int> first_front(const std::vector<Point>& points);
// Crowding distance of each member of one front (infinite at the extremes of each objective).
std::vector<double> crowding_distance(const std::vector<Point>& points, const std::vector<int>& front);
// Volume dominated by points and bounded by ref (points not strictly better than ref in every
// objective add nothing). Exact for 1 to 3 objectives.
double hypervolume(const std::vector<Point>& points, const Point& ref);

}  // namespace shiftadd::search
