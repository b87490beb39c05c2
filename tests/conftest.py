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
    return subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env={**os.environ, **(env or {})}, **kw)

def set_cell(lines, row, col, value):
    "CSV `lines` with data row `row` (1-based), column index `col` replaced by `value`."
    cells = lines[row].split(','); cells[col] = value; lines[row] = ','.join(cells)
    return lines
