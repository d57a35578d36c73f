// Shift PE datapath of N PEs (element i = PE i, bits [i*W +: W] of each packed port). Weight code
// {s[1:0], e[3:0]}: s = 01 -> +1, 11 -> -1, 00 and the reserved 10 -> 0; weight = sign * 2^-e.
// The accumulator has FRAC fractional bits, so term = sign * ((a <<< FRAC) >>> e): exact for
// e <= FRAC, rounded toward minus infinity for e > FRAC, sign applied after the shift.
// Needs ACC_BITS >= A_BITS + FRAC + 1.
`default_nettype none
module sa_pe_shift #(
  parameter int N        = 16,
  parameter int A_BITS   = 8,
  parameter int ACC_BITS = 32,
  parameter int FRAC     = 14
) (
  input  logic [N*A_BITS-1:0]   a,
  input  logic [N*6-1:0]        w,
  output logic [N*ACC_BITS-1:0] term
);
`include "sa_pe_shift.svh"

  always_comb
    for (int i = 0; i < N; i++)
      term[i*ACC_BITS+:ACC_BITS] = shift(a[i*A_BITS+:A_BITS], w[i*6+:6]);
endmodule
`default_nettype wire
