// Multiplier PE datapath of N PEs (element i = PE i): term = a * w, exact
// (the config requires ACC_BITS >= A_BITS + B_BITS). The accumulate step, shared by all kinds,
// is in sa_array.
`default_nettype none
module sa_pe_mult #(
  parameter int N        = 16,
  parameter int A_BITS   = 8,
  parameter int B_BITS   = 8,
  parameter int ACC_BITS = 32
) (
  input  logic [A_BITS-1:0]   a[N],
  input  logic [B_BITS-1:0]   w[N],
  output logic [ACC_BITS-1:0] term[N]
);
  function automatic logic [ACC_BITS-1:0] mult(logic signed [A_BITS-1:0] x,
                                               logic signed [B_BITS-1:0] y);
    logic signed [A_BITS+B_BITS-1:0] prod;
    prod = (A_BITS + B_BITS)'(x) * (A_BITS + B_BITS)'(y);
    return ACC_BITS'(prod);  // a size cast of a signed value sign-extends
  endfunction

  always_comb
    for (int i = 0; i < N; i++)
      term[i] = mult(a[i], w[i]);
endmodule
`default_nettype wire
