#!/usr/bin/env python3
"""Lists the real non-emblem pictures the image benchmark counts false matches on.

    negatives.py ROOT… > list.txt

Every PNG, JPEG, GIF, BMP, TIFF or WebP file under the roots (the test and sample images of
the Pillow and matplotlib source distributions and scikit-image's data photos: real photos,
charts, figures and format test files) that Pillow opens and that is at least 32 pixels on
each side, each distinct file once (by SHA-256), in path order.
"""
import hashlib
import os
import sys

from PIL import Image

SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")


def main():
    seen = set()
    for root in sys.argv[1:]:
        for folder, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                if not name.lower().endswith(SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
                if digest in seen:
                    continue
                try:
                    with Image.open(path) as image:
                        if min(image.size) < 32:
                            continue
                        image.load()
                except Exception:
                    continue
                seen.add(digest)
                print(path)


if __name__ == "__main__":
    main()
