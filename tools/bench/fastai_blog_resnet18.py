#!/usr/bin/env python
"""Peer recipe: the fastai blog ResNet18 for MNIST, written as the blog posts write it (no course code).

MNIST as PNG folders (`--path` holds `training/<digit>/*.png` only, so the test images can't leak into the 80/20
split), `ImageDataLoaders.from_folder(path, train='training', valid_pct=0.2)`, `cnn_learner(dls, resnet18,
pretrained=False, loss_func=F.cross_entropy, metrics=accuracy)`, `fit_one_cycle(1, 0.1)`. The clock runs only
while training batches run; then the PNGs in `--test` (`<digit>/*.png`) are predicted.
Prints one JSON line: {"epochs": [[train_seconds, test_accuracy], ...]}."""
import argparse, json, time, warnings
from fastai.vision.all import *

class TrainClock(Callback):
    "Seconds spent in training batches, evaluation excluded."
    def before_fit(self): self.secs = 0.
    def before_train(self): self.start = time.perf_counter()
    def after_train(self): self.secs += time.perf_counter() - self.start

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--path', required=True)
    p.add_argument('--test', required=True)
    p.add_argument('--epochs', type=int, default=1)
    args = p.parse_args()
    warnings.simplefilter('ignore')
    set_seed(0)
    path = Path(args.path)
    dls = ImageDataLoaders.from_folder(path, train='training', valid_pct=0.2)
    learn = cnn_learner(dls, resnet18, pretrained=False, loss_func=F.cross_entropy, metrics=accuracy)
    clock = TrainClock()
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(args.epochs, 0.1, cbs=clock)
    test_dl = dls.test_dl(get_image_files(args.test), with_labels=True)
    with learn.no_bar(): preds, targs = learn.get_preds(dl=test_dl)
    print(json.dumps(dict(epochs=[[round(clock.secs, 2), accuracy(preds, targs).item()]])))

if __name__ == '__main__': main()
