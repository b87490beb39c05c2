"Bad Kaggle CSV input gets a one-line `DataError` naming file, row and column; odd but valid encodings work."
import numpy as np, pytest
from conftest import set_cell
from digitrec.core import DataError
from digitrec.kaggle import PIXEL_COLS, csv_text, kaggle_rows, read_kaggle_csv

TRAIN_HEADER = ['label', *PIXEL_COLS]

def lines(x, y=None):
    return csv_text(TRAIN_HEADER if y is not None else PIXEL_COLS, kaggle_rows(x, y)).splitlines()

def write(tmp_path, text, name='train.csv'):
    p = tmp_path/name
    (p.write_bytes if isinstance(text, bytes) else p.write_text)(text)
    return p

def test_round_trip(tmp_path, digits):
    x, y = digits
    rx, ry = read_kaggle_csv(write(tmp_path, '\n'.join(lines(x, y))))
    assert rx.dtype == np.uint8 and rx.shape == (6, 28, 28)
    np.testing.assert_array_equal(rx, x); np.testing.assert_array_equal(ry, y)
    tx, ty = read_kaggle_csv(write(tmp_path, '\n'.join(lines(x)), 'test.csv'), labelled=False)
    np.testing.assert_array_equal(tx, x); assert ty is None

def test_bom_and_crlf_are_valid(tmp_path, digits):
    x, y = digits
    p = write(tmp_path, b'\xef\xbb\xbf' + '\r\n'.join(lines(x, y)).encode() + b'\r\n')
    rx, ry = read_kaggle_csv(p)
    np.testing.assert_array_equal(rx, x); np.testing.assert_array_equal(ry, y)

BAD = {
    'wrong column count':   (lambda x, y: [l.rsplit(',', 1)[0] for l in lines(x, y)], 'expected 785 columns'),
    'renamed header':       (lambda x, y: [lines(x, y)[0].replace('pixel5,', 'pixl5,'), *lines(x, y)[1:]],
                             "column 7 is named 'pixl5'"),
    'non-numeric pixel':    (lambda x, y: set_cell(lines(x, y), 2, 10, 'abc'),
                             "row 2, column 'pixel9': 'abc' is not a whole number in 0..255"),
    'fractional pixel':     (lambda x, y: set_cell(lines(x, y), 3, 1, '1.5'), "row 3, column 'pixel0': '1.5'"),
    'pixel of 256':         (lambda x, y: set_cell(lines(x, y), 4, 784, '256'), "row 4, column 'pixel783': '256'"),
    'pixel of -1':          (lambda x, y: set_cell(lines(x, y), 1, 2, '-1'), "row 1, column 'pixel1': '-1'"),
    'empty cell':           (lambda x, y: set_cell(lines(x, y), 5, 300, ''), "row 5, column 'pixel299': is empty"),
    'label of 10':          (lambda x, y: set_cell(lines(x, y), 6, 0, '10'),
                             "row 6, column 'label': '10' is not a whole number in 0..9"),
    'header only':          (lambda x, y: lines(x, y)[:1], 'no data rows'),
}

@pytest.mark.parametrize('case', BAD)
def test_bad_input(tmp_path, digits, case):
    make, message = BAD[case]
    p = write(tmp_path, '\n'.join(make(*digits)) + '\n')
    with pytest.raises(DataError) as e: read_kaggle_csv(p)
    msg = str(e.value)
    assert message in msg and str(p) in msg and '\n' not in msg, msg

def test_empty_file(tmp_path):
    with pytest.raises(DataError, match='the file is empty'): read_kaggle_csv(write(tmp_path, ''))

def test_random_bytes(tmp_path):
    p = write(tmp_path, np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(DataError) as e: read_kaggle_csv(p)
    assert str(p) in str(e.value) and '\n' not in str(e.value)

def test_label_column_in_test_file(tmp_path, digits):
    p = write(tmp_path, '\n'.join(lines(*digits)), 'test.csv')
    with pytest.raises(DataError, match="has a 'label' column"): read_kaggle_csv(p, labelled=False)

def test_missing_label_column_in_train_file(tmp_path, digits):
    p = write(tmp_path, '\n'.join(lines(digits[0])))
    with pytest.raises(DataError, match='expected 785 columns'): read_kaggle_csv(p, labelled=True)
