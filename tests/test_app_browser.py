"""The app in a real browser: `digitrec-app` serves a trained CNN on a free loopback port, headless Chromium
(Debian's `chromium` and `chromium-driver`, driven by Selenium) draws a 1 and a 7 on the canvas and uploads an
image file, and the page must show the right digit each time: for a drawing, live, without pressing any button.
A screenshot of each goes to the test's temp folder.
Without Chromium the test is skipped, except in CI (`CI` set), where a missing browser is a failure."""
import os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import numpy as np, pytest
from PIL import Image

CHROMIUM, CHROMEDRIVER = shutil.which('chromium') or shutil.which('google-chrome'), shutil.which('chromedriver')
if not (CHROMIUM and CHROMEDRIVER):
    msg = "needs Chromium: apt-get install chromium chromium-driver"
    if os.environ.get('CI'): raise RuntimeError(f"browser test in CI {msg}")
    pytest.skip(msg, allow_module_level=True)

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def model_file(tmp_path_factory):
    "A CNN trained for two epochs on 20,000 MNIST images: good enough to read clear strokes."
    from digitrec.data import load_mnist
    from digitrec.models import save_model, train_model
    x, y, _, _ = load_mnist(verbose=False)
    model, acc = train_model('cnn', x[:20000], y[:20000], epochs=2)
    assert acc > 0.97, acc
    return save_model(model, 'cnn', tmp_path_factory.mktemp('model')/'cnn.pth')

@pytest.fixture(scope='module')
def app_url(model_file):
    port = free_port()
    proc = subprocess.Popen([Path(sys.executable).parent/'digitrec-app', model_file, '--port', str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f'http://127.0.0.1:{port}/'
    deadline = time.monotonic() + 90
    while True:
        try: urllib.request.urlopen(url, timeout=2); break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill(); pytest.fail(f"digitrec-app did not start:\n{proc.stdout.read()}")
            time.sleep(0.5)
    yield url
    proc.terminate(); proc.wait(10)

@pytest.fixture(scope='module')
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1280,1100',
              '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()

def shown_digit(driver, timeout=30) -> str:
    "The top digit in the page's Label output, once one is there."
    label = WebDriverWait(driver, timeout).until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="label-output-value"]'))
    WebDriverWait(driver, timeout).until(lambda d: label.text.strip())
    return label.text.strip()

def open_app(driver, url):
    driver.get(url)
    WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, 'canvas')))

def draw(driver, strokes):
    "Pick the canvas's brush, then draw each stroke (points in 0..1 of the canvas) with the mouse."
    driver.find_element(By.CSS_SELECTOR, 'button[aria-label="Brush"]').click()
    canvas = max(driver.find_elements(By.CSS_SELECTOR, 'canvas'), key=lambda c: c.size['width']*c.size['height'])
    w, h = canvas.size['width'], canvas.size['height']
    for stroke in strokes:
        pts = [(int((x - 0.5)*w), int((y - 0.5)*h)) for x, y in stroke]
        chain = ActionChains(driver).move_to_element_with_offset(canvas, *pts[0]).click_and_hold()
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            for t in np.linspace(0, 1, 8)[1:]:
                chain.move_to_element_with_offset(canvas, int(x0 + t*(x1 - x0)), int(y0 + t*(y1 - y0)))
        chain.release().perform()

@pytest.mark.parametrize('digit,strokes', [
    ('1', [[(0.5, 0.2), (0.5, 0.8)]]),
    ('7', [[(0.3, 0.25), (0.7, 0.25), (0.45, 0.8)]]),
])
def test_drawn_digit(browser, app_url, tmp_path, digit, strokes):
    open_app(browser, app_url)
    draw(browser, strokes)
    shown = shown_digit(browser)  # the prediction follows the drawing: no button is pressed
    browser.save_screenshot(str(tmp_path/f'drawn-{digit}.png'))
    assert shown == digit, f"drew a {digit}, the page shows {shown!r} (screenshot: {tmp_path})"

def test_uploaded_digit(browser, app_url, model_file, tmp_path):
    "A 3 that the model reads right as an MNIST digit, uploaded as a photo would be: large, dark on light, off-centre."
    from digitrec.data import load_mnist
    from digitrec.models import load_model, predict_probs
    _, _, x_test, y_test = load_mnist(verbose=False)
    threes = np.nonzero(y_test == 3)[0][:50]
    probs = predict_probs(load_model(model_file)[0], x_test[threes], progress=False)[:, 3].numpy()
    digit = x_test[threes[probs.argmax()]]
    photo = Image.new('L', (640, 480), 235)
    photo.paste(Image.fromarray(255 - digit).resize((280, 280), Image.BILINEAR), (300, 120))
    photo.convert('RGB').save(tmp_path/'three.png')
    open_app(browser, app_url)
    browser.find_element(By.CSS_SELECTOR, '#upload input[type="file"]').send_keys(str(tmp_path/'three.png'))
    shown = shown_digit(browser)
    browser.save_screenshot(str(tmp_path/'uploaded.png'))
    assert shown == '3', f"uploaded a 3, the page shows {shown!r} (screenshot: {tmp_path})"

def test_bad_upload_shows_a_message(browser, app_url, tmp_path):
    (tmp_path/'notes.png').write_text('not an image')
    open_app(browser, app_url)
    browser.find_element(By.CSS_SELECTOR, '#upload input[type="file"]').send_keys(str(tmp_path/'notes.png'))
    WebDriverWait(browser, 30).until(lambda d: 'not an image' in d.find_element(By.TAG_NAME, 'body').text)
    browser.save_screenshot(str(tmp_path/'bad-upload.png'))

def test_oversize_upload_shows_a_message(browser, app_url, tmp_path):
    "A file over the app's upload limit is refused with one line in the page, before the app reads it."
    (tmp_path/'huge.png').write_bytes(np.random.default_rng(0).bytes(30_000_000))
    open_app(browser, app_url)
    browser.find_element(By.CSS_SELECTOR, '#upload input[type="file"]').send_keys(str(tmp_path/'huge.png'))
    WebDriverWait(browser, 30).until(lambda d: 'maximum allowed size' in d.find_element(By.TAG_NAME, 'body').text)
    browser.save_screenshot(str(tmp_path/'huge-upload.png'))
