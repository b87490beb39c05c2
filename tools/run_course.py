#!/usr/bin/env python
"""Run the course: every chapter notebook in `nbs/`, then the appendices, in order, on full data (not quick mode).

Each executed chapter is saved back into `nbs/` with its outputs, as fastbook's chapters are (progress bars
collapsed to their final state, then `nbdev_clean`), so readers see them without running anything; each chapter
records its measured numbers in `results/summary.json`, which is printed as a table at the end.
`--only 01 02` runs the chapters whose names start so.
While a chapter trains, each epoch prints the chapter's elapsed time and, from the first epoch on, an estimate of
the time left in that training run."""
import argparse, os, re, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def chapters(only=()):
    "Chapters (`00_…`) then appendices (`A1_…`) in reading order, or only those whose names start with one of `only`."
    nbs = sorted((ROOT/'nbs').glob('[0-9]*.ipynb')) + sorted((ROOT/'nbs').glob('A[0-9]*.ipynb'))
    return [p for p in nbs if not only or p.name.startswith(tuple(only))]

def add_epoch_eta(name:str, start:float):
    """Report each training epoch, with the time left in that `fit`, on stderr: wrapped around fastai's `Recorder`,
    so no callback of ours shows up in the chapters' own outputs (`learn.cbs`, `learn.summary()`)."""
    from fastai.learner import Recorder
    if not hasattr(Recorder, '_course_events'):
        Recorder._course_events = {e: getattr(Recorder, e) for e in ('before_fit', 'before_train', 'after_epoch')}
    orig = Recorder._course_events
    def before_fit(self):  # also run by get_preds, validate and tta, which train nothing
        self._course_fit_start, self._course_trained = time.perf_counter(), False
        return orig['before_fit'](self)
    def before_train(self):
        self._course_trained = True
        return orig['before_train'](self)
    def after_epoch(self):
        orig['after_epoch'](self)
        if not getattr(self, '_course_trained', False): return
        done, now = self.epoch + 1, time.perf_counter()
        left = (now - self._course_fit_start)/done*(self.n_epoch - done)
        print(f"\r  {name}: {now - start:.0f} s elapsed; epoch {done}/{self.n_epoch} of this training run, "
              f"about {left:.0f} s left in it", file=sys.__stderr__, flush=True)
    Recorder.before_fit, Recorder.before_train, Recorder.after_epoch = before_fit, before_train, after_epoch

PARTIAL_BAR = re.compile(r'\[(\d+)/(\d+) ')

def partial_bar(line:str) -> bool:
    "Whether `line` is a progress bar stopped before its end (`[98/421 …`), as an interrupted `lr_find` leaves one."
    return any(int(a) < int(b) for a, b in PARTIAL_BAR.findall(line))

def collapse_progress(text:str) -> str:
    """Stream text as a terminal would finally show it: each line's text after its last carriage return; cleared and
    unfinished bars dropped."""
    lines = (line.rsplit('\r', 1)[-1].replace('█', '').rstrip() for line in text.split('\n'))
    kept = [l for l in lines if l.strip() and not re.fullmatch(r'Epoch \d+/\d+ :', l.strip()) and not partial_bar(l)]
    return '\n'.join(kept) + ('\n' if kept and text.endswith('\n') else '')

def tidy_outputs(nb):
    "Collapse progress bars in every stream output, and drop outputs left empty."
    for cell in nb.cells:
        if cell.cell_type != 'code': continue
        for o in cell.get('outputs', []):
            if o.get('output_type') == 'stream': o['text'] = collapse_progress(''.join(o['text']))
        cell['outputs'] = [o for o in cell.get('outputs', []) if o.get('output_type') != 'stream' or o['text'].strip()]

def run_notebook(path, out_dir):
    "Execute one notebook in its folder with execnb, printing progress; save the executed copy; return success."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb = read_nb(path)
    code = [c for c in nb.cells if c.cell_type == 'code']
    for c in code: c.outputs = []  # execnb keeps a cell's old outputs when it prints nothing now
    done = 0
    def progress(cell):
        nonlocal done
        if cell.cell_type != 'code' or not sys.stdout.isatty(): return
        done += 1
        print(f"\r  {path.name}: cell {done}/{len(code)}, {time.perf_counter() - start:.0f} s", end='', flush=True)
    shell, start, cwd = CaptureShell(path), time.perf_counter(), os.getcwd()
    add_epoch_eta(path.name, start)
    os.chdir(path.parent)
    try: shell.run_all(nb, exc_stop=True, postproc=progress); ok = True
    except Exception: ok = False
    finally: os.chdir(cwd)
    tidy_outputs(nb)
    write_nb(nb, out_dir/path.name)
    print(f"\r  {path.name}: {'done' if ok else 'FAILED'} in {time.perf_counter() - start:.0f} s" + ' '*20)
    if not ok:
        failed = next((c for c in code if any(o.get('output_type') == 'error' for o in c.get('outputs', []))), None)
        if failed:
            err = next(o for o in failed.outputs if o.output_type == 'error')
            print(f"\n--- failing cell in {path.name} ---\n{failed.source}\n--- {err.ename}: {err.evalue}",
                  file=sys.stderr)
    return ok

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--only', nargs='*', default=[], help='run only chapters whose file names start with these')
    args = p.parse_args()
    os.environ.pop('IN_TEST', None)  # full data: this is the course, not the test suite
    warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')  # raised by fastai's imports
    out_dir = ROOT/'nbs'
    nbs = chapters(args.only)
    print(f"Running {len(nbs)} chapter(s) on full data; each is saved with its outputs in nbs/")
    for nb in nbs:
        if not run_notebook(nb, out_dir):
            sys.exit(f"course stopped: {nb.name} failed (its outputs are in nbs/{nb.name})")
    subprocess.run([Path(sys.executable).parent/'nbdev_clean'], cwd=ROOT, check=True)
    from digitrec.core import results_path, results_table
    print(f"\nMeasured results ({results_path().relative_to(ROOT)}):\n{results_table()}")

if __name__ == '__main__': main()
