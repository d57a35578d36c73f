#!/usr/bin/env python3
"""cli.{dse,search}_kill9_resume: a long command killed with SIGKILL between checkpoints (once its checkpoint
records generation GEN), then `--resume` (with RESUME_ARGS, e.g. another thread count), must end with the
files of an uninterrupted run, byte for byte.
Usage: kill9_resume.py <shiftadd> <work dir> <command> <config> <gen> <files,...> [-- run args -- resume args]"""
import filecmp, json, os, shutil, signal, subprocess, sys, time

exe, work, command, cfg, gen, files = sys.argv[1:7]
extra = sys.argv[7:]
run_args, resume_args = [], []
if extra:  # "-- a b -- c d"
    cut_at = extra.index("--", 1)
    run_args, resume_args = extra[1:cut_at], extra[cut_at + 1:]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
full, cut = os.path.join(work, "full"), os.path.join(work, "cut")
base = [exe, command, "--config", cfg, "--out"]
subprocess.run(base + [full] + run_args, check=True, stdout=subprocess.DEVNULL)
p = subprocess.Popen(base + [cut] + run_args, stdout=subprocess.DEVNULL)
ck = os.path.join(cut, "checkpoint.json")
deadline = time.time() + 120
while time.time() < deadline and p.poll() is None:
    try:
        if json.load(open(ck))["next_generation"] >= int(gen):
            break
    except (OSError, ValueError):
        pass
    time.sleep(0.02)
if p.poll() is not None:
    sys.exit("the run ended before it could be killed; lower the checkpoint interval of " + cfg)
os.kill(p.pid, signal.SIGKILL)
p.wait()
killed_at = json.load(open(ck))["next_generation"]
if os.path.exists(os.path.join(cut, "summary.json")):
    sys.exit("killed run already wrote its summary")
subprocess.run(base + [cut, "--resume"] + resume_args, check=True, stdout=subprocess.DEVNULL)
for f in files.split(","):
    if not filecmp.cmp(os.path.join(full, f), os.path.join(cut, f), shallow=False):
        sys.exit(f"{f} differs after kill -9 at generation {killed_at} and --resume")
print(f"ok: {command} killed after generation {killed_at}, resumed {' '.join(resume_args)}, identical to the uninterrupted run")
