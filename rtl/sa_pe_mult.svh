// The mult PE term, included into a module that has parameters A_BITS, B_BITS and ACC_BITS
// (sa_pe_mult, sa_array): term = a * w, exact (the config requires ACC_BITS >= A_BITS + B_BITS).
  function automatic logic [ACC_BITS-1:0] mult(input logic signed [A_BITS-1:0] x,
                                               input logic signed [B_BITS-1:0] y);
    logic signed [A_BITS+B_BITS-1:0] prod;
    prod = (A_BITS + B_BITS)'(x) * (A_BITS + B_BITS)'(y);
    mult = ACC_BITS'(prod);  // a size cast of a signed value sign-extends
  endfunction
