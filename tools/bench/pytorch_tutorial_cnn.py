#!/usr/bin/env python
"""Peer recipe: the PyTorch-tutorial CNN that many MNIST blog posts use, written as they write it (no course code).

torchvision's `MNIST` dataset from `--root` (IDX files in `MNIST/raw`), `ToTensor` + `Normalize(0.5, 0.5)`,
Adam lr 3e-4 with weight decay 1e-3, batch 100, 10 epochs. Test accuracy is measured after every epoch with the
clock stopped. Prints one JSON line: {"epochs": [[train_seconds, test_accuracy], ...]}."""
import argparse, json, time
import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 5, 3, padding=1), nn.ReLU(),
            nn.Conv2d(5, 10, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(), nn.BatchNorm2d(10),
            nn.Conv2d(10, 20, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(20),
            nn.Conv2d(20, 40, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(), nn.BatchNorm2d(40))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(1960, 200), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(200, 500), nn.ReLU(), nn.Linear(500, 10))
    def forward(self, x): return self.classifier(self.features(x))

def evaluate(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader: correct += (model(x).argmax(1) == y).sum().item()
    model.train()
    return correct/len(loader.dataset)

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--root', required=True)
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--n_train', type=int, default=None, help="train on the first N images (quick mode)")
    p.add_argument('--n_test', type=int, default=None)
    args = p.parse_args()
    torch.manual_seed(0)
    tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train_ds = datasets.MNIST(args.root, train=True, download=False, transform=tfm)
    test_ds = datasets.MNIST(args.root, train=False, download=False, transform=tfm)
    if args.n_train: train_ds = Subset(train_ds, range(args.n_train))
    if args.n_test: test_ds = Subset(test_ds, range(args.n_test))
    train_loader = DataLoader(train_ds, batch_size=100, shuffle=True)
    test_loader = DataLoader(test_ds, batch_size=1000)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    log, secs = [], 0.
    for epoch in range(args.epochs):
        start = time.perf_counter()
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        secs += time.perf_counter() - start
        log.append([round(secs, 2), evaluate(model, test_loader)])
    print(json.dumps(dict(epochs=log)))

if __name__ == '__main__': main()
