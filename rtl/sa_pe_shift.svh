// The shift PE term, included into a module that has parameters A_BITS, ACC_BITS and FRAC
// (sa_pe_shift, sa_array). Code {s[1:0], e[3:0]}: s = 01 -> +1, 11 -> -1, 00 and the reserved 10 -> 0;
// term = sign * ((a <<< FRAC) >>> e), the sign applied after the (arithmetic, floor) shift.
  function automatic logic [ACC_BITS-1:0] shift(input logic signed [A_BITS-1:0] x,
                                                input logic [5:0] code);
    logic signed [A_BITS+FRAC-1:0] shifted;
    logic signed [ACC_BITS-1:0] mag;
    shifted = ((A_BITS + FRAC)'(x) <<< FRAC) >>> code[3:0];  // arithmetic shift
    mag = ACC_BITS'(shifted);
    case (code[5:4])
      2'b01:   shift = mag;
      2'b11:   shift = -mag;
      default: shift = '0;
    endcase
  endfunction
