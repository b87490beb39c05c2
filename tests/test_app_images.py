"""Images as phones, scanners, browsers and drawing programs write them: `prepare_digit` must read each as viewers show
it (EXIF orientation applied, 16- and 32-bit greyscale scaled, palette, 1-bit, LA, CMYK, animated, WebP, transparency)
and give the same digit as the upright 8-bit file, to within a few grey levels; and refuse every unreadable input with
one `DataError`, never another library's exception or warning. The running app does the same through its API."""
import warnings
import numpy as np, pytest
from PIL import Image
from digitrec.app import digit_html, prepare_digit, redraw
from digitrec.core import DataError
from digitrec.data import load_mnist

# Pillow's transpose that turns the upright image into what a camera stores under each EXIF orientation
STORED = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
          4: Image.Transpose.FLIP_TOP_BOTTOM,
          5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_270}

@pytest.fixture(scope='module')
def upright():
    "A redrawn MNIST test digit (a 2): a large RGB photo-like image, dark ink on light paper."
    x_test = load_mnist(verbose=False)[2]
    return Image.fromarray(redraw(x_test[1], np.random.default_rng(0)))

def close(a, b, mean=1.):
    "Two prepared digits agree to within `mean` grey levels on average (and the same shape)."
    a, b = np.asarray(a, int), np.asarray(b, int)
    assert a.shape == b.shape == (28, 28)
    assert np.abs(a - b).mean() <= mean, np.abs(a - b).mean()

def phone_jpeg(upright, orientation, path):
    "`upright` saved as a phone would: the pixels as stored, with the EXIF orientation tag that turns them upright."
    stored = upright if STORED[orientation] is None else upright.transpose(STORED[orientation])
    exif = Image.Exif(); exif[0x0112] = orientation
    stored.save(path, quality=100, subsampling=0, exif=exif)
    return path

@pytest.mark.parametrize('orientation', range(1, 9))
def test_exif_orientation(upright, tmp_path, orientation):
    upright.save(tmp_path/'upright.jpg', quality=100, subsampling=0)
    close(prepare_digit(phone_jpeg(upright, orientation, tmp_path/'phone.jpg')), prepare_digit(tmp_path/'upright.jpg'))

def test_16_and_32_bit_greyscale_are_scaled_not_clipped(upright, tmp_path):
    grey = np.asarray(upright.convert('L'))
    Image.fromarray(grey.astype(np.uint16)*257).save(tmp_path/'scan16.png')  # what many scanners write
    Image.fromarray(grey.astype(np.float32)/255).save(tmp_path/'float32.tif')
    Image.fromarray(grey.astype(np.int32)*65793).save(tmp_path/'int32.tif')
    assert Image.open(tmp_path/'scan16.png').mode == 'I;16'
    for f, mean in (('scan16.png', 0), ('float32.tif', 0.5), ('int32.tif', 3)):  # 32-bit: scaled by its own top
        close(prepare_digit(tmp_path/f), prepare_digit(grey), mean)
    close(prepare_digit(grey.astype(np.uint16)*257), prepare_digit(grey))

def test_other_formats(upright, tmp_path):
    upright.save(tmp_path/'digit.png')
    ref = prepare_digit(tmp_path/'digit.png')
    upright.convert('LA').save(tmp_path/'la.png')
    upright.convert('CMYK').save(tmp_path/'cmyk.jpg', quality=100, subsampling=0)
    upright.save(tmp_path/'lossless.webp', lossless=True)
    upright.convert('P').save(tmp_path/'palette.png')  # 256 colours: a little coarser
    upright.save(tmp_path/'animated.gif', save_all=True, append_images=[Image.new('RGB', upright.size, 'white')])
    for f, mean in (('la.png', 1), ('cmyk.jpg', 2), ('lossless.webp', 0), ('palette.png', 8), ('animated.gif', 8)):
        close(prepare_digit(tmp_path/f), ref, mean)

def test_one_bit_and_transparency(tmp_path):
    "A bilevel drawing as 1-bit and 8-bit files; a digit drawn on a transparent background as its alpha channel."
    x_test = load_mnist(verbose=False)[2]
    ink = np.asarray(Image.fromarray(x_test[7]).resize((280, 280), Image.BILINEAR)) > 128
    paper = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
    paper.save(tmp_path/'grey.png'); paper.convert('1').save(tmp_path/'bilevel.png')
    close(prepare_digit(tmp_path/'bilevel.png'), prepare_digit(tmp_path/'grey.png'), 0)
    rgba = np.zeros((280, 280, 4), np.uint8); rgba[..., 3] = np.where(ink, 255, 0)
    Image.fromarray(rgba).save(tmp_path/'transparent.png')
    close(prepare_digit(tmp_path/'transparent.png'), prepare_digit(tmp_path/'grey.png'), 0)

def bad_inputs(tmp_path, upright):
    "Inputs that are not readable images, each with a part of the message it must get."
    upright.save(tmp_path/'digit.png')
    (tmp_path/'truncated.png').write_bytes((tmp_path/'digit.png').read_bytes()[:3000])
    (tmp_path/'corrupt.png').write_bytes(b'\x89PNG\r\n\x1a\n' + bytes(range(256))*4)
    (tmp_path/'empty.png').write_bytes(b'')
    (tmp_path/'notes.png').write_text('not an image')
    Image.new('1', (10_000, 6_000)).save(tmp_path/'bomb.png')  # 60 million pixels in a few kB
    return [(tmp_path/'truncated.png', 'not an image file'), (tmp_path/'corrupt.png', 'not an image file'),
            (tmp_path/'empty.png', 'not an image file'), (tmp_path/'notes.png', 'not an image file'),
            (tmp_path/'bomb.png', 'too large'), (tmp_path/'missing.png', 'not an image file'),
            (np.full((30, 30), np.nan), 'NaN or infinite'), (np.full((30, 30, 3), np.inf), 'NaN or infinite'),
            (np.zeros((0, 28)), 'no pixels'), (np.zeros((0, 0, 3), np.uint8), 'no pixels'),
            (np.zeros((5, 5, 7)), 'not an image'), (np.array(['a']), 'not an image'), ('', 'not an image')]

def test_unreadable_inputs_get_one_data_error(upright, tmp_path):
    for image, msg in bad_inputs(tmp_path, upright):
        with warnings.catch_warnings():
            warnings.simplefilter('error')  # no library's warning may escape either
            with pytest.raises(DataError, match=msg): prepare_digit(image)

def test_the_running_app(upright, tmp_path):
    """Through the app's API: a phone photo gives the upright digit; a truncated file gets the one-line message, and
    the app keeps serving."""
    from gradio_client import handle_file
    from conftest import serve_app
    from digitrec.models import build_model
    app, client = serve_app(build_model('cnn'))  # untrained: only the preparation and the messages are checked
    try:
        upright.save(tmp_path/'upright.jpg', quality=100, subsampling=0)
        _, seen = client.predict(handle_file(str(phone_jpeg(upright, 6, tmp_path/'phone.jpg'))),
                                 api_name='/predict_upload')
        assert seen == digit_html(prepare_digit(tmp_path/'phone.jpg'))
        close(prepare_digit(tmp_path/'phone.jpg'), prepare_digit(tmp_path/'upright.jpg'))
        for image, msg in bad_inputs(tmp_path, upright)[:2]:
            with pytest.raises(Exception, match=msg):
                client.predict(handle_file(str(image)), api_name='/predict_upload')
        grey = np.asarray(upright.convert('L'))
        upright.save(tmp_path/'digit.webp', lossless=True)
        Image.fromarray(grey.astype(np.uint16)*257).save(tmp_path/'scan.tif')
        for f in ('digit.webp', 'scan.tif'):  # the upload box takes these formats too
            _, seen = client.predict(handle_file(str(tmp_path/f)), api_name='/predict_upload')
            assert seen == digit_html(prepare_digit(tmp_path/f)), f
        client.predict(handle_file(str(tmp_path/'upright.jpg')), api_name='/predict_upload')  # still serving
    finally: app.close()

def test_the_app_takes_an_ensemble_file(upright, tmp_path):
    "An ensemble's model file, given by path as `digitrec-app` gives it, answers with the ensemble's own top digits."
    from gradio_client import handle_file
    from conftest import serve_app
    from digitrec.app import predict_digit
    from digitrec.models import build_model, load_model, save_model
    path = save_model(build_model('ensemble'), 'ensemble', tmp_path/'ensemble.pth')  # untrained, but any answer will do
    upright.save(tmp_path/'digit.png')
    app, client = serve_app(path)
    try: label, _ = client.predict(handle_file(str(tmp_path/'digit.png')), api_name='/predict_upload')
    finally: app.close()
    assert label['label'] == next(iter(predict_digit(load_model(path)[0], tmp_path/'digit.png')))
