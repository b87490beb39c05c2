"""Chapters open outside a checkout: links from settings.ini, a setup cell that installs digitrec where it is missing
and does nothing where it is there, one line when there is no internet, and an install that leaves torch alone."""
import json, os, subprocess, sys, venv
from importlib.metadata import distribution
from pathlib import Path
import pytest
from packaging.requirements import Requirement
from conftest import ROOT, run_notebook, run_py

sys.path.insert(0, str(ROOT/'tools'))
from open_anywhere import SETUP_CELL, badges, links, settings

NBS = sorted((ROOT/'nbs').glob('*.ipynb'))

def cells(path): return [''.join(c['source']) for c in json.loads(path.read_text())['cells']]

def setup_source(): return SETUP_CELL.format(**settings())

def test_notebooks_are_up_to_date():
    res = subprocess.run([sys.executable, ROOT/'tools'/'open_anywhere.py', '--check'], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr

def test_links_come_from_settings():
    cfg = settings()
    colab, kaggle = links('00_data.ipynb', cfg)
    assert colab == f"https://colab.research.google.com/github/digitrec/digitrec/blob/{cfg['branch']}/nbs/00_data.ipynb"
    assert kaggle == f"https://kaggle.com/kernels/welcome?src={cfg['git_url']}/blob/{cfg['branch']}/nbs/00_data.ipynb"
    fork = {**cfg, 'git_url': 'https://github.com/someone/fork', 'branch': 'dev'}
    assert links('00_data.ipynb', fork)[0].endswith('/someone/fork/blob/dev/nbs/00_data.ipynb')
    for nb in NBS:
        src = cells(nb)
        assert badges(nb.name, cfg) in src[0], nb.name
        assert src.index(setup_source()) < min(i for i, s in enumerate(src) if 'from digitrec' in s), nb.name
    readme = (ROOT/'README.md').read_text()
    assert all(links(nb.name, cfg)[0] in readme for nb in NBS if nb.name != 'index.ipynb')

def test_setup_cell_does_nothing_where_digitrec_is_installed():
    res = run_py(setup_source(), env={'DIGITREC_INSTALL': 'no-such-package-anywhere'})
    assert res.returncode == 0 and res.stdout == '' and res.stderr == '', res

def test_setup_cell_without_internet_says_so_in_one_line():
    "IPython shows the refusal as one line; digitrec is hidden from this kernel, and every network path is dead."
    dead = 'http://127.0.0.1:9'
    env = {v: dead for v in ('HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'ALL_PROXY')}
    env.update(NO_PROXY='', no_proxy='', PIP_CONFIG_FILE=os.devnull, PIP_FIND_LINKS='', PIP_EXTRA_INDEX_URL='',
               PIP_INDEX_URL='https://pypi.org/simple', PIP_DEFAULT_TIMEOUT='3')
    code = ("import sys; sys.modules['digitrec'] = None\n"
            "from IPython.core.interactiveshell import InteractiveShell\n"
            f"InteractiveShell.instance().run_cell({setup_source()!r})")
    res = run_py(code, env=env, timeout=300)
    out = [l for l in (res.stdout + res.stderr).splitlines() if l.strip()]
    assert out[0].startswith('installing digitrec[course] @ git+https://github.com/digitrec/digitrec@'), out
    assert out[1:] == ["SetupError: pip could not install digitrec: no internet. On Kaggle, switch on Internet in the "
                       "notebook's settings (Session options), then run this cell again."], out

def torch_only(dest:Path) -> Path:
    "A folder of links to torch, torchvision and everything they require, as a fresh Colab or Kaggle machine has them."
    dest.mkdir()
    todo, seen = [('torch', ()), ('torchvision', ())], set()
    while todo:
        name, extras = todo.pop()
        dist = distribution(name)
        key = (dist.metadata['Name'].lower(), extras)
        if key in seen: continue
        seen.add(key)
        for r in map(Requirement, dist.requires or []):
            if not r.marker or any(r.marker.evaluate({'extra': e}) for e in ('', *extras)):
                todo.append((r.name, tuple(sorted(r.extras))))
        for top in {f.parts[0] for f in dist.files or [] if f.parts[0] not in ('..', 'bin', '__pycache__')}:
            src = Path(dist.locate_file(top))
            if src.exists() and not (dest/top).exists(): (dest/top).symlink_to(src)
    return dest

def test_chapter_installs_digitrec_over_torch_and_runs(tmp_path):
    "A fresh environment with torch: the chapter's setup cell installs digitrec from this checkout, torch stays put."
    farm = torch_only(tmp_path/'torch')
    env_dir = tmp_path/'env'
    venv.create(env_dir, with_pip=True)
    py = env_dir/'bin'/'python'
    site = subprocess.run([py, '-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, 'torch-only.pth').write_text(str(farm))
    run = lambda *a, **k: subprocess.run([py, *a], capture_output=True, text=True, **k)
    res = run('-m', 'pip', 'install', '-q', '-c', ROOT/'requirements-lock.txt', 'execnb')  # the notebook runner
    assert res.returncode == 0, res.stderr[-2000:]
    work = tmp_path/'work'; work.mkdir()
    # VIRTUAL_ENV unset: IPython would otherwise add an activated environment's packages (digitrec among them)
    res = run_notebook('00_data.ipynb', work, py, IN_TEST='1', DIGITREC_INSTALL=f'digitrec[course] @ {ROOT.as_uri()}',
                       VIRTUAL_ENV=None)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.startswith('installing digitrec[course]') and 'nearest mean digit' in res.stdout, res.stdout
    torch_at = run('-c', 'import torch, torchvision; print(torch.__file__, torchvision.__file__)').stdout
    assert torch_at.startswith(str(farm/'torch')) and not Path(site, 'torch').exists(), torch_at
    assert not list(Path(site).glob('torch-*.dist-info')) and not list(Path(site).glob('nvidia*'))
