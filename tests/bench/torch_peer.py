#!/usr/bin/python3
"""The peer of sagitta_bench --train: the same models, batch and optimizer in PyTorch.

Prints one line "<model> <images per second>". Run with Debian's python3-torch:
  /usr/bin/python3 torch_peer.py cnn2|unet2d THREADS [SIDE BATCH STEPS]
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Cnn2(nn.Module):
    def __init__(self, rows=28, cols=28, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * (rows // 4) * (cols // 4), 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def block(i, o):
    return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(o, o, 3, padding=1), nn.ReLU(inplace=True))


class UNet2d(nn.Module):
    def __init__(self, c=8):
        super().__init__()
        self.enc1, self.enc2, self.enc3, self.bottom = block(1, c), block(c, 2 * c), block(2 * c, 4 * c), block(4 * c, 8 * c)
        self.up3, self.dec3 = nn.ConvTranspose2d(8 * c, 4 * c, 2, stride=2), block(8 * c, 4 * c)
        self.up2, self.dec2 = nn.ConvTranspose2d(4 * c, 2 * c, 2, stride=2), block(4 * c, 2 * c)
        self.up1, self.dec1 = nn.ConvTranspose2d(2 * c, c, 2, stride=2), block(2 * c, c)
        self.head = nn.Conv2d(c, 2, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        b = self.bottom(F.max_pool2d(e3, 2))
        d = self.dec3(torch.cat([self.up3(b), e3], 1))
        d = self.dec2(torch.cat([self.up2(d), e2], 1))
        d = self.dec1(torch.cat([self.up1(d), e1], 1))
        return self.head(d)


def seg_loss(logits, target):
    ce = F.cross_entropy(logits, target)
    p = torch.softmax(logits, 1)[:, 1]
    t = target.float()
    return ce + (1 - (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1))


def main():
    model_name, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    if model_name == "cnn2":
        side, batch, steps = 28, 64, 100
        model, loss_fn = Cnn2(), F.cross_entropy
        y = torch.randint(0, 10, (batch,))
        warm = 5
    else:
        side, batch, steps = 256, 8, 5
        model, loss_fn = UNet2d(), seg_loss
        warm = 2
    if len(sys.argv) > 5:
        side, batch, steps = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if model_name != "cnn2":
        y = torch.randint(0, 2, (batch, side, side))
    x = torch.rand(batch, 1, side, side)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(warm):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    print(model_name, batch * steps / (time.perf_counter() - start))


if __name__ == "__main__":
    main()
