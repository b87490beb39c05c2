import os, sys
from pathlib import Path
import numpy as np, pytest

ROOT = Path(__file__).resolve().parent.parent

@pytest.fixture
def digits():
    "A small deterministic set of fake digits and labels: no MNIST needed."
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (6, 28, 28), dtype=np.uint8), np.arange(6, dtype=np.uint8)

def run_py(code, env=None, **kw):
    "Run `code` in a fresh Python of this environment."
    import subprocess
    return subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kw)

def run_notebook(chapter:str, folder, python=sys.executable, **env):
    """Copy `nbs/chapter` into `folder` and run it there with execnb in `python`, with `env` added to the environment;
    return the finished process, its stdout the text the chapter's cells printed."""
    import shutil, subprocess
    shutil.copy(ROOT/'nbs'/chapter, folder)
    code = ("from execnb.nbio import read_nb; from execnb.shell import CaptureShell\n"
            f"nb = read_nb({chapter!r}); CaptureShell().run_all(nb, exc_stop=True)\n"
            "print(''.join(''.join(o.get('text', '')) for c in nb.cells for o in c.get('outputs', [])))")
    return subprocess.run([str(python), '-c', code], cwd=folder, capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in {**os.environ, **env}.items() if v is not None})

def set_cell(lines, row, col, value):
    "CSV `lines` with data row `row` (1-based), column index `col` replaced by `value`."
    cells = lines[row].split(','); cells[col] = value; lines[row] = ','.join(cells)
    return lines

def serve_app(model, **kwargs):
    """Launch `make_app(model, **kwargs)` in this process on a free loopback port, with the CLI's upload limit; return
    the app and a `gradio_client` for it. Close the app when done."""
    from gradio_client import Client
    from digitrec.app import MAX_UPLOAD, make_app
    app = make_app(model, **kwargs)
    app.launch(server_name='127.0.0.1', prevent_thread_lock=True, quiet=True, inline=False, max_file_size=MAX_UPLOAD)
    return app, Client(app.local_url, verbose=False)
