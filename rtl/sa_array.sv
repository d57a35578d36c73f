// R x C systolic array of one PE kind with runtime-selectable dataflow (WS/OS) and overflow mode
// (wrap/saturate). The surrounding operand buffers only answer the read requests (a_*, b_*, p_*)
// in the same cycle and store the result rows (o_*); all skewing, fill, drain and fold sequencing
// happen here. Lanes of a read whose index falls outside the matrix are forced to zero, and o_mask
// marks the result lanes inside it, so the buffers need no knowledge of the fold geometry.
// Cycle-by-cycle timing: docs/hardware.md, "RTL micro-architecture".
`default_nettype none
module sa_array #(
  parameter int KIND     = 0,   // 0 mult, 1 shift, 2 add
  parameter int R        = 4,
  parameter int C        = 4,
  parameter int A_BITS   = 8,
  parameter int B_BITS   = 8,   // 6 for shift (the {s[1:0], e[3:0]} code)
  parameter int ACC_BITS = 32,
  parameter int FRAC     = 14,  // shift: fractional accumulator bits
  parameter int IW       = 24
) (
  input  logic                  clk,
  input  logic                  rst,
  input  logic                  start,     // cycle 0 of a job; ignored while busy
  input  logic                  cfg_os,    // 1: output stationary, 0: weight stationary
  input  logic                  cfg_sat,   // 1: saturate, 0: wrap
  input  logic [IW-1:0]         cfg_m,
  input  logic [IW-1:0]         cfg_k,
  input  logic [IW-1:0]         cfg_n,
  output logic                  busy,
  // A read: WS lanes r = A[a_m][a_k + r], OS lanes r = A[a_m + r][a_k]
  output logic                  a_rd,
  output logic [IW-1:0]         a_m,
  output logic [IW-1:0]         a_k,
  input  logic [R*A_BITS-1:0]   a_data,
  // B read: lanes c = B[b_k][b_n + c]
  output logic                  b_rd,
  output logic [IW-1:0]         b_k,
  output logic [IW-1:0]         b_n,
  input  logic [C*B_BITS-1:0]   b_data,
  // WS partial-sum read (previous row fold): lanes c = Cbuf[p_m][p_n + c]
  output logic                  p_rd,
  output logic [IW-1:0]         p_m,
  output logic [IW-1:0]         p_n,
  input  logic [C*ACC_BITS-1:0] p_data,
  // result write: lanes c with o_mask[c] go to Cbuf[o_m][o_n + c]
  output logic                  o_wr,
  output logic                  o_last,    // the job's last result row
  output logic [IW-1:0]         o_m,
  output logic [IW-1:0]         o_n,
  output logic [C-1:0]          o_mask,
  output logic [C*ACC_BITS-1:0] o_data
);
  localparam int TW = IW + 2;
  localparam int AT = A_BITS + 2;  // A lane with its valid and first tags
  localparam int N  = R * C;       // PEs; PE (r, c) is element i = r*C + c of the grid arrays

  logic os_e, sat_e, os_q, a_first, shadow_load, run_os, run_sat, run_wload, run_shadow;
  logic [IW-1:0] m_e, k_e, n_e, n_q;
  sa_ctrl #(.R(R), .C(C), .IW(IW), .TW(TW)) u_ctrl (
    .clk, .rst, .start, .cfg_os, .cfg_sat, .cfg_m, .cfg_k, .cfg_n, .busy,
    .os_e, .sat_e, .os_q, .m_e, .k_e, .n_e, .n_q,
    .a_rd, .a_first, .a_m, .a_k, .b_rd, .b_k, .b_n, .p_rd, .p_m, .p_n,
    .shadow_load, .run_os, .run_sat, .run_wload, .run_shadow, .o_wr, .o_last, .o_m, .o_n);

  // ---- edge lanes: mask out-of-matrix indices, then skew ----
  // A lane r enters row r after r cycles. Lane 0 (no delay) feeds row 0 only; lanes 1.. are kept
  // apart so that the rows below 0 depend on registers only.
  logic [R*AT-1:0] a_lanes;
  for (genvar r = 0; r < R; r++) begin : g_a_lane
    logic ok;
    assign ok = a_rd && (os_e ? TW'(a_m) + TW'(r) < TW'(m_e) : TW'(a_k) + TW'(r) < TW'(k_e));
    assign a_lanes[r*AT+:AT] = {a_rd && a_first, a_rd, ok ? a_data[r*A_BITS+:A_BITS] : '0};
  end

  // B lane c (OS) and partial-sum lane c (WS) enter column c after c cycles.
  logic [C*B_BITS-1:0] b_lanes, b_skewed;
  logic [C*ACC_BITS-1:0] p_lanes, p_skewed;
  for (genvar c = 0; c < C; c++) begin : g_top_lane
    logic b_ok, p_ok;
    assign b_ok = b_rd && b_k < k_e && TW'(b_n) + TW'(c) < TW'(n_e);
    assign p_ok = p_rd && TW'(p_n) + TW'(c) < TW'(n_e);
    assign b_lanes[c*B_BITS+:B_BITS]     = b_ok ? b_data[c*B_BITS+:B_BITS] : '0;
    assign p_lanes[c*ACC_BITS+:ACC_BITS] = p_ok ? p_data[c*ACC_BITS+:ACC_BITS] : '0;
  end
  if (C > 1) begin : g_top_skew
    sa_skew #(.LANES(C), .W(B_BITS)) u_b_skew (.clk, .d(b_lanes), .q(b_skewed));
    sa_skew #(.LANES(C), .W(ACC_BITS)) u_p_skew (.clk, .d(p_lanes), .q(p_skewed));
  end else begin : g_top_wire
    assign b_skewed = b_lanes;
    assign p_skewed = p_lanes;
  end

  // ---- PE grid ----
  // PE (r, c) computes with the operands on its input wires, so a value entering the array at
  // cycle t is used by PE (r, c) at t + r + c. Registers of PE (r, c): a_q/v_q/f_q (activation and
  // its valid/first tags, read by PE (r, c+1)), b_q (OS: streaming B, read by PE (r+1, c); WS: the
  // stationary weight, shifted down only while the fold's weights load), acc_q (OS: accumulator;
  // WS: partial sum, read by PE (r+1, c)) and sh_q (OS shadow chain, shifted down a row a cycle).
  //   OS: acc <- pe_acc((first ? 0 : acc) + term(a, b_in))   when a is valid
  //   WS: acc <- pe_acc(psum_in + term(a, w))                when a is valid
  // The grid is written as loops over arrays (PE i = r*C + c is element i), not one instance per
  // PE, so that Verilator keeps it a loop (the C++ of a 32x32 array compiles in seconds);
  // synthesis unrolls the loops (yosys turns the arrays into registers and wires).
  // Row 0 (fed by the buffers in the same cycle) and the rows below (fed by registers only) are
  // separate processes: Verilator re-evaluates only row 0 when the driver changes the inputs.
  logic [A_BITS-1:0]   a_q[N], a_d[N];
  logic                v_q[N], v_d[N], f_q[N], f_d[N];
  logic [B_BITS-1:0]   b_q[N], b_d[N];
  logic [ACC_BITS-1:0] acc_q[N], acc_d[N], sh_q[N], sh_d[N];

  // base + term in ACC_BITS + 1 bits; wrap keeps the low ACC_BITS, saturate clamps to the signed
  // range (overflow iff the two top bits of the exact sum differ). Applied at every step.
  function automatic logic [ACC_BITS-1:0] pe_acc(input logic sat,
                                                 input logic signed [ACC_BITS-1:0] x,
                                                 input logic signed [ACC_BITS-1:0] t);
    logic signed [ACC_BITS:0] full;
    full = (ACC_BITS + 1)'(x) + (ACC_BITS + 1)'(t);
    if (sat && (full[ACC_BITS] ^ full[ACC_BITS-1]))
      pe_acc = full[ACC_BITS] ? {1'b1, {(ACC_BITS - 1){1'b0}}} : {1'b0, {(ACC_BITS - 1){1'b1}}};
    else
      pe_acc = full[ACC_BITS-1:0];
  endfunction

  // The per-step term of the array's kind: the functions of the PE datapath modules sa_pe_mult /
  // sa_pe_shift / sa_pe_add, shared through their .svh files (exactly the table in docs/hardware.md,
  // "Number formats"). The other kinds' functions are elaborated with this array's widths but never
  // called, hence the lint waiver.
  /* verilator lint_off UNUSEDSIGNAL */
`include "sa_pe_mult.svh"
`include "sa_pe_shift.svh"
`include "sa_pe_add.svh"
  /* verilator lint_on UNUSEDSIGNAL */
  function automatic logic [ACC_BITS-1:0] pe_term(input logic [A_BITS-1:0] x, input logic [B_BITS-1:0] y);
    if (KIND == 0) pe_term = mult(x, y);
    else if (KIND == 1) pe_term = shift(x, 6'(y));
    else pe_term = add(x, y);
  endfunction

  // -- row 0: A from the left edge / left neighbour, B and partial sums from the top edge --
  logic [A_BITS-1:0]   a0[C];
  logic                v0[C], f0[C];
  logic [B_BITS-1:0]   w0[C];
  always_comb begin : p_row0_in
    logic [B_BITS-1:0] b_in;
    for (int c = 0; c < C; c++) begin
      // WS loads weights into all columns at once; OS streams B skewed by column.
      b_in = os_e ? b_skewed[c*B_BITS+:B_BITS] : b_lanes[c*B_BITS+:B_BITS];
      // Column 0 takes the A edge lane; column c > 0 the registers of PE c - 1 (the index is
      // written so that it stays in range in the branch not taken).
      if (c == 0) {f0[c], v0[c], a0[c]} = a_lanes[AT-1:0];
      else {f0[c], v0[c], a0[c]} = {f_q[(c == 0 ? 0 : c - 1)], v_q[(c == 0 ? 0 : c - 1)],
                                    a_q[(c == 0 ? 0 : c - 1)]};
      w0[c] = os_e ? b_in : b_q[c];
      b_d[c] = (os_e || b_rd) ? b_in : b_q[c];
    end
  end
  logic [ACC_BITS-1:0] term0[C];
  always_comb
    for (int c = 0; c < C; c++) term0[c] = pe_term(a0[c], w0[c]);
  always_comb begin : p_row0_acc
    logic [ACC_BITS-1:0] base, nxt;
    for (int c = 0; c < C; c++) begin
      base = os_e ? (f0[c] ? '0 : acc_q[c]) : p_skewed[c*ACC_BITS+:ACC_BITS];
      nxt = v0[c] ? pe_acc(sat_e, base, term0[c]) : acc_q[c];
      {f_d[c], v_d[c], a_d[c]} = {f0[c], v0[c], a0[c]};
      acc_d[c] = nxt;
      // OS: at the end of a fold every accumulator is copied into the shadow chain, which
      // shifts down one row per cycle, so the read-out overlaps the next fold.
      sh_d[c] = shadow_load ? nxt : '0;
    end
  end

  // -- rows 1..R-1: everything from registers --
  // Element j of the row arrays below is PE i = j + C (row (j + C) / C, column j % C); the PE
  // above it is element j of the grid, the PE to its left element i - 1.
  if (R > 1) begin : g_rows
    localparam int NR = N - C;
    logic [(R-1)*AT-1:0] a_rest;  // lanes 1..R-1 after their skew registers (left edge of rows 1..)
    sa_skew #(.LANES(R - 1), .W(AT), .OFFSET(1)) u_a_skew (
      .clk, .d(a_lanes[R*AT-1:AT]), .q(a_rest));

    logic [A_BITS-1:0] ar[NR];
    logic              vr[NR], fr[NR];
    logic [B_BITS-1:0] wr[NR];
    always_comb begin : p_rows_in
      logic [B_BITS-1:0] b_in;
      for (int j = 0; j < NR; j++) begin
        b_in = b_q[j];  // from the PE above
        if (j % C == 0) {fr[j], vr[j], ar[j]} = a_rest[(j / C)*AT+:AT];
        else {fr[j], vr[j], ar[j]} = {f_q[j + C - 1], v_q[j + C - 1], a_q[j + C - 1]};
        wr[j] = run_os ? b_in : b_q[j + C];
        b_d[j + C] = (run_os || run_wload) ? b_in : b_q[j + C];
      end
    end
    logic [ACC_BITS-1:0] termr[NR];
    always_comb
      for (int j = 0; j < NR; j++) termr[j] = pe_term(ar[j], wr[j]);
    always_comb begin : p_rows_acc
      logic [ACC_BITS-1:0] base, nxt;
      for (int j = 0; j < NR; j++) begin
        base = run_os ? (fr[j] ? '0 : acc_q[j + C]) : acc_q[j];
        nxt = vr[j] ? pe_acc(run_sat, base, termr[j]) : acc_q[j + C];
        {f_d[j + C], v_d[j + C], a_d[j + C]} = {fr[j], vr[j], ar[j]};
        acc_d[j + C] = nxt;
        sh_d[j + C] = run_shadow ? nxt : sh_q[j];
      end
    end
  end

  if (R == 1) begin : g_no_rows
    logic unused_run;  // the register-only controls serve rows below 0
    assign unused_run = &{1'b0, run_os, run_sat, run_wload, run_shadow};
  end

  // One register process per element: Verilator cannot assign arrays non-blocking inside a loop,
  // and yosys 0.23 cannot assign a whole array.
  for (genvar i = 0; i < N; i++) begin : g_reg
    always_ff @(posedge clk) begin
      a_q[i]   <= a_d[i];
      v_q[i]   <= v_d[i];
      f_q[i]   <= f_d[i];
      b_q[i]   <= b_d[i];
      acc_q[i] <= acc_d[i];
      sh_q[i]  <= sh_d[i];
    end
  end

  // ---- results ----
  // WS: the bottom row's new partial sums, de-skewed so a whole C row leaves in one cycle.
  localparam int Bottom = (R - 1) * C;  // first PE of the bottom row
  logic [C*ACC_BITS-1:0] ws_bottom, ws_out;
  always_comb
    for (int c = 0; c < C; c++) ws_bottom[c*ACC_BITS+:ACC_BITS] = acc_d[Bottom+c];
  if (C > 1) begin : g_deskew
    sa_skew #(.LANES(C), .W(ACC_BITS), .REVERSE(1'b1)) u_skew (.clk, .d(ws_bottom), .q(ws_out));
  end else begin : g_dewire
    assign ws_out = ws_bottom;
  end

  // OS: the bottom of the shadow chain.
  for (genvar c = 0; c < C; c++) begin : g_out
    assign o_data[c*ACC_BITS+:ACC_BITS] = os_q ? sh_q[Bottom+c] : ws_out[c*ACC_BITS+:ACC_BITS];
    assign o_mask[c] = TW'(o_n) + TW'(c) < TW'(n_q);
  end
endmodule
`default_nettype wire
