// The add PE term (AdderNet), included into a module that has parameters A_BITS, B_BITS and
// ACC_BITS (sa_pe_add, sa_array): term = -|a - w| in D = max(A_BITS, B_BITS) + 2 bits, sign-extended.
  function automatic logic [ACC_BITS-1:0] add(input logic signed [A_BITS-1:0] x,
                                              input logic signed [B_BITS-1:0] y);
    localparam int D = (A_BITS > B_BITS ? A_BITS : B_BITS) + 2;
    logic signed [D-1:0] diff, neg_mag;
    diff = D'(x) - D'(y);
    neg_mag = diff[D-1] ? diff : -diff;
    add = ACC_BITS'(neg_mag);
  endfunction
