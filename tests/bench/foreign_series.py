#!/usr/bin/python3
"""Series written by other tools than Sagitta, for sagitta_bench --foreign.

  /usr/bin/python3 foreign_series.py ct OUT_DIR [SLICES]
      a 512 x 512 x SLICES (default 500) CT written by pydicom: 16 bits stored, signed
      (PixelRepresentation 1), RescaleIntercept -1024, explicit VR little endian, file
      names shuffled (random hex, no order in them), InstanceNumber in slice order.
  /usr/bin/python3 foreign_series.py mr OUT_DIR [SLICES]
      a 256 x 256 x SLICES (default 120) unsigned 12-bit MR without rescale, implicit VR
      (pydicom), the raw material for the GDCM and DCMTK command-line copies the bench makes.

Values: an elliptic body of soft tissue with noise, two lungs, a spine and a rim of fat, so
that the stored range is the range a scanner writes (about 0..3000), far from the worst case
of 16 bits.
"""
import os
import random
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"


def phantom_hu(n, k, nz, rng):
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    cx = cy = (n - 1) / 2.0
    r = 0.42 + 0.04 * np.sin(np.pi * k / max(nz - 1, 1))
    body = ((x - cx) / (r * n)) ** 2 + ((y - cy) / (0.8 * r * n)) ** 2 <= 1.0
    hu = np.full((n, n), -1000.0, dtype=np.float32)
    hu[body] = 40.0
    fat = body & (((x - cx) / (r * n * 0.93)) ** 2 + ((y - cy) / (0.8 * r * n * 0.93)) ** 2 > 1.0)
    hu[fat] = -90.0
    for side in (-1, 1):
        lung = ((x - cx - side * 0.18 * n) / (0.12 * n)) ** 2 + ((y - cy + 0.02 * n) / (0.2 * n)) ** 2 <= 1.0
        hu[lung] = -850.0
    spine = ((x - cx) / (0.05 * n)) ** 2 + ((y - cy - 0.22 * n) / (0.05 * n)) ** 2 <= 1.0
    hu[spine] = 1200.0 + 300.0 * np.sin(k / 7.0)
    hu += rng.normal(0.0, 12.0, size=(n, n)).astype(np.float32)
    return hu


def base_dataset(path, sop_class, syntax, series_uid, study_uid, frame_uid):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    meta.ImplementationClassUID = pydicom.uid.PYDICOM_IMPLEMENTATION_UID
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.FrameOfReferenceUID = frame_uid
    ds.PatientName = "Foreign^Phantom"
    ds.PatientID = "FOREIGN1"
    ds.StudyDate = "20240102"
    ds.SeriesNumber = 7
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    return ds


def write_ct(out, nz):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(3)
    n = 512
    series, study, frame = generate_uid(), generate_uid(), generate_uid()
    names = ["%016x" % random.Random(k * 7919 + 1).getrandbits(64) for k in range(nz)]
    for k in range(nz):
        path = os.path.join(out, names[k])
        ds = base_dataset(path, CT_STORAGE, ExplicitVRLittleEndian, series, study, frame)
        ds.Modality = "CT"
        ds.SeriesDescription = "pydicom CT"
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [-179.5, -179.5, -300.0 + 0.625 * k]
        ds.SliceThickness = 0.625
        ds.PixelSpacing = [0.703125, 0.703125]
        ds.Rows = ds.Columns = n
        ds.BitsAllocated = 16
        ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 1
        ds.RescaleIntercept = -1024
        ds.RescaleSlope = 1
        ds.RescaleType = "HU"
        ds.WindowCenter = 40
        ds.WindowWidth = 400
        stored = np.clip(np.rint(phantom_hu(n, k, nz, rng)) + 1024, -2000, 30000).astype("<i2")
        ds.PixelData = stored.tobytes()
        ds.save_as(path, write_like_original=False)


def write_mr(out, nz):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(5)
    n = 256
    series, study, frame = generate_uid(), generate_uid(), generate_uid()
    for k in range(nz):
        path = os.path.join(out, "IM%05d" % random.Random(k + 17).randrange(100000))
        ds = base_dataset(path, MR_STORAGE, ImplicitVRLittleEndian, series, study, frame)
        ds.Modality = "MR"
        ds.SeriesDescription = "pydicom MR"
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [-120.0, -120.0, -60.0 + 1.0 * k]
        ds.SliceThickness = 1.0
        ds.PixelSpacing = [0.9375, 0.9375]
        ds.Rows = ds.Columns = n
        ds.BitsAllocated = 16
        ds.BitsStored = 12
        ds.HighBit = 11
        ds.PixelRepresentation = 0
        values = np.clip(phantom_hu(n, k, nz, rng) + 1000.0, 0, 4095)
        ds.PixelData = np.rint(values).astype("<u2").tobytes()
        ds.save_as(path, write_like_original=False)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("ct", "mr"):
        sys.exit(__doc__)
    count = int(sys.argv[3]) if len(sys.argv) > 3 else (500 if sys.argv[1] == "ct" else 120)
    (write_ct if sys.argv[1] == "ct" else write_mr)(sys.argv[2], count)
