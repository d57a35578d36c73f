// Skew (or de-skew) delay lines for a bundle of LANES lanes: lane i is delayed by OFFSET + i
// cycles, or by OFFSET + LANES-1-i cycles when REVERSE is set. Used to stagger operands entering the array and to
// realign the results leaving it. Needs at least one register (a single lane without OFFSET is a plain wire: no instance).
`default_nettype none
module sa_skew #(
  parameter int LANES   = 4,
  parameter int W       = 8,
  parameter bit REVERSE = 1'b0,
  parameter int OFFSET  = 0
) (
  input  logic               clk,
  input  logic [LANES*W-1:0] d,
  output logic [LANES*W-1:0] q
);
  for (genvar i = 0; i < LANES; i++) begin : g_lane
    localparam int Depth = OFFSET + (REVERSE ? LANES - 1 - i : i);
    if (Depth == 0) begin : g_wire
      assign q[i*W+:W] = d[i*W+:W];
    end else begin : g_regs
      logic [W-1:0] sr[Depth];
      always_ff @(posedge clk) sr[0] <= d[i*W+:W];
      for (genvar j = 1; j < Depth; j++) begin : g_stage
        always_ff @(posedge clk) sr[j] <= sr[j-1];
      end
      assign q[i*W+:W] = sr[Depth-1];
    end
  end
endmodule
`default_nettype wire
