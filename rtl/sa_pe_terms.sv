// The per-step term of N PEs of one kind (KIND: 0 mult, 1 shift, 2 add): picks the kind's datapath.
// Ports are packed: element i (PE i) is bits [i*W +: W].
`default_nettype none
module sa_pe_terms #(
  parameter int KIND     = 0,
  parameter int N        = 16,
  parameter int A_BITS   = 8,
  parameter int B_BITS   = 8,
  parameter int ACC_BITS = 32,
  parameter int FRAC     = 14
) (
  input  logic [N*A_BITS-1:0]   a,
  input  logic [N*B_BITS-1:0]   w,
  output logic [N*ACC_BITS-1:0] term
);
  if (KIND == 0) begin : g_mult
    sa_pe_mult #(.N(N), .A_BITS(A_BITS), .B_BITS(B_BITS), .ACC_BITS(ACC_BITS)) u_pe (.a, .w, .term);
  end else if (KIND == 1) begin : g_shift
    sa_pe_shift #(.N(N), .A_BITS(A_BITS), .ACC_BITS(ACC_BITS), .FRAC(FRAC)) u_pe (.a, .w, .term);
  end else begin : g_add
    sa_pe_add #(.N(N), .A_BITS(A_BITS), .B_BITS(B_BITS), .ACC_BITS(ACC_BITS)) u_pe (.a, .w, .term);
  end
endmodule
`default_nettype wire
