"""The command-line tools, as a user runs them: exit codes, one-line errors on stderr, no output left on failure.

Every way a CSV can be bad is tested on `read_kaggle_csv` in test_kaggle_csv.py; here a few bad files of each kind
go through the same `run_cli` the console scripts call, in-process (fast), to show the one-line error and that no
output is left. A few tests run the installed commands themselves."""
import os, shutil, subprocess, sys
from pathlib import Path
import numpy as np, pytest
from conftest import set_cell
from digitrec.cli import predict_parser, run_cli, score_parser, train_parser, _predict, _score, _train
from digitrec.kaggle import PIXEL_COLS, csv_text, kaggle_rows, write_submission
from digitrec.models import build_model, save_model

BIN = Path(sys.executable).parent

@pytest.fixture
def work(tmp_path, digits):
    "A folder with a valid (untrained) model, a valid 6-row test.csv and train.csv."
    x, y = digits
    save_model(build_model('linear'), 'linear', tmp_path/'model.pth')
    (tmp_path/'test.csv').write_text(csv_text(PIXEL_COLS, kaggle_rows(x)))
    (tmp_path/'train.csv').write_text(csv_text(['label', *PIXEL_COLS],
                                               kaggle_rows(np.tile(x, (50, 1, 1)), np.tile(y, 50))))
    return tmp_path

def predict(work, test_csv, model='model.pth', out='sub.csv', extra=()):
    return run_cli('digitrec-predict', predict_parser(), _predict,
                   [str(work/model), str(work/test_csv), '-o', str(work/out), *extra])

def one_line_error(capsys, *words):
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith('digitrec-') and 'Traceback' not in err, err
    for w in words: assert w in err, err
    return err

def test_predict_writes_a_checked_submission(work, capsys):
    assert predict(work, 'test.csv') == 0
    lines = (work/'sub.csv').read_text().splitlines()
    assert lines[0] == 'ImageId,Label' and [l.split(',')[0] for l in lines[1:]] == [str(i) for i in range(1, 7)]
    assert all(0 <= int(l.split(',')[1]) <= 9 for l in lines[1:])

def edit(work, name, fn):
    "Write `name` as test.csv's lines transformed by `fn`."
    (work/name).write_text('\n'.join(fn((work/'test.csv').read_text().splitlines())) + '\n')
    return name

BAD_CSV = {
    'wrong columns':        (lambda ls: [l.rsplit(',', 1)[0] for l in ls], 'expected 784 columns'),
    'pixel of 256':         (lambda ls: set_cell(ls, 3, 6, '256'),
                             "row 3, column 'pixel6': '256' is not a whole number in 0..255"),
    'header only':          (lambda ls: ls[:1], 'no data rows'),
    'label column':         (lambda ls: ['label,' + ls[0], *('3,' + l for l in ls[1:])], "has a 'label' column"),
}

@pytest.mark.parametrize('case', BAD_CSV)
def test_bad_test_csv(work, capsys, case):
    fn, words = BAD_CSV[case]
    assert predict(work, edit(work, 'bad.csv', fn)) == 1
    one_line_error(capsys, 'bad.csv', words)
    assert not (work/'sub.csv').exists()

def test_empty_file(work, capsys):
    (work/'empty.csv').write_text('')
    assert predict(work, 'empty.csv') == 1
    one_line_error(capsys, 'empty'); assert not (work/'sub.csv').exists()

@pytest.mark.parametrize('kind', ['text', 'truncated', 'pickled code', 'other tensors', 'missing'])
def test_bad_model_file(work, capsys, kind):
    import torch
    f = work/'bad.pth'
    if kind == 'text': f.write_text('not a model')
    if kind == 'truncated': f.write_bytes((work/'model.pth').read_bytes()[:1000])
    if kind == 'pickled code': torch.save({'fn': print}, f)
    if kind == 'other tensors': torch.save({'w': torch.zeros(2)}, f)
    assert predict(work, 'test.csv', model='bad.pth') == 1
    one_line_error(capsys, 'bad.pth'); assert not (work/'sub.csv').exists()

def test_output_in_missing_directory(work, capsys):
    assert predict(work, 'test.csv', out='nowhere/sub.csv') == 1
    one_line_error(capsys, 'no such directory'); assert not (work/'nowhere').exists()

def test_refuses_to_overwrite_without_force(work, capsys):
    (work/'sub.csv').write_text('keep me')
    assert predict(work, 'test.csv') == 1
    one_line_error(capsys, '--force'); assert (work/'sub.csv').read_text() == 'keep me'
    assert (predict(work, 'test.csv', extra=['--force']) == 0
            and (work/'sub.csv').read_text().startswith('ImageId,Label'))

def test_score(work, capsys):
    write_submission(np.arange(6) % 10, work/'answers.csv', n_rows=6)
    write_submission([0, 1, 2, 3, 4, 9], work/'guess.csv', n_rows=6)
    assert run_cli('digitrec-score', score_parser(), _score, [str(work/'guess.csv'), str(work/'answers.csv')]) == 0
    assert 'score 0.83333 (accuracy): 1 of 6 wrong' in capsys.readouterr().out
    (work/'short.csv').write_text('ImageId,Label\n1,0\n')
    assert run_cli('digitrec-score', score_parser(), _score, [str(work/'short.csv'), str(work/'answers.csv')]) == 1
    one_line_error(capsys, '1 rows, expected 6')

def test_train_bad_input_leaves_no_model(work, capsys):
    d = work/'unlabelled'; d.mkdir(); shutil.copy(work/'test.csv', d/'train.csv')
    assert run_cli('digitrec-train', train_parser(), _train,
                   ['--model', 'linear', '--data', str(d), '-o', str(work/'m.pth')]) == 1
    one_line_error(capsys, 'expected 785 columns'); assert not (work/'m.pth').exists()

def test_train_linear_then_predict(work, capsys):
    assert run_cli('digitrec-train', train_parser(), _train,
                   ['--model', 'linear', '--epochs', '1', '--data', str(work), '-o', str(work/'m.pth')]) == 0
    assert predict(work, 'test.csv', model='m.pth') == 0

@pytest.mark.parametrize('cmd', ['digitrec-data', 'digitrec-train', 'digitrec-predict', 'digitrec-score',
                                 'digitrec-submit', 'digitrec-app'])
def test_installed_commands_have_help(cmd):
    res = subprocess.run([BIN/cmd, '--help'], capture_output=True, text=True)
    assert res.returncode == 0 and 'usage:' in res.stdout

def test_installed_predict_fails_in_one_line(work):
    res = subprocess.run([BIN/'digitrec-predict', work/'test.csv', work/'test.csv', '-o', work/'s.csv'],
                         capture_output=True, text=True)
    assert (res.returncode == 1 and len(res.stderr.strip().splitlines()) == 1
            and 'not a digitrec model file (unreadable' in res.stderr)
    assert 'weights_only' not in res.stderr  # the course's words, not PyTorch's
    assert not (work/'s.csv').exists()

def test_submit_without_credentials(work, tmp_path):
    write_submission(np.zeros(28000, dtype=int), work/'full.csv')
    env = ({k: v for k, v in os.environ.items() if not k.startswith('KAGGLE_')}
           | {'KAGGLE_CONFIG_DIR': str(tmp_path/'none')})
    res = subprocess.run([BIN/'digitrec-submit', work/'full.csv'], capture_output=True, text=True, env=env)
    assert res.returncode == 1 and 'no Kaggle credentials' in res.stderr and len(res.stderr.strip().splitlines()) == 1

def test_train_ensemble_then_predict(work, capsys):
    "`--model ensemble` writes one weights-only file holding every member, which digitrec-predict takes like any model."
    import torch
    from digitrec.ensemble import ENSEMBLE
    args = ['--model', 'ensemble', '--epochs', '1', '--data', str(work), '-o', str(work/'e.pth')]
    assert run_cli('digitrec-train', train_parser(), _train, args) == 0
    saved = torch.load(work/'e.pth', weights_only=True)
    assert saved['arch'] == 'ensemble' and saved['members'] == list(ENSEMBLE)
    assert {k.split('.')[1] for k in saved['state_dict']} == {str(i) for i in range(len(ENSEMBLE))}
    assert predict(work, 'test.csv', model='e.pth') == 0

def test_ensemble_file_with_unknown_member(work, capsys):
    import torch
    saved = torch.load(save_model(build_model('ensemble'), 'ensemble', work/'e.pth'), weights_only=True)
    torch.save({**saved, 'members': ['res_cnn', 'vgg']}, work/'bad.pth')
    assert predict(work, 'test.csv', model='bad.pth') == 1
    one_line_error(capsys, 'bad.pth', "unknown member 'vgg'"); assert not (work/'sub.csv').exists()
