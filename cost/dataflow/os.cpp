// Output stationary: an M-slice x N-slice of C accumulates in the PEs while K streams through.
#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {
namespace {

class OsDataflow : public DataflowModel {
 public:
  Dataflow kind() const override { return Dataflow::kOS; }
  FoldGeometry geometry(int64_t M, int64_t K) const override { return {M, K}; }
  int64_t fold_cycles(int rows, int cols, int64_t temporal) const override { return rows + cols + temporal - 2; }
  bool weights_stationary() const override { return false; }
  bool psums_cross_row_folds() const override { return false; }

  ArrayEvents fold_events(const ArraySpec&, const Fold& f) const override {
    const int64_t ru = f.rows_used, cu = f.cols_used, K = f.temporal;
    ArrayEvents e;
    e.pe_ops = ru * cu * K;
    e.words_in_a = ru * K;
    e.words_in_b = K * cu;
    e.words_in_psum = 0;
    e.words_out = ru * cu;
    e.operand_reg_reads = 2 * e.pe_ops;
    e.operand_reg_writes = 2 * e.pe_ops;  // both operands latched every step
    e.acc_updates = e.pe_ops;
    e.psum_transfers = cu * ru * (ru - 1) / 2;  // results shifted out down the columns
    e.pe_transfers = K * ru * (cu - 1) + K * cu * (ru - 1) + e.psum_transfers;
    return e;
  }

  std::vector<PhaseSpan> fold_phases(const ArraySpec& s, const Fold& f) const override {
    // R + C + K - 2 = K (operands enter) + R + C - 2 (skew and drain)
    return {{FoldPhase::kStream, f.temporal}, {FoldPhase::kDrain, s.rows + s.cols - 2}};
  }

  // Results of the last fold still sit in the PEs: R cycles to shift them out.
  int64_t final_drain_cycles(int rows) const override { return rows; }
};

}  // namespace

void register_os_dataflow(DataflowRegistry& r) {
  r.add("os", [] { return std::unique_ptr<DataflowModel>(new OsDataflow()); });
}

}  // namespace shiftadd
