// Adder PE datapath (AdderNet) of N PEs (element i = PE i, bits [i*W +: W] of each packed port):
// term = -|a - w|. D = max(A_BITS, B_BITS) + 2 bits hold it exactly; the config requires
// ACC_BITS >= D.
`default_nettype none
module sa_pe_add #(
  parameter int N        = 16,
  parameter int A_BITS   = 8,
  parameter int B_BITS   = 8,
  parameter int ACC_BITS = 32
) (
  input  logic [N*A_BITS-1:0]   a,
  input  logic [N*B_BITS-1:0]   w,
  output logic [N*ACC_BITS-1:0] term
);
`include "sa_pe_add.svh"

  always_comb
    for (int i = 0; i < N; i++)
      term[i*ACC_BITS+:ACC_BITS] = add(a[i*A_BITS+:A_BITS], w[i*B_BITS+:B_BITS]);
endmodule
`default_nettype wire
