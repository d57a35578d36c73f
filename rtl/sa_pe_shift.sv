// Shift PE datapath of N PEs (element i = PE i). Weight code
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
  input  logic [A_BITS-1:0]   a[N],
  input  logic [5:0]          w[N],
  output logic [ACC_BITS-1:0] term[N]
);
  function automatic logic [ACC_BITS-1:0] shift(logic signed [A_BITS-1:0] x, logic [5:0] code);
    logic signed [A_BITS+FRAC-1:0] shifted;
    logic signed [ACC_BITS-1:0] mag;
    shifted = ((A_BITS + FRAC)'(x) <<< FRAC) >>> code[3:0];  // arithmetic shift
    mag = ACC_BITS'(shifted);
    case (code[5:4])
      2'b01:   return mag;
      2'b11:   return -mag;
      default: return '0;
    endcase
  endfunction

  always_comb
    for (int i = 0; i < N; i++)
      term[i] = shift(a[i], w[i]);
endmodule
`default_nettype wire
