"""A Kaggle notebook, faked: the competition's files mounted read-only, output to a working folder of its own.

`DIGITREC_KAGGLE_INPUT` and `DIGITREC_KAGGLE_WORKING` point digitrec at folders the test makes. The mount is made
read-only with a bind mount where the test may mount (root), else by its permissions; either way a write fails."""
import os, subprocess
from pathlib import Path
import numpy as np, pytest
from conftest import run_notebook
from digitrec.cli import _data, _train, data_parser, run_cli, train_parser
from digitrec.kaggle import (KAGGLE_FILES, PIXEL_COLS, csv_text, get_kaggle_data, kaggle_rows, make_kaggle_standin,
                             mounted_kaggle_data, submission_path)

def snapshot(folder):
    "Every file under `folder` with its size and modification time."
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(Path(folder).rglob('*'))}

@pytest.fixture
def read_only():
    "Make a folder read-only as a mount is: a read-only bind mount onto itself when allowed, else its permissions."
    done = []
    def make(folder):
        folder = str(folder)
        bound = subprocess.run(['mount', '--bind', folder, folder], capture_output=True).returncode == 0
        if bound and subprocess.run(['mount', '-o', 'remount,bind,ro', folder], capture_output=True).returncode == 0:
            done.append(lambda: subprocess.run(['umount', folder], check=True))
        else:
            if bound: subprocess.run(['umount', folder], check=True)
            if os.geteuid() == 0: pytest.skip("root here cannot bind-mount, and permissions do not stop root")
            for p in [*Path(folder).rglob('*'), Path(folder)]: p.chmod(0o555 if p.is_dir() else 0o444)
        try: Path(folder, 'probe').write_text('x')
        except OSError: return Path(folder)
        raise AssertionError(f"{folder} is still writable")
    yield make
    for undo in reversed(done): undo()

def fake_files(folder, digits, n=50):
    "Write Kaggle's three files with `n` labelled and `n` test rows of the fake digits."
    x, y = digits
    x, y = np.resize(x, (n, 28, 28)), np.resize(y, n)
    folder.mkdir(parents=True)
    (folder/'train.csv').write_text(csv_text(['label', *PIXEL_COLS], kaggle_rows(x, y)))
    (folder/'test.csv').write_text(csv_text(PIXEL_COLS, kaggle_rows(x)))
    (folder/'sample_submission.csv').write_text('ImageId,Label\n' + ''.join(f'{i},0\n' for i in range(1, n + 1)))
    return folder

@pytest.fixture
def kaggle(tmp_path, monkeypatch):
    "A pretend Kaggle notebook: env vars for its input and working folders, no credentials, downloads that fail."
    mount, working = tmp_path/'kaggle'/'input'/'digit-recognizer', tmp_path/'kaggle'/'working'
    working.mkdir(parents=True)
    monkeypatch.setenv('DIGITREC_KAGGLE_INPUT', str(mount)); monkeypatch.setenv('DIGITREC_KAGGLE_WORKING', str(working))
    monkeypatch.setenv('DIGITREC_DATA', str(tmp_path/'data')); monkeypatch.setenv('KAGGLE_CONFIG_DIR', str(tmp_path))
    for v in ('KAGGLE_USERNAME', 'KAGGLE_KEY', 'KAGGLE_API_TOKEN'): monkeypatch.delenv(v, raising=False)
    def no_download(*a, **k): raise AssertionError("downloaded in a Kaggle notebook")
    monkeypatch.setattr('digitrec.kaggle.download_kaggle', no_download)
    monkeypatch.setattr('digitrec.kaggle.make_kaggle_standin', no_download)
    return mount, working

def test_nothing_mounted_elsewhere(kaggle, tmp_path):
    assert mounted_kaggle_data() is None and submission_path(tmp_path) == tmp_path/'submission.csv'

def test_uses_the_read_only_mount(kaggle, digits, read_only, capsys):
    mount, working = kaggle
    read_only(fake_files(mount, digits))
    before = snapshot(mount)
    assert mounted_kaggle_data() == mount and get_kaggle_data() == mount
    assert submission_path('models') == working/'submission.csv'
    assert capsys.readouterr().out == ''  # no "no credentials" line: none are needed
    assert run_cli('digitrec-data', data_parser(), _data, []) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(mount) and [l.split(':')[0].strip() for l in out[1:]] == sorted(KAGGLE_FILES)
    model = working/'cnn.pth'
    args = ['--model', 'linear', '--epochs', '1', '-o', str(model)]
    assert run_cli('digitrec-train', train_parser(), _train, args) == 0
    assert model.exists() and snapshot(mount) == before

def test_missing_file_is_one_line_naming_it(kaggle, digits, capsys):
    mount, _ = kaggle
    (fake_files(mount, digits)/'test.csv').unlink()
    assert run_cli("digitrec-data", data_parser(), _data, []) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"{mount/'test.csv'} is missing" in err, err

def test_kaggle_chapter_in_a_pretend_kaggle_notebook(tmp_path, read_only):
    "The Kaggle chapter, quick mode, with the stand-in's files mounted read-only: it writes the working folder only."
    standin = make_kaggle_standin(tmp_path/'standin')
    mount, working = tmp_path/'kaggle'/'input'/'digit-recognizer', tmp_path/'kaggle'/'working'
    mount.mkdir(parents=True); working.mkdir()
    for f in KAGGLE_FILES: os.link(standin/f, mount/f)
    read_only(mount)
    before = snapshot(mount)
    no_credentials = dict.fromkeys(('KAGGLE_USERNAME', 'KAGGLE_KEY', 'KAGGLE_API_TOKEN'))
    res = run_notebook('08_kaggle.ipynb', working, IN_TEST='1', KAGGLE_CONFIG_DIR=str(tmp_path), **no_credentials,
                       DIGITREC_KAGGLE_INPUT=str(mount), DIGITREC_KAGGLE_WORKING=str(working))
    assert res.returncode == 0, res.stderr[-3000:]
    assert 'stand-in' not in res.stdout, res.stdout  # no fallback line: the mounted files were used
    assert (working/'submission.csv').read_text().startswith('ImageId,Label\n1,')
    assert snapshot(mount) == before
