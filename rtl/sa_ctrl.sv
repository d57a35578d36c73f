// Per-fold control FSM of the array. It walks the folds of one GEMM job (column fold outer, row
// fold inner), counts the cycle tau inside each fold, and issues the operand-buffer reads and the
// result writes. The start cycle is cycle 0 of the job: requests of cycle 0 come from the cfg_*
// inputs, later ones from the latched copy. Timing per fold (see docs/hardware.md,
// "RTL micro-architecture"):
//   WS, len = 2R+C+M-2: tau in [0,R): load weight row r0+R-1-tau; tau in [R,R+M): stream A row
//       m = tau-R (+ psum row m unless first row fold); tau >= 2R+C-2: write C row tau-(2R+C-2).
//   OS, len = R+C+K-2: tau in [0,K): stream A column k = tau and B row k; tau = len-1: copy the
//       accumulators to the shadow chain, which then writes R rows (bottom first) in the next R
//       cycles, overlapping the next fold; after the last fold those R cycles are the drain.
`default_nettype none
module sa_ctrl #(
  parameter int R  = 4,
  parameter int C  = 4,
  parameter int IW = 24,   // width of M, K, N and of buffer indices
  parameter int TW = 26    // width of cycle/offset arithmetic
) (
  input  logic          clk,
  input  logic          rst,
  input  logic          start,
  input  logic          cfg_os,
  input  logic          cfg_sat,
  input  logic [IW-1:0] cfg_m,
  input  logic [IW-1:0] cfg_k,
  input  logic [IW-1:0] cfg_n,
  output logic          busy,
  output logic          os_e,       // effective config for this cycle
  output logic          sat_e,
  output logic          os_q,       // latched config (for the output side)
  output logic [IW-1:0] m_e, k_e, n_e,
  output logic [IW-1:0] n_q,
  output logic          a_rd, a_first,
  output logic [IW-1:0] a_m, a_k,
  output logic          b_rd,
  output logic [IW-1:0] b_k, b_n,
  output logic          p_rd,
  output logic [IW-1:0] p_m, p_n,
  output logic          shadow_load,
  // The same controls for the PEs below row 0, from registers only, so Verilator evaluates those
  // PEs once per cycle rather than on every input change. They are inactive in the start cycle,
  // where rows below 0 hold no valid operand and their weights need no shift (see sa_array).
  output logic          run_os, run_sat, run_wload, run_shadow,
  output logic          o_wr, o_last,
  output logic [IW-1:0] o_m, o_n
);
  localparam int RW = $clog2(R + 1);
  localparam logic [TW-1:0] TR = TW'(R), TC = TW'(C);

  logic running, sat_q;
  logic [IW-1:0] m_q, k_q;
  logic [TW-1:0] tau, r0, n0;
  logic [RW-1:0] rd_left;          // OS read-out: rows still to write
  logic [TW-1:0] rd_m;             // OS read-out: row of C written next
  logic [IW-1:0] rd_n;
  logic          rd_final;         // OS read-out belongs to the last fold

  logic go;
  assign busy = running | (rd_left != '0);
  assign go   = running | (start & ~busy);

  assign os_e  = running ? os_q : cfg_os;
  assign sat_e = running ? sat_q : cfg_sat;
  assign m_e   = running ? m_q : cfg_m;
  assign k_e   = running ? k_q : cfg_k;
  assign n_e   = running ? n_q : cfg_n;

  // Fold length and fold walk.
  logic [TW-1:0] len, spatial, r0_next, n0_next;
  logic end_fold, row_wrap, last_fold;
  assign len       = os_e ? TR + TC - 2 + TW'(k_e) : 2 * TR + TC - 2 + TW'(m_e);
  assign end_fold  = go && tau == len - 1;
  assign spatial   = os_e ? TW'(m_e) : TW'(k_e);
  assign r0_next   = r0 + TR;
  assign n0_next   = n0 + TC;
  assign row_wrap  = r0_next >= spatial;
  assign last_fold = row_wrap && n0_next >= TW'(n_e);

  logic [TW-1:0] len_q;
  assign len_q      = os_q ? TR + TC - 2 + TW'(k_q) : 2 * TR + TC - 2 + TW'(m_q);
  assign run_os     = os_q;
  assign run_sat    = sat_q;
  assign run_wload  = running && !os_q && tau < TR;
  assign run_shadow = running && os_q && tau == len_q - 1;

  // WS requests.
  logic ws_go;
  assign ws_go = go && !os_e;
  logic [IW-1:0] ws_m;
  assign ws_m = IW'(tau - TR);

  // Buffer reads.
  always_comb begin
    if (os_e) begin
      a_rd = go && tau < TW'(k_e);
      a_m  = IW'(r0);
      a_k  = IW'(tau);
      b_rd = a_rd;
      b_k  = IW'(tau);
    end else begin
      a_rd = ws_go && tau >= TR && tau < TR + TW'(m_e);
      a_m  = ws_m;
      a_k  = IW'(r0);
      b_rd = ws_go && tau < TR;
      b_k  = IW'(r0 + TR - TW'(1) - tau);
    end
  end
  assign a_first     = tau == '0;
  assign b_n         = IW'(n0);
  assign p_rd        = !os_e && a_rd && r0 != '0;
  assign p_m         = ws_m;
  assign p_n         = IW'(n0);
  assign shadow_load = go && os_e && end_fold;

  // Result writes: WS straight from the de-skewed column bottoms, OS from the shadow chain.
  localparam logic [TW-1:0] WsOut = 2 * TR + TC - 2;
  always_comb begin
    if (os_q) begin
      o_wr   = rd_left != '0 && rd_m < TW'(m_q);
      o_m    = IW'(rd_m);
      o_n    = rd_n;
      o_last = rd_left == RW'(1) && rd_final;
    end else begin
      o_wr   = ws_go && tau >= WsOut;
      o_m    = IW'(tau - WsOut);
      o_n    = IW'(n0);
      o_last = ws_go && end_fold && last_fold;
    end
  end

  always_ff @(posedge clk) begin
    if (rst) begin
      running  <= 1'b0;
      tau      <= '0;
      r0       <= '0;
      n0       <= '0;
      rd_left  <= '0;
      rd_final <= 1'b0;
      os_q     <= 1'b0;
    end else begin
      if (go && !running) begin
        running <= 1'b1;
        os_q    <= cfg_os;
        sat_q   <= cfg_sat;
        m_q     <= cfg_m;
        k_q     <= cfg_k;
        n_q     <= cfg_n;
      end
      if (go) begin
        if (end_fold) begin
          tau <= '0;
          r0  <= row_wrap ? '0 : r0_next;
          n0  <= row_wrap ? (last_fold ? '0 : n0_next) : n0;
          if (last_fold) running <= 1'b0;
        end else begin
          tau <= tau + 1;
        end
      end
      if (shadow_load) begin
        rd_left  <= RW'(R);
        rd_m     <= r0 + TR - 1;
        rd_n     <= IW'(n0);
        rd_final <= last_fold;
      end else if (rd_left != '0) begin
        rd_left <= rd_left - 1;
        rd_m    <= rd_m - 1;
      end
    end
  end
endmodule
`default_nettype wire
