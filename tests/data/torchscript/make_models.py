#!/usr/bin/python3
"""Writes the TorchScript test models of tst_inference beside this script, with their sidecars.

Run with Debian's python3-torch (installer/packages.txt):  /usr/bin/python3 make_models.py
The weights are set by hand, not trained, so that the C++ test can expect exact outputs:

threshold_segmenter.pt: a segmentation model (scripted nn.Module) on windowed CT slices
  (window 40/400 HU mapped to [-1, 1]); logits [0, 10 * (x - 0.25)] per pixel, so a voxel is
  lesion where it is brighter than 90 HU, and exactly at 90 HU both classes are equally likely
  (softmax entropy at its maximum).
blob_classifier.pt: a classifier of 8-bit images (window 0..255 mapped to [0, 1]) with
  features(x) = relu(4x - 2) (bright pixels) and head(f) = linear(max over the map): class
  "blob" when a pixel is brighter than 127.5. Its Grad-CAM map for "blob" is features / max.
"""
import json
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class ThresholdSegmenter(nn.Module):
    def __init__(self):
        super().__init__()
        self.logits = nn.Conv2d(1, 2, 1)
        with torch.no_grad():
            self.logits.weight.copy_(torch.tensor([[[[0.0]]], [[[10.0]]]]))
            self.logits.bias.copy_(torch.tensor([0.0, -2.5]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits(x)


class BlobClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.detect = nn.Conv2d(1, 1, 1)
        self.score = nn.Linear(1, 2)
        with torch.no_grad():
            self.detect.weight.fill_(4.0)
            self.detect.bias.fill_(-2.0)
            self.score.weight.copy_(torch.tensor([[-1.0], [1.0]]))
            self.score.bias.copy_(torch.tensor([0.5, -0.5]))

    @torch.jit.export
    def features(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.detect(x))

    @torch.jit.export
    def head(self, f: torch.Tensor) -> torch.Tensor:
        return self.score(torch.amax(f, dim=(2, 3)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def save(module, name, sidecar):
    scripted = torch.jit.script(module.eval())
    scripted.save(os.path.join(HERE, name + ".pt"))
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")


def main():
    torch.manual_seed(0)
    save(ThresholdSegmenter(), "threshold_segmenter", {
        "task": "segment",
        "model": "threshold-segmenter (tests/data/torchscript/make_models.py)",
        "input": {"channels": 1, "multiple_of": 1, "modality": "CT"},
        "window": {"centre": 40, "width": 400, "maps_to": [-1, 1]},
        "labels": ["background", "lesion"],
        "spacing": [1.0, 1.0, 1.0],
        "data": {"trained": False, "note": "weights set by hand: lesion above 90 HU"},
    })
    save(BlobClassifier(), "blob_classifier", {
        "task": "classify",
        "model": "blob-classifier (tests/data/torchscript/make_models.py)",
        "input": {"channels": 1, "rows": 16, "cols": 16},
        "window": {"centre": 127.5, "width": 255, "maps_to": [0, 1]},
        "labels": ["no blob", "blob"],
        "data": {"trained": False, "note": "weights set by hand: blob where a pixel is above 127.5"},
    })


if __name__ == "__main__":
    main()
