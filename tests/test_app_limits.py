"""What one visitor can cost an exposed app, bounded: uploads over `MAX_UPLOAD` are refused and leave nothing on disk,
uploads go to the app's own folder and are deleted after `keep_uploads` seconds, and past `max_queue` waiting requests
a request is refused at once while the app keeps serving. Loopback only; every loop is bounded in count and time."""
import time
from concurrent.futures import ThreadPoolExecutor
import numpy as np, pytest, torch
from PIL import Image
from torch import nn
from gradio_client import Client, handle_file
from conftest import serve_app
from digitrec.models import build_model

def folder_bytes(path) -> int: return sum(f.stat().st_size for f in path.rglob('*') if f.is_file())

def serve(model, tmp_path, **kwargs):
    "`serve_app` with its uploads in `tmp_path/'uploads'`."
    return serve_app(model, upload_dir=tmp_path/'uploads', **kwargs)

@pytest.fixture
def digit(tmp_path):
    Image.fromarray(np.pad(np.full((10, 4), 255, np.uint8), 9)).save(tmp_path/'one.png')  # a bar: a 1
    return tmp_path/'one.png'

def test_oversize_uploads_are_refused_and_kept_nowhere(tmp_path, digit):
    app, client = serve(build_model('cnn'), tmp_path)
    try:
        for i in range(3):  # three different 30 MB files, as in the report that found the leak
            big = tmp_path/f'big{i}.png'; big.write_bytes(np.random.default_rng(i).bytes(30_000_000))
            with pytest.raises(Exception, match='(?i)size|large|413'):
                client.predict(handle_file(str(big)), api_name='/predict_upload')
        assert folder_bytes(tmp_path/'uploads') < 1_000_000, folder_bytes(tmp_path/'uploads')
        client.predict(handle_file(str(digit)), api_name='/predict_upload')  # still serving
    finally: app.close()

def test_uploads_are_deleted_after_keep_uploads(tmp_path, digit):
    app, client = serve(build_model('cnn'), tmp_path, keep_uploads=1)
    try:
        client.predict(handle_file(str(digit)), api_name='/predict_upload')
        assert any(f.is_file() for f in (tmp_path/'uploads').rglob('*'))  # the app's own folder, not a shared one
        deadline = time.monotonic() + 20
        while any(f.is_file() for f in (tmp_path/'uploads').rglob('*')) and time.monotonic() < deadline: time.sleep(0.5)
        assert not any(f.is_file() for f in (tmp_path/'uploads').rglob('*')), list((tmp_path/'uploads').rglob('*'))
    finally: app.close()

class Slow(nn.Module):
    "A model that takes 0.3 s a batch, so requests pile up."
    def __init__(self): super().__init__(); self.lin = nn.Linear(1, 1)
    def forward(self, x): time.sleep(0.3); return torch.zeros(len(x), 10)

def test_a_full_queue_refuses_at_once_and_the_app_keeps_serving(tmp_path, digit):
    app, client = serve(Slow(), tmp_path, max_queue=2)
    try:
        def one(_):
            try:
                Client(app.local_url, verbose=False).predict(handle_file(str(digit)), api_name='/predict_upload')
                return 'ok'
            except Exception as e: return str(e)
        with ThreadPoolExecutor(12) as pool: results = list(pool.map(one, range(12), timeout=120))
        refused = [r for r in results if r != 'ok']
        assert refused and len(refused) < len(results), results
        assert all('queue is full' in r.lower() for r in refused), refused
        client.predict(handle_file(str(digit)), api_name='/predict_upload')  # serving again once the queue drains
    finally: app.close()

def test_load_test_gives_up_after_its_timeout(tmp_path, digit):
    "A server that accepts connections but never answers: `load_test` raises at its timeout instead of waiting."
    import socket, threading
    from digitrec.app import load_test
    srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen()
    conns = []
    def accept():  # hold each connection open, silent, for 3 s, then close it so the client threads end
        srv.settimeout(5)
        try:
            while True: conns.append(srv.accept()[0])
        except OSError: pass
    threading.Thread(target=accept, daemon=True).start()
    start = time.perf_counter()
    try:
        with pytest.raises(TimeoutError, match='still running after'):
            load_test(f'http://127.0.0.1:{srv.getsockname()[1]}/', digit, n=2, clients=2, timeout=0.5)
        assert time.perf_counter() - start < 2.5
    finally:
        time.sleep(max(0, 3 - (time.perf_counter() - start)))
        for c in conns: c.close()
        srv.close()
