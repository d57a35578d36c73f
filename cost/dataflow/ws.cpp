// Weight stationary: a K-slice x N-slice of B sits in the PEs, the M rows of A stream through.
#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {
namespace {

class WsDataflow : public DataflowModel {
 public:
  Dataflow kind() const override { return Dataflow::kWS; }
  FoldGeometry geometry(int64_t M, int64_t K) const override { return {K, M}; }
  int64_t fold_cycles(int rows, int cols, int64_t temporal) const override { return 2 * rows + cols + temporal - 2; }
  bool weights_stationary() const override { return true; }
  bool psums_cross_row_folds() const override { return true; }

  ArrayEvents fold_events(const ArraySpec&, const Fold& f) const override {
    const int64_t ru = f.rows_used, cu = f.cols_used, M = f.temporal;
    ArrayEvents e;
    e.pe_ops = ru * cu * M;
    e.words_in_a = M * ru;
    e.words_in_b = ru * cu;
    e.words_in_psum = f.first_row_fold ? 0 : M * cu;  // psum_in of the previous K-slice
    e.words_out = M * cu;
    e.operand_reg_reads = 2 * e.pe_ops;
    e.operand_reg_writes = e.pe_ops + ru * cu;  // a latched per op, weight latched once
    e.acc_updates = e.pe_ops;
    e.psum_transfers = M * cu * (ru - 1);
    e.pe_transfers = M * ru * (cu - 1) + e.psum_transfers + cu * ru * (ru - 1) / 2;  // a, psum, weight shift-in
    return e;
  }

  std::vector<PhaseSpan> fold_phases(const ArraySpec& s, const Fold& f) const override {
    // 2R + C + M - 2 = R (weight load) + M (rows enter) + R + C - 2 (skew and drain)
    return {{FoldPhase::kLoad, s.rows}, {FoldPhase::kStream, f.temporal}, {FoldPhase::kDrain, s.rows + s.cols - 2}};
  }

  int64_t final_drain_cycles(int) const override { return 0; }
};

}  // namespace

void register_ws_dataflow(DataflowRegistry& r) {
  r.add("ws", [] { return std::unique_ptr<DataflowModel>(new WsDataflow()); });
}

}  // namespace shiftadd
