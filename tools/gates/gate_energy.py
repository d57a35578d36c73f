#!/usr/bin/env python3
"""Gate-level energy per event of the PE datapaths against the osu018 standard cells.

Synthesizes the RTL's PE term datapaths (rtl/sa_pe_*.sv, N = 1) and the register-level units of
tools/gates/gate_units.sv with yosys (dfflibmap + abc -liberty), simulates the mapped netlists on
operand streams with a bit-parallel gate-level evaluator built from the liberty `function` /
`next_state` attributes, counts the rising and falling transitions of every net, and prices them
with the liberty data:
  * internal energy: the output pin's internal_power rise_power / fall_power table of the driving
    cell (average over its related pins), interpolated at the net's load and a fixed input slew;
    flip-flops: the CLK pin's passive tables once per clock edge, the D pin's per D transition and
    Q's (related to CLK) per Q transition;
  * switching energy: 0.5 * C * V^2 per transition, C = fanout pin capacitances + wire load;
    the clock net: C_clk * V^2 per cycle.
Two timing models: zero delay (functional transitions only) and unit delay (every cell one delay
unit, which adds the glitches of unequal path lengths). Results at 180 nm are scaled to 45 nm with
the Stillmaker & Baas (2017) energy equation (see SCALING below). Python standard library only.
docs/validation.md, "Gate-level energy calibration (osu018)", has the method and the results.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

# --------------------------------------------------------------------------------------------
# Technology scaling, 180 nm -> 45 nm (A. Stillmaker, B. Baas, "Scaling equations for the accurate
# prediction of CMOS device performance from 180 nm to 7 nm", Integration 58, 2017, pp. 74-81).
# Energy factor per node: E(V) = e2*V^2 + e1*V + e0 with the paper's fitted coefficients (its table
# of polynomial coefficients; 180 nm has a first-order fit). The coefficients are taken from the
# public re-implementation nodeScale (UCLA NanoCAD, MIT licence), whose 32 nm HP and 65 nm rows agree
# with the values printed in the paper's corrigendum; the 180 nm and 45 nm rows could not be checked
# against the paper itself here (no network access). Area: the paper's area table, 180 nm = 19x 45 nm.
SCALING = {
    "energy_coeffs": {"180": (0.0, 24.64, -17.98), "HP45": (1.018, -0.3107, 0.1539)},
    "vdd": {"180": 1.8, "HP45": 1.0},
    "area_180_per_45": 19.0,
}


def energy_factor(node):
    e2, e1, e0 = SCALING["energy_coeffs"][node]
    v = SCALING["vdd"][node]
    return e2 * v * v + e1 * v + e0


ENERGY_180_TO_45 = energy_factor("HP45") / energy_factor("180")
AREA_180_TO_45 = 1.0 / SCALING["area_180_per_45"]


# --------------------------------------------------------------------------------------------
# Liberty
def _strip(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return text.replace("\\\n", " ")


def _parse_group(tokens, i):
    """tokens[i] is just after '{'. Returns (group dict, next index)."""
    group = {"attrs": {}, "groups": []}
    while i < len(tokens):
        t = tokens[i]
        if t == "}":
            return group, i + 1
        name = t
        i += 1
        if tokens[i] == ":":
            value = tokens[i + 1]
            group["attrs"][name] = value.strip('"')
            i += 2
            if i < len(tokens) and tokens[i] == ";":
                i += 1
        elif tokens[i] == "(":
            j = i + 1
            args = []
            while tokens[j] != ")":
                if tokens[j] != ",":
                    args.append(tokens[j].strip('"'))
                j += 1
            i = j + 1
            if i < len(tokens) and tokens[i] == "{":
                sub, i = _parse_group(tokens, i + 1)
                sub["name"] = name
                sub["args"] = args
                group["groups"].append(sub)
            else:
                group["attrs"][name] = args
                if i < len(tokens) and tokens[i] == ";":
                    i += 1
        else:
            i += 1
    return group, i


def parse_liberty(path):
    text = _strip(open(path).read())
    tokens = re.findall(r'"[^"]*"|[A-Za-z0-9_.\-+!\[\]]+|[{}():;,]', text)
    assert tokens[0] == "library"
    j = tokens.index("{")
    lib, _ = _parse_group(tokens, j + 1)
    cells = {}
    for g in lib["groups"]:
        if g["name"] != "cell":
            continue
        cell = {"name": g["args"][0], "area": float(g["attrs"].get("area", 0)), "pins": {}, "ff": None,
                "power": []}
        for sub in g["groups"]:
            if sub["name"] == "ff":
                cell["ff"] = {"state": sub["args"][0], "next_state": sub["attrs"]["next_state"],
                              "clocked_on": sub["attrs"]["clocked_on"]}
            elif sub["name"] == "pin":
                p = {"dir": sub["attrs"].get("direction"), "cap": float(sub["attrs"].get("capacitance", 0)),
                     "function": sub["attrs"].get("function"), "clock": sub["attrs"].get("clock") == "true",
                     "three_state": sub["attrs"].get("three_state")}
                cell["pins"][sub["args"][0]] = p
                for ip in sub["groups"]:
                    if ip["name"] != "internal_power":
                        continue
                    entry = {"pin": sub["args"][0], "related": ip["attrs"].get("related_pin")}
                    for tg in ip["groups"]:
                        entry[tg["name"]] = _table(tg)
                    cell["power"].append(entry)
        cells[cell["name"]] = cell
    return cells


def _table(g):
    def nums(key):
        v = g["attrs"].get(key)
        if v is None:
            return None
        return [[float(x) for x in s.replace(" ", "").split(",") if x] for s in v]
    i1, i2, vals = nums("index_1"), nums("index_2"), nums("values")
    return {"i1": i1[0] if i1 else None, "i2": i2[0] if i2 else None, "values": vals}


def _interp1(xs, ys, x):
    if len(xs) == 1:
        return ys[0]
    if x <= xs[0]:
        k = 0
    elif x >= xs[-1]:
        k = len(xs) - 2
    else:
        k = max(i for i in range(len(xs) - 1) if xs[i] <= x)
    t = (x - xs[k]) / (xs[k + 1] - xs[k])
    return ys[k] * (1 - t) + ys[k + 1] * t  # linear, extrapolated at the ends


def table_energy(tab, load, slew):
    """energy_template: index_1 = output load (pF), index_2 = input transition (ns); passive: index_1 =
    transition."""
    if tab is None:
        return 0.0
    if tab["i2"] is None:  # passive 1-D table over the transition: one row of values
        return _interp1(tab["i1"], tab["values"][0], slew)
    rows = [_interp1(tab["i2"], row, slew) for row in tab["values"]]
    return _interp1(tab["i1"], rows, load)


# Liberty boolean function -> Python expression over bit-parallel ints (M = all-ones mask).
def compile_function(expr, pins):
    toks = re.findall(r"[A-Za-z_][A-Za-z0-9_]*|[!()'^+*&|]|[01]", expr)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def p_or():
        left = p_xor()
        while peek() in ("+", "|"):
            take()
            left = "(%s | %s)" % (left, p_xor())
        return left

    def p_xor():
        left = p_and()
        while peek() == "^":
            take()
            left = "(%s ^ %s)" % (left, p_and())
        return left

    def p_and():
        left = p_not()
        while True:
            t = peek()
            if t in ("*", "&"):
                take()
                left = "(%s & %s)" % (left, p_not())
            elif t is not None and (t == "!" or t == "(" or re.match(r"[A-Za-z_01]", t)):
                left = "(%s & %s)" % (left, p_not())  # juxtaposition is AND
            else:
                return left

    def p_not():
        if peek() == "!":
            take()
            return "(M ^ %s)" % p_not()
        e = p_atom()
        while peek() == "'":
            take()
            e = "(M ^ %s)" % e
        return e

    def p_atom():
        t = take()
        if t == "(":
            e = p_or()
            assert take() == ")", expr
            return e
        if t == "0":
            return "0"
        if t == "1":
            return "M"
        assert t in pins, (t, expr)
        return "v[%d]" % pins.index(t)

    body = p_or()
    assert pos[0] == len(toks), expr
    return eval("lambda v, M: " + body)


# --------------------------------------------------------------------------------------------
# Yosys
def run_yosys(script, log):
    r = subprocess.run(["yosys", "-q", "-l", log, "-p", script], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("yosys failed (%s): %s" % (log, r.stderr.strip()[-2000:]))


def synth_unit(name, sources, top, params, liberty, work):
    chparam = " ".join("-set %s %s" % kv for kv in params.items())
    js = os.path.join(work, name + ".json")
    script = ("read_verilog -sv %s; %s hierarchy -top %s; synth -top %s -flatten; dfflibmap -liberty %s; "
              "abc -liberty %s; opt_clean; stat -liberty %s; write_json %s" %
              (" ".join(sources), ("chparam %s %s;" % (chparam, top)) if params else "", top, top, liberty,
               liberty, liberty, js))
    log = os.path.join(work, name + ".log")
    run_yosys(script, log)
    area = _areas(log)
    mod = json.load(open(js))["modules"][top]
    return mod, area.get(top, 0.0)


def _areas(log):
    areas = {}
    for line in open(log):
        m = re.search(r"Chip area for (?:top )?module '\\?(.*?)': ([0-9.]+)", line)
        if m:
            areas[m.group(1)] = float(m.group(2))
    return areas


# --------------------------------------------------------------------------------------------
# Bit-parallel gate-level simulation
class Netlist:
    def __init__(self, mod, lib):
        self.lib = lib
        self.ports = {n: p for n, p in mod["ports"].items()}
        self.cells = []
        self.driver = {}  # net -> (cell index, pin)
        self.loads = {}   # net -> list of (cell index, pin)
        for cname, c in mod["cells"].items():
            lc = lib.get(c["type"])
            if lc is None:
                sys.exit("cell %s (%s) is not in the liberty file" % (cname, c["type"]))
            idx = len(self.cells)
            self.cells.append({"name": cname, "type": c["type"], "conn": c["connections"], "lib": lc})
            for pin, bits in c["connections"].items():
                d = lc["pins"][pin]["dir"]
                for b in bits:
                    if isinstance(b, str):
                        continue
                    if d == "output":
                        self.driver[b] = (idx, pin)
                    else:
                        self.loads.setdefault(b, []).append((idx, pin))
        for cell in self.cells:
            lc = cell["lib"]
            ins = [p for p, d in lc["pins"].items() if d["dir"] == "input"]
            cell["inputs"] = ins
            outs = [p for p, d in lc["pins"].items() if d["dir"] == "output"]
            if lc["ff"]:
                cell["kind"] = "ff"
                cell["d_pin"] = lc["ff"]["next_state"]
                cell["q_pin"] = [p for p in outs if lc["pins"][p]["function"] == lc["ff"]["state"]][0]
                if lc["ff"]["clocked_on"] != [p for p in ins if lc["pins"][p]["clock"]][0]:
                    sys.exit("only positive-edge flip-flops are supported (%s)" % cell["type"])
            else:
                if len(outs) != 1 or lc["pins"][outs[0]]["three_state"]:
                    sys.exit("unsupported cell %s" % cell["type"])
                cell["kind"] = "comb"
                cell["out"] = outs[0]
                cell["fn"] = compile_function(lc["pins"][outs[0]]["function"], ins)
        self.order = self._topo()

    def _net(self, cell, pin):
        b = cell["conn"][pin][0]
        return b

    def _topo(self):
        # Flip-flops are nodes too (Q = D one cycle later): the units have no feedback through them.
        n = len(self.cells)
        deps = [[] for _ in range(n)]
        for i, c in enumerate(self.cells):
            pins = [c["d_pin"]] if c["kind"] == "ff" else c["inputs"]
            for p in pins:
                b = c["conn"][p][0]
                if not isinstance(b, str) and b in self.driver:
                    deps[i].append(self.driver[b][0])
        order, state = [], [0] * n

        def visit(i):
            stack = [(i, 0)]
            while stack:
                j, k = stack.pop()
                if k == 0:
                    if state[j] == 2:
                        continue
                    if state[j] == 1:
                        sys.exit("combinational or flip-flop feedback loop in the unit netlist")
                    state[j] = 1
                if k < len(deps[j]):
                    stack.append((j, k + 1))
                    if state[deps[j][k]] != 2:
                        stack.append((deps[j][k], 0))
                else:
                    state[j] = 2
                    order.append(j)
        for i in range(n):
            if state[i] == 0:
                visit(i)
        return order

    def simulate(self, inputs, nvec, unit_delay=False):
        """inputs: port -> list of nvec integers (two's complement bits taken). Returns
        (values: net -> int over vectors, rises, falls: net -> count over transitions 1..nvec-1,
        and with unit_delay also the glitch-inclusive counts)."""
        M = (1 << nvec) - 1
        val = {}
        for port, p in self.ports.items():
            if p["direction"] != "input":
                continue
            seq = inputs.get(port)
            for bi, b in enumerate(p["bits"]):
                if isinstance(b, str):
                    continue
                if seq is None:
                    val[b] = 0
                    continue
                s = "".join("1" if (x >> bi) & 1 else "0" for x in reversed(seq))
                val[b] = int(s, 2)

        def get(b):
            if isinstance(b, str):
                return M if b == "1" else 0
            return val.get(b, 0)

        for i in self.order:
            c = self.cells[i]
            if c["kind"] == "ff":
                d = get(c["conn"][c["d_pin"]][0])
                val[c["conn"][c["q_pin"]][0]] = (d << 1) & M  # reset state 0, then D one cycle later
            else:
                v = [get(c["conn"][p][0]) for p in c["inputs"]]
                val[c["conn"][c["out"]][0]] = c["fn"](v, M)
        T = (1 << (nvec - 1)) - 1
        rises, falls = {}, {}
        for b, x in val.items():
            prev, cur = x & T, (x >> 1) & T
            rises[b] = bin(cur & ~prev & T).count("1")
            falls[b] = bin(prev & ~cur & T).count("1")
        result = {"values": val, "rises": rises, "falls": falls}
        if unit_delay:
            result["ud_rises"], result["ud_falls"] = self._unit_delay(val, nvec)
        return result

    def _unit_delay(self, val, nvec):
        """Lane v (0 .. nvec-2) is the transition from vector v to v+1: every net starts at its steady
        value of vector v; at step 0 the primary inputs and the flip-flop outputs take their values of
        vector v+1; at each later step every combinational cell output takes the function of its
        inputs at the step before (one delay unit per cell). Counts every transition until all settle."""
        T = (1 << (nvec - 1)) - 1
        cur = {b: x & T for b, x in val.items()}
        final = {b: (x >> 1) & T for b, x in val.items()}
        rises = {b: 0 for b in val}
        falls = {b: 0 for b in val}
        comb = [self.cells[i] for i in self.order if self.cells[i]["kind"] == "comb"]
        comb_out = set(c["conn"][c["out"]][0] for c in comb)
        for b in val:
            if b not in comb_out:  # inputs and flip-flop outputs switch at step 0
                x, y = cur[b], final[b]
                rises[b] += bin(y & ~x & T).count("1")
                falls[b] += bin(x & ~y & T).count("1")
                cur[b] = y

        def get(b):
            if isinstance(b, str):
                return T if b == "1" else 0
            return cur.get(b, 0)

        for _ in range(10000):
            new = {}
            for c in comb:
                new[c["conn"][c["out"]][0]] = c["fn"]([get(c["conn"][p][0]) for p in c["inputs"]], T)
            changed = False
            for b, y in new.items():
                x = cur[b]
                if x != y:
                    changed = True
                    rises[b] += bin(y & ~x & T).count("1")
                    falls[b] += bin(x & ~y & T).count("1")
            cur.update(new)
            if not changed:
                break
        for b in comb_out:
            assert cur[b] == final[b], "unit-delay simulation did not settle to the zero-delay values"
        return rises, falls


class EnergyModel:
    def __init__(self, lib, vdd, slew, wire_pf_per_fanout, port_load_pf):
        self.lib, self.vdd, self.slew = lib, vdd, slew
        self.wire, self.port_load = wire_pf_per_fanout, port_load_pf

    def net_loads(self, nl):
        """net -> load capacitance (pF): fanout pin caps + wire per fanout; output ports carry one
        port load (the next stage's input) and its wire."""
        loads = {}
        for b, lst in nl.loads.items():
            loads[b] = sum(nl.cells[i]["lib"]["pins"][p]["cap"] for i, p in lst) + self.wire * len(lst)
        for port, p in nl.ports.items():
            if p["direction"] == "output":
                for b in p["bits"]:
                    if not isinstance(b, str):
                        loads[b] = loads.get(b, 0.0) + self.port_load + self.wire
        return loads

    def energy(self, nl, sim, cycles, use_unit_delay=False):
        """Total energy (pJ) over the simulated transitions, split into parts."""
        V2 = self.vdd * self.vdd
        loads = self.net_loads(nl)
        rises = sim["ud_rises"] if use_unit_delay else sim["rises"]
        falls = sim["ud_falls"] if use_unit_delay else sim["falls"]
        parts = {"switching": 0.0, "internal": 0.0, "clock": 0.0, "wire": 0.0}
        clk_nets = set()
        for b, load in loads.items():
            n = rises.get(b, 0) + falls.get(b, 0)
            if n == 0:
                continue
            e = 0.5 * load * V2 * n
            parts["switching"] += e
            fan = len(nl.loads.get(b, []))
            parts["wire"] += 0.5 * self.wire * fan * V2 * n
        for c in nl.cells:
            lc = c["lib"]
            if c["kind"] == "comb":
                b = c["conn"][c["out"]][0]
                groups = [g for g in lc["power"] if g["pin"] == c["out"]]
                if groups:
                    er = sum(table_energy(g.get("rise_power"), loads.get(b, 0), self.slew) for g in groups) / len(groups)
                    ef = sum(table_energy(g.get("fall_power"), loads.get(b, 0), self.slew) for g in groups) / len(groups)
                    parts["internal"] += er * rises.get(b, 0) + ef * falls.get(b, 0)
            else:
                q = c["conn"][c["q_pin"]][0]
                d = c["conn"][c["d_pin"]][0]
                clk_pin = [p for p in c["inputs"] if lc["pins"][p]["clock"]][0]
                clk_nets.add(c["conn"][clk_pin][0])
                for g in lc["power"]:
                    if g["pin"] == c["q_pin"]:
                        parts["internal"] += (table_energy(g.get("rise_power"), loads.get(q, 0), self.slew) * rises.get(q, 0)
                                              + table_energy(g.get("fall_power"), loads.get(q, 0), self.slew) * falls.get(q, 0))
                    elif g["pin"] == c["d_pin"]:
                        parts["internal"] += (table_energy(g.get("rise_power"), 0, self.slew) * rises.get(d, 0)
                                              + table_energy(g.get("fall_power"), 0, self.slew) * falls.get(d, 0))
                    elif g["pin"] == clk_pin:
                        parts["clock"] += (table_energy(g.get("rise_power"), 0, self.slew)
                                           + table_energy(g.get("fall_power"), 0, self.slew)) * cycles
        for b in clk_nets:
            parts["clock"] += loads.get(b, 0) * V2 * cycles  # charge and discharge once a cycle
        total = parts["switching"] + parts["internal"] + parts["clock"]
        return total, parts


# --------------------------------------------------------------------------------------------
# Streams
def wrap(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def pe_term(kind, a, w, frac=14):
    if kind == "mult":
        return a * w
    if kind == "add":
        return -abs(a - w)
    s, e = (w >> 4) & 3, w & 15
    sign = 1 if s == 1 else (-1 if s == 3 else 0)
    return sign * ((a * (1 << frac)) >> e)


def load_real(path, nvec):
    rows = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        a, w, p, t = (int(x) for x in line.split())
        rows.append((a, w, p, t))
        if len(rows) >= nvec:
            break
    return rows


def uniform_stream(kind, nvec, rng):
    rows = []
    for _ in range(nvec):
        a = rng.randint(-128, 127)
        w = rng.randint(0, 63) if kind == "shift" else rng.randint(-128, 127)
        p = rng.randint(-(1 << 31), (1 << 31) - 1)
        rows.append((a, w, p, pe_term(kind, a, w)))
    return rows


# --------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--liberty", default="/usr/share/qflow/tech/osu018/osu018_stdcells.lib")
    ap.add_argument("--rtl", default=os.path.join(root, "rtl"))
    ap.add_argument("--out", default=os.path.join(root, "out", "rtl_energy"))
    ap.add_argument("--streams", default="", help="folder with gate_streams output (mult.txt, shift.txt, add.txt)")
    ap.add_argument("--table", default="", help="CSV array,event,energy_pj (shiftadd tech)")
    ap.add_argument("--vectors", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default="mult,shift,add")
    ap.add_argument("--vdd", type=float, default=1.8)
    ap.add_argument("--slew", type=float, default=0.1, help="input transition (ns) for the power tables")
    ap.add_argument("--wire-ff", type=float, default=2.0, help="wire capacitance per fanout pin (fF)")
    ap.add_argument("--area-array", type=int, default=4, help="R = C of the arrays synthesized for area (0: skip)")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    work = os.path.join(args.out, "synth")
    os.makedirs(work, exist_ok=True)
    lib = parse_liberty(args.liberty)
    kinds = [k for k in args.kinds.split(",") if k]
    rtl = lambda f: os.path.join(args.rtl, f)
    units_sv = os.path.join(here, "gate_units.sv")
    dff_d_cap = lib["DFFPOSX1"]["pins"]["D"]["cap"]
    em = EnergyModel(lib, args.vdd, args.slew, args.wire_ff * 1e-3, dff_d_cap)

    units = {
        "mult_term": ([rtl("sa_pe_mult.sv")], "sa_pe_mult", {"N": 1, "A_BITS": 8, "B_BITS": 8, "ACC_BITS": 32}),
        "shift_term": ([rtl("sa_pe_shift.sv")], "sa_pe_shift", {"N": 1, "A_BITS": 8, "ACC_BITS": 32, "FRAC": 14}),
        "add_term": ([rtl("sa_pe_add.sv")], "sa_pe_add", {"N": 1, "A_BITS": 8, "B_BITS": 8, "ACC_BITS": 32}),
        "acc_update": ([units_sv], "gate_acc", {"ACC_BITS": 32}),
        "operand_hop": ([units_sv], "gate_hop", {"W": 8}),
        "psum_hop": ([units_sv], "gate_hop", {"W": 32}),
        "weight_reg6": ([units_sv], "gate_hop", {"W": 6}),
    }
    needed = ["%s_term" % k for k in kinds] + ["acc_update", "operand_hop", "psum_hop", "weight_reg6"]
    nets, areas = {}, {}
    for u in needed:
        src, top, params = units[u]
        mod, area = synth_unit(u, src, top, params, args.liberty, work)
        nets[u] = Netlist(mod, lib)
        areas[u] = (area, len(mod["cells"]))

    table = {}
    if args.table and os.path.exists(args.table):
        with open(args.table) as f:
            # `shiftadd tech`: a header naming the columns (array, event, energy_pj, ...); without
            # one: array,event,...,energy_pj with the energy last.
            ia, ie, ip = 0, 1, -1
            for row in csv.reader(f):
                row = [x.strip() for x in row]
                if "energy_pj" in row:
                    ia, ie, ip = row.index("array"), row.index("event"), row.index("energy_pj")
                    continue
                try:
                    table[(row[ia], row[ie])] = float(row[ip])
                except (IndexError, ValueError):
                    pass

    streams = {}
    rng = random.Random(args.seed)
    for k in kinds:
        path = os.path.join(args.streams, k + ".txt") if args.streams else ""
        if path and os.path.exists(path):
            streams[("real", k)] = load_real(path, args.vectors)
        streams[("uniform", k)] = uniform_stream(k, args.vectors, rng)

    rows = []
    for stream in ("real", "uniform"):
        for k in kinds:
            data = streams.get((stream, k))
            if not data or len(data) < 2:
                continue
            n = len(data)
            a = [r[0] for r in data]
            w = [r[1] for r in data]
            p = [r[2] for r in data]
            t = [r[3] for r in data]
            out = [wrap(x + y, 32) for x, y in zip(p, t)]
            jobs = [
                ("%s_term" % k, {"a": a, "w": w}),
                ("acc_update", {"psum_in": p, "term": t, "sat": [0] * n}),
                ("operand_hop", {"d": a}),
                ("psum_hop", {"d": out}),
            ]
            for event, inputs in jobs:
                nl = nets[event]
                sim = nl.simulate(inputs, n, unit_delay=True)
                if event == "%s_term" % k:
                    # check the netlist against the reference term (two's complement, 32 bits)
                    term_bits = nl.ports["term"]["bits"]
                    for v in range(0, n, max(1, n // 64)):
                        got = 0
                        for bi, b in enumerate(term_bits):
                            bitv = (sim["values"].get(b, 0) >> v) & 1 if not isinstance(b, str) else int(b == "1")
                            got |= bitv << bi
                        if wrap(got, 32) != t[v]:
                            sys.exit("%s netlist disagrees with the reference term at vector %d: %d vs %d (a=%d w=%d)"
                                     % (event, v, wrap(got, 32), t[v], a[v], w[v]))
                else:
                    # registers: Q of cycle v is the expected D of cycle v - 1
                    qport = "acc_q" if event == "acc_update" else "q"
                    want = out if event in ("acc_update", "psum_hop") else a
                    width = len(nl.ports[qport]["bits"])
                    for v in range(1, n, max(1, n // 64)):
                        got = 0
                        for bi, b in enumerate(nl.ports[qport]["bits"]):
                            bitv = (sim["values"].get(b, 0) >> v) & 1 if not isinstance(b, str) else int(b == "1")
                            got |= bitv << bi
                        if wrap(got, width) != wrap(want[v - 1], width):
                            sys.exit("%s netlist: register holds %d at cycle %d, expected %d"
                                     % (event, wrap(got, width), v, wrap(want[v - 1], width)))
                transitions = n - 1
                e0, parts = em.energy(nl, sim, transitions, use_unit_delay=False)
                e1, _ = em.energy(nl, sim, transitions, use_unit_delay=True)
                per180, per180_ud = e0 / transitions, e1 / transitions
                per45, per45_ud = per180 * ENERGY_180_TO_45, per180_ud * ENERGY_180_TO_45
                tab = table.get((k, event))
                rows.append({
                    "event": event, "table_pj": "NA" if tab is None else "%.6g" % tab,
                    "rtl_pj": "%.6g" % per45,
                    "ratio": "NA" if not tab else "%.4g" % (per45 / tab),
                    "stream": stream, "array": k,
                    "rtl_pj_unit_delay": "%.6g" % per45_ud,
                    "rtl_pj_180nm": "%.6g" % per180,
                    "internal_share": "%.3f" % (parts["internal"] / e0 if e0 else 0),
                    "clock_share": "%.3f" % (parts["clock"] / e0 if e0 else 0),
                    "wire_share": "%.3f" % (parts["wire"] / e0 if e0 else 0),
                    "vectors": n,
                })

    cols = ["event", "table_pj", "rtl_pj", "ratio", "stream", "array", "rtl_pj_unit_delay", "rtl_pj_180nm",
            "internal_share", "clock_share", "wire_share", "vectors"]
    with open(os.path.join(args.out, "energies.csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=cols)
        wr.writeheader()
        wr.writerows(rows)

    # ---- area ----
    nand2 = lib["NAND2X1"]["area"]
    arows = []

    def arow(item, kind, area, cells, note):
        arows.append({"item": item, "array": kind, "area_um2_180nm": "%.1f" % area,
                      "area_um2_45nm": "%.2f" % (area * AREA_180_TO_45), "nand2_eq": "%.1f" % (area / nand2),
                      "cells": cells, "note": note})

    for u in needed:
        arow(u, u.split("_")[0] if u.endswith("_term") else "", areas[u][0], areas[u][1], "unit netlist")
    core = {}
    for k in kinds:
        # PE core from the units: term + accumulator (adder, overflow logic, 32-bit register) + the
        # activation register (8 bits) + the weight register (8 bits; 6 for shift codes).
        wreg = areas["weight_reg6"][0] if k == "shift" else areas["operand_hop"][0]
        a = areas["%s_term" % k][0] + areas["acc_update"][0] + areas["operand_hop"][0] + wreg
        core[k] = a
        arow("pe_core", k, a, "", "term + acc_update + 8-bit A reg + weight reg (units)")
    share = {}
    if args.area_array > 0:
        n = args.area_array
        srcs = [rtl(f) for f in ("sa_array.sv", "sa_ctrl.sv", "sa_skew.sv", "sa_pe_mult.sv", "sa_pe_shift.sv",
                                 "sa_pe_add.sv")]
        for k in kinds:
            kid = {"mult": 0, "shift": 1, "add": 2}[k]
            params = "-set KIND %d -set R %d -set C %d -set A_BITS 8 -set B_BITS %d -set ACC_BITS 32 -set FRAC 14" % (
                kid, n, n, 6 if k == "shift" else 8)
            # Flattened, like the units (yosys merges each PE's multiply and accumulate into one
            # $macc only when they are in one module): the whole array's area.
            log = os.path.join(work, "array_%s_%dx%d.log" % (k, n, n))
            run_yosys("read_verilog -sv %s; chparam %s sa_array; synth -top sa_array -flatten; "
                      "dfflibmap -liberty %s; abc -liberty %s; opt_clean; stat -liberty %s" %
                      (" ".join(srcs), params, args.liberty, args.liberty, args.liberty), log)
            total = _areas(log)["sa_array"]
            # With the hierarchy kept: the area of the control FSM and the skew lines.
            hlog = os.path.join(work, "array_%s_%dx%d_hier.log" % (k, n, n))
            run_yosys("read_verilog -sv %s; chparam %s sa_array; synth -top sa_array; dfflibmap -liberty %s; "
                      "abc -liberty %s; opt_clean; stat -liberty %s -top sa_array" %
                      (" ".join(srcs), params, args.liberty, args.liberty, args.liberty), hlog)
            ar = _areas(hlog)
            ctrl = sum(v for m, v in ar.items() if "sa_ctrl" in m)
            skew = _instance_area(hlog, ar, "sa_skew")
            grid = total - ctrl - skew
            share[k] = grid / (n * n)
            arow("array_%dx%d" % (n, n), k, total, "", "whole sa_array incl. control and skew registers")
            arow("pe_array_share", k, share[k], "",
                 "(array - sa_ctrl - sa_skew) / %d: grid PE incl. its share of the edge masking" % (n * n))
    ref = {"mult": 419.0, "shift": 301.0, "add": 209.0}  # configs/tech/accel_45nm.yaml area.pe_um2
    for label, src in (("pe_core", core), ("pe_array_share", share)):
        if all(k in src for k in ("mult", "shift", "add")):
            r = "%.2f:%.2f:1" % (src["mult"] / src["add"], src["shift"] / src["add"])
            arows.append({"item": "ratio_" + label, "array": "mult:shift:add", "area_um2_180nm": "",
                          "area_um2_45nm": "", "nand2_eq": r, "cells": "",
                          "note": "accel_45nm.yaml area.pe_um2 419/301/209 = 2.00:1.44:1"})
    acols = ["item", "array", "area_um2_180nm", "area_um2_45nm", "nand2_eq", "cells", "note"]
    with open(os.path.join(args.out, "area.csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=acols)
        wr.writeheader()
        wr.writerows(arows)

    meta = {"energy_scale_180_to_45": ENERGY_180_TO_45, "area_scale_180_to_45": AREA_180_TO_45,
            "scaling": SCALING, "vdd": args.vdd, "slew_ns": args.slew, "wire_fF_per_fanout": args.wire_ff,
            "port_load_pF": dff_d_cap, "vectors": args.vectors, "seed": args.seed,
            "streams_dir": args.streams, "table": args.table if table else None}
    json.dump(meta, open(os.path.join(args.out, "method.json"), "w"), indent=1)

    w = csv.writer(sys.stdout)
    w.writerow(cols)
    for r in rows:
        w.writerow([r[c] for c in cols])


def _instance_area(log, areas, sub):
    """Area of all instances of modules whose name contains `sub`, from the hierarchy listing
    (module name followed by its instance count)."""
    text = open(log).read()
    i = text.rfind("=== design hierarchy ===")
    total = 0.0
    for line in text[i:].split("\n"):
        m = re.match(r"\s+(\S*%s\S*)\s+(\d+)\s*$" % sub, line)
        if m:
            name = m.group(1).lstrip("\\")
            total += areas.get(name, 0.0) * int(m.group(2))
    return total


if __name__ == "__main__":
    main()
