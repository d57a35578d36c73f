// CV genome: per stage, one depth gene and then max-depth block-type genes (the first `depth` are used).
#include <algorithm>

#include "core/error.h"
#include "search/codec/arch_codec.h"

namespace shiftadd::search {
namespace {

class CvCodec : public ArchCodec {
 public:
  explicit CvCodec(const SearchSpace& s) : sp_(s.cv) {
    for (const auto& st : sp_.stages) {
      const int max_depth = *std::max_element(st.depth.begin(), st.depth.end());
      offset_.push_back(int(choices_.size()));
      choices_.push_back(int(st.depth.size()));
      for (int l = 0; l < max_depth; ++l) choices_.push_back(int(st.blocks.size()));
    }
  }
  size_t genes() const override { return choices_.size(); }
  int choices(size_t g) const override { return choices_.at(g); }

  Arch decode(const Genome& g) const override {
    Arch a;
    for (size_t s = 0; s < sp_.stages.size(); ++s) {
      const auto& st = sp_.stages[s];
      const int o = offset_[s], depth = st.depth[size_t(g.at(size_t(o)))];
      a.stages.emplace_back();
      for (int l = 0; l < depth; ++l) a.stages.back().push_back(st.blocks[size_t(g.at(size_t(o + 1 + l)))]);
    }
    return a;
  }
  Genome encode(const Arch& a) const override {
    Genome g(genes(), 0);
    if (a.stages.size() != sp_.stages.size()) throw InputError("encode: subnet has the wrong number of stages");
    for (size_t s = 0; s < sp_.stages.size(); ++s) {
      const auto& st = sp_.stages[s];
      g[size_t(offset_[s])] = choice_index(st.depth, int(a.stages[s].size()));
      for (size_t l = 0; l < a.stages[s].size(); ++l) g[size_t(offset_[s]) + 1 + l] = choice_index(st.blocks, a.stages[s][l]);
    }
    return g;
  }
  bool valid(const Genome& g) const override {
    if (g.size() != genes()) return false;
    for (size_t i = 0; i < g.size(); ++i)
      if (g[i] < 0 || g[i] >= choices_[i]) return false;
    if (sp_.total_depth == 0) return true;
    int total = 0;
    for (size_t s = 0; s < sp_.stages.size(); ++s) total += sp_.stages[s].depth[size_t(g[size_t(offset_[s])])];
    return total == sp_.total_depth;
  }

 private:
  CvSpace sp_;
  std::vector<int> offset_, choices_;
};

}  // namespace

std::unique_ptr<ArchCodec> make_cv_codec(const SearchSpace& space) { return std::make_unique<CvCodec>(space); }

}  // namespace shiftadd::search
