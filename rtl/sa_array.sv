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

  logic os_e, sat_e, os_q, a_first, shadow_load;
  logic [IW-1:0] m_e, k_e, n_e, n_q;
  sa_ctrl #(.R(R), .C(C), .IW(IW), .TW(TW)) u_ctrl (
    .clk, .rst, .start, .cfg_os, .cfg_sat, .cfg_m, .cfg_k, .cfg_n, .busy,
    .os_e, .sat_e, .os_q, .m_e, .k_e, .n_e, .n_q,
    .a_rd, .a_first, .a_m, .a_k, .b_rd, .b_k, .b_n, .p_rd, .p_m, .p_n,
    .shadow_load, .o_wr, .o_last, .o_m, .o_n);

  // ---- edge lanes: mask out-of-matrix indices, then skew ----
  logic [R*AT-1:0] a_lanes, a_skewed;
  for (genvar r = 0; r < R; r++) begin : g_a_lane
    logic ok;
    assign ok = a_rd && (os_e ? TW'(a_m) + TW'(r) < TW'(m_e) : TW'(a_k) + TW'(r) < TW'(k_e));
    assign a_lanes[r*AT+:AT] = {a_rd && a_first, a_rd, ok ? a_data[r*A_BITS+:A_BITS] : '0};
  end
  if (R > 1) begin : g_a_skew
    sa_skew #(.LANES(R), .W(AT)) u_skew (.clk, .d(a_lanes), .q(a_skewed));
  end else begin : g_a_wire
    assign a_skewed = a_lanes;
  end

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
  // stationary weight, shifted down only while b_rd loads a fold), acc_q (OS: accumulator; WS:
  // partial sum, read by PE (r+1, c)) and sh_q (OS shadow chain, shifted down one row a cycle).
  //   OS: acc <- pe_acc((first ? 0 : acc) + term(a, b_in))   when a is valid
  //   WS: acc <- pe_acc(psum_in + term(a, w))                when a is valid
  // The grid state is kept in packed vectors indexed by PE i = r*C + c and updated in loops (not
  // one instance per PE), so Verilator keeps the grid a loop and the C++ of a 32x32 array stays
  // small enough to compile in reasonable time.
  localparam int N = R * C;

  logic [N*A_BITS-1:0]   a_q, a_in;
  logic [N-1:0]          v_q, f_q, v_in, f_in;
  logic [N*B_BITS-1:0]   b_q, b_d, w_in;
  logic [N*ACC_BITS-1:0] acc_q, acc_d, base, term, sh_q, sh_d;

  // Operands of every PE: from the array edge or the neighbours' registers.
  always_comb begin
    for (int i = 0; i < N; i++) begin
      automatic int r = i / C;
      automatic int c = i % C;
      automatic int left = c == 0 ? i : i - 1;
      automatic int up = r == 0 ? i : i - C;
      automatic logic [AT-1:0] a_edge = a_skewed[r*AT+:AT];
      // WS loads weights into all columns at once; OS streams B skewed by column.
      automatic logic [B_BITS-1:0] b_edge = os_e ? b_skewed[c*B_BITS+:B_BITS]
                                                 : b_lanes[c*B_BITS+:B_BITS];
      automatic logic [B_BITS-1:0] b_in = r == 0 ? b_edge : b_q[up*B_BITS+:B_BITS];
      automatic logic [ACC_BITS-1:0] psum_in = r == 0 ? p_skewed[c*ACC_BITS+:ACC_BITS]
                                                      : acc_q[up*ACC_BITS+:ACC_BITS];
      if (c == 0) {f_in[i], v_in[i], a_in[i*A_BITS+:A_BITS]} = a_edge;
      else {f_in[i], v_in[i], a_in[i*A_BITS+:A_BITS]} = {f_q[left], v_q[left],
                                                          a_q[left*A_BITS+:A_BITS]};
      w_in[i*B_BITS+:B_BITS] = os_e ? b_in : b_q[i*B_BITS+:B_BITS];
      b_d[i*B_BITS+:B_BITS] = (os_e || b_rd) ? b_in : b_q[i*B_BITS+:B_BITS];
      base[i*ACC_BITS+:ACC_BITS] = os_e ? (f_in[i] ? '0 : acc_q[i*ACC_BITS+:ACC_BITS]) : psum_in;
    end
  end

  if (KIND == 0) begin : g_mult
    sa_pe_mult #(.N(N), .A_BITS(A_BITS), .B_BITS(B_BITS), .ACC_BITS(ACC_BITS)) u_pe (
      .a(a_in), .w(w_in), .term(term));
  end else if (KIND == 1) begin : g_shift
    sa_pe_shift #(.N(N), .A_BITS(A_BITS), .ACC_BITS(ACC_BITS), .FRAC(FRAC)) u_pe (
      .a(a_in), .w(w_in), .term(term));
  end else begin : g_add
    sa_pe_add #(.N(N), .A_BITS(A_BITS), .B_BITS(B_BITS), .ACC_BITS(ACC_BITS)) u_pe (
      .a(a_in), .w(w_in), .term(term));
  end

  // base + term in ACC_BITS + 1 bits; wrap keeps the low ACC_BITS, saturate clamps to the signed
  // range (overflow iff the two top bits of the exact sum differ). Applied at every step.
  function automatic logic [ACC_BITS-1:0] pe_acc(logic signed [ACC_BITS-1:0] x,
                                                 logic signed [ACC_BITS-1:0] t);
    logic signed [ACC_BITS:0] full;
    full = (ACC_BITS + 1)'(x) + (ACC_BITS + 1)'(t);
    if (sat_e && (full[ACC_BITS] ^ full[ACC_BITS-1]))
      return full[ACC_BITS] ? {1'b1, {(ACC_BITS - 1){1'b0}}} : {1'b0, {(ACC_BITS - 1){1'b1}}};
    return full[ACC_BITS-1:0];
  endfunction

  always_comb begin
    for (int i = 0; i < N; i++) begin
      automatic logic [ACC_BITS-1:0] acc = acc_q[i*ACC_BITS+:ACC_BITS];
      automatic logic [ACC_BITS-1:0] nxt = v_in[i] ? pe_acc(base[i*ACC_BITS+:ACC_BITS],
                                                            term[i*ACC_BITS+:ACC_BITS]) : acc;
      acc_d[i*ACC_BITS+:ACC_BITS] = nxt;
      // OS: at the end of a fold every accumulator is copied into the shadow chain, which
      // shifts down one row per cycle, so the read-out overlaps the next fold.
      sh_d[i*ACC_BITS+:ACC_BITS] = shadow_load ? nxt
                                 : i < C ? '0 : sh_q[(i < C ? i : i - C)*ACC_BITS+:ACC_BITS];
    end
  end

  always_ff @(posedge clk) begin
    a_q   <= a_in;
    v_q   <= v_in;
    f_q   <= f_in;
    b_q   <= b_d;
    acc_q <= acc_d;
    sh_q  <= sh_d;
  end

  // ---- results ----
  // WS: the bottom row's new partial sums, de-skewed so a whole C row leaves in one cycle.
  logic [C*ACC_BITS-1:0] ws_bottom, ws_out;
  localparam int Bottom = (R - 1) * C;  // first PE of the bottom row
  always_comb
    for (int c = 0; c < C; c++)
      ws_bottom[c*ACC_BITS+:ACC_BITS] = acc_d[(Bottom+c)*ACC_BITS+:ACC_BITS];
  if (C > 1) begin : g_deskew
    sa_skew #(.LANES(C), .W(ACC_BITS), .REVERSE(1'b1)) u_skew (.clk, .d(ws_bottom), .q(ws_out));
  end else begin : g_dewire
    assign ws_out = ws_bottom;
  end

  for (genvar c = 0; c < C; c++) begin : g_out
    assign o_data[c*ACC_BITS+:ACC_BITS] = os_q ? sh_q[(Bottom+c)*ACC_BITS+:ACC_BITS]
                                               : ws_out[c*ACC_BITS+:ACC_BITS];
    assign o_mask[c] = TW'(o_n) + TW'(c) < TW'(n_q);
  end
endmodule
`default_nettype wire
