#!/usr/bin/env python
"""Run the course: every chapter notebook in `nbs/`, in order, on full data (not quick mode).

Executed copies go to `build/course/` (`nbs/` stays clean); each chapter records its measured numbers in
`results/summary.json`, which is printed as a table at the end. `--only 01 02` runs the chapters whose names start so."""
import argparse, os, sys, time, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def chapters(only=()):
    "Chapter notebooks in reading order, optionally those whose names start with one of `only`."
    nbs = sorted(p for p in (ROOT/'nbs').glob('[0-9]*.ipynb'))
    return [p for p in nbs if not only or p.name.startswith(tuple(only))]

def run_notebook(path, out_dir):
    "Execute one notebook in its folder with execnb, printing progress; save the executed copy; return success."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb = read_nb(path)
    code = [c for c in nb.cells if c.cell_type == 'code']
    done = 0
    def progress(cell):
        nonlocal done
        if cell.cell_type != 'code' or not sys.stdout.isatty(): return
        done += 1
        print(f"\r  {path.name}: cell {done}/{len(code)}, {time.perf_counter() - start:.0f} s", end='', flush=True)
    shell, start, cwd = CaptureShell(path), time.perf_counter(), os.getcwd()
    os.chdir(path.parent)
    try: shell.run_all(nb, exc_stop=True, postproc=progress); ok = True
    except Exception: ok = False
    finally: os.chdir(cwd)
    write_nb(nb, out_dir/path.name)
    print(f"\r  {path.name}: {'done' if ok else 'FAILED'} in {time.perf_counter() - start:.0f} s" + ' '*20)
    if not ok:
        failed = next((c for c in code if any(o.get('output_type') == 'error' for o in c.get('outputs', []))), None)
        if failed:
            err = next(o for o in failed.outputs if o.output_type == 'error')
            print(f"\n--- failing cell in {path.name} ---\n{failed.source}\n--- {err.ename}: {err.evalue}", file=sys.stderr)
    return ok

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--only', nargs='*', default=[], help='run only chapters whose file names start with these')
    args = p.parse_args()
    os.environ.pop('IN_TEST', None)  # full data: this is the course, not the test suite
    out_dir = ROOT/'build'/'course'
    out_dir.mkdir(parents=True, exist_ok=True)
    nbs = chapters(args.only)
    print(f"Running {len(nbs)} chapter(s) on full data; executed copies go to {out_dir.relative_to(ROOT)}/")
    for nb in nbs:
        if not run_notebook(nb, out_dir): sys.exit(f"course stopped: {nb.name} failed (executed copy: build/course/{nb.name})")
    from digitrec.core import results_path, results_table
    print(f"\nMeasured results ({results_path().relative_to(ROOT)}):\n{results_table()}")

if __name__ == '__main__': main()
