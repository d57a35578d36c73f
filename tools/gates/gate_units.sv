// Units for the gate-level energy calibration (scripts/rtl_energy.sh). The PE term datapaths are the
// RTL's own modules (rtl/sa_pe_{mult,shift,add}.sv with N = 1); these wrap the register-level events.
`default_nettype none

// One accumulator update of a PE: acc <- pe_acc(sat, psum_in, term), registered. pe_acc is the
// accumulate step of rtl/sa_array.sv (same function, copied: sa_array keeps it local to its grid loops).
module gate_acc #(
  parameter int ACC_BITS = 32
) (
  input  logic                clk,
  input  logic                sat,
  input  logic [ACC_BITS-1:0] psum_in,
  input  logic [ACC_BITS-1:0] term,
  output logic [ACC_BITS-1:0] acc_q
);
  function automatic logic [ACC_BITS-1:0] pe_acc(input logic s, input logic signed [ACC_BITS-1:0] x,
                                                 input logic signed [ACC_BITS-1:0] t);
    logic signed [ACC_BITS:0] full;
    full = (ACC_BITS + 1)'(x) + (ACC_BITS + 1)'(t);
    if (s && (full[ACC_BITS] ^ full[ACC_BITS-1]))
      pe_acc = full[ACC_BITS] ? {1'b1, {(ACC_BITS - 1){1'b0}}} : {1'b0, {(ACC_BITS - 1){1'b1}}};
    else
      pe_acc = full[ACC_BITS-1:0];
  endfunction

  always_ff @(posedge clk) acc_q <= pe_acc(sat, psum_in, term);
endmodule

// One register hop between neighbouring PEs: W flip-flops.
module gate_hop #(
  parameter int W = 8
) (
  input  logic         clk,
  input  logic [W-1:0] d,
  output logic [W-1:0] q
);
  always_ff @(posedge clk) q <= d;
endmodule
`default_nettype wire
