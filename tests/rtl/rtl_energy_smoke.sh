#!/usr/bin/env bash
# rtl.energy_smoke: scripts/rtl_energy.sh on uniform streams of 200 vectors, without the array
# synthesis; the CSV must hold the six events, each with a positive finite rtl_pj.
# usage: rtl_energy_smoke.sh <source dir> <output dir>
set -euo pipefail
src=${1:?usage: rtl_energy_smoke.sh <source dir> <output dir>}
out=${2:?usage: rtl_energy_smoke.sh <source dir> <output dir>}
rm -rf "$out"
"$src/scripts/rtl_energy.sh" --out "$out" --vectors 200 --area-array 0 --no-real >"$out.stdout"
python3 - "$out/energies.csv" "$out.stdout" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
printed = list(csv.DictReader(open(sys.argv[2])))
assert rows == printed, "stdout differs from energies.csv"
need = {"mult_term", "shift_term", "add_term", "acc_update", "operand_hop", "psum_hop"}
got = {r["event"] for r in rows}
assert got == need, "events %s, expected %s" % (sorted(got), sorted(need))
assert list(rows[0].keys())[:4] == ["event", "table_pj", "rtl_pj", "ratio"], list(rows[0].keys())
for r in rows:
    v = float(r["rtl_pj"])
    assert math.isfinite(v) and v > 0, r
    assert float(r["rtl_pj_unit_delay"]) >= v * 0.999, r  # glitches only add transitions
print("rtl.energy_smoke: %d rows, events %s" % (len(rows), ", ".join(sorted(got))))
PY
