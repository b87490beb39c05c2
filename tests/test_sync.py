"The library is what the notebooks export and the README what index.ipynb renders to: checked on copies, git or not."
import filecmp, shutil, subprocess, sys
from pathlib import Path
from conftest import ROOT

BIN = Path(sys.executable).parent

def test_library_matches_notebooks(tmp_path):
    for name in ('nbs', 'digitrec'):
        shutil.copytree(ROOT/name, tmp_path/name, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    shutil.copy(ROOT/'settings.ini', tmp_path)
    subprocess.run([BIN/'nbdev_export'], cwd=tmp_path, check=True)
    for py in sorted((ROOT/'digitrec').glob('*.py')):
        assert filecmp.cmp(py, tmp_path/'digitrec'/py.name, shallow=False), (
            f"{py.name} differs from what the notebooks export: run nbdev_export")
    assert (sorted(p.name for p in (tmp_path/'digitrec').glob('*.py'))
            == sorted(p.name for p in (ROOT/'digitrec').glob('*.py')))

def test_notebooks_are_clean(tmp_path):
    shutil.copytree(ROOT/'nbs', tmp_path/'nbs'); shutil.copy(ROOT/'settings.ini', tmp_path)
    subprocess.run([BIN/'nbdev_clean'], cwd=tmp_path, check=True)
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        assert filecmp.cmp(nb, tmp_path/'nbs'/nb.name, shallow=False), f"{nb.name} is not clean: run nbdev_clean"

def test_readme_is_generated_from_index():
    res = subprocess.run([sys.executable, ROOT/'tools'/'make_readme.py', '--check'], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr[-2000:]

def test_ci_runs_the_readme_test_command():
    readme, ci = (ROOT/'README.md').read_text(), (ROOT/'.ci'/'run').read_text()
    assert 'make test' in readme and 'make course' in readme
    assert 'make test' in ci
