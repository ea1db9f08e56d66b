#!/usr/bin/env python3
"""Builds the emblem robustness set for Benchmarks/images.sh.

    robustness_set.py REFERENCES_DIR PHOTOS_DIR OUT_DIR

Every reference emblem (a PNG with transparency) goes through eight transformations of the
kind a pasted emblem suffers, written to OUT_DIR/positives/<emblem>__<transformation>.<ext>.
PHOTOS_DIR holds real photographs the emblem is pasted onto (scikit-image's data photos).
Deterministic: the same inputs give the same files.
"""
import io
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def on_white(emblem):
    page = Image.new("RGB", emblem.size, (255, 255, 255))
    page.paste(emblem, (0, 0), emblem)
    return page


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def tint(image, factors=(1.0, 0.75, 0.45)):
    r, g, b = image.convert("RGB").split()
    return Image.merge("RGB", [band.point(lambda v, f=f: int(v * f)) for band, f in zip((r, g, b), factors)])


def rotate(emblem, degrees):
    return emblem.rotate(degrees, resample=Image.BICUBIC, expand=True)


def paste(emblem, background, width_share, position, rng):
    background = background.convert("RGB").copy()
    side = int(background.width * width_share)
    emblem = emblem.resize((side, int(side * emblem.height / emblem.width)), Image.LANCZOS)
    x = int((background.width - emblem.width) * position[0])
    y = int((background.height - emblem.height) * position[1])
    background.paste(emblem, (x, y), emblem)
    return background


def document(emblem, rng):
    """A screenshot of a briefing page: lines of text, the emblem in the header."""
    page = Image.new("RGB", (1200, 900), (250, 250, 250))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 18)
    words = "the briefing notes for the operation cover staffing rota custody suite patrol area".split()
    for line in range(22):
        draw.text((80, 200 + line * 30), " ".join(rng.choice(words) for _ in range(12)), font=font, fill=(30, 30, 30))
    small = emblem.resize((140, 140 * emblem.height // emblem.width), Image.LANCZOS)
    page.paste(small, (60, 30), small)
    draw.text((240, 80), "OPERATIONAL BRIEFING", font=ImageFont.truetype(FONT, 34), fill=(20, 20, 80))
    return page


def transformations(emblem, photos, rng):
    third = emblem.resize((emblem.width // 3, emblem.height // 3), Image.LANCZOS)
    half = emblem.resize((emblem.width // 2, emblem.height // 2), Image.LANCZOS)
    tinted = tint(half)
    tinted.putalpha(half.getchannel("A"))
    return {
        "scale-third": (on_white(third), "png"),
        "jpeg-q20": (jpeg(on_white(emblem), 20), "jpg"),
        "greyscale": (on_white(emblem).convert("L"), "png"),
        "tint": (tint(on_white(emblem)), "png"),
        "rotate-5": (on_white(rotate(emblem, 5)), "png"),
        "in-photo": (jpeg(paste(emblem, photos[0], 0.28, (0.7, 0.2), rng), 85), "jpg"),
        "in-document": (document(emblem, rng), "png"),
        "combined": (jpeg(paste(rotate(tinted, -3), photos[1], 0.22, (0.25, 0.6), rng), 60), "jpg"),
    }


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    references, photo_dir, out = sys.argv[1:]
    photos = [Image.open(os.path.join(photo_dir, name)) for name in sorted(os.listdir(photo_dir))]
    photos = [photo for photo in photos if min(photo.size) >= 300]
    os.makedirs(os.path.join(out, "positives"), exist_ok=True)
    for index, name in enumerate(sorted(n for n in os.listdir(references) if n.endswith(".png"))):
        rng = random.Random(index)
        emblem = Image.open(os.path.join(references, name)).convert("RGBA")
        chosen = [photos[(2 * index) % len(photos)], photos[(2 * index + 1) % len(photos)]]
        for transformation, (image, ext) in transformations(emblem, chosen, rng).items():
            image.save(os.path.join(out, "positives", f"{name[:-4]}__{transformation}.{ext}"))


if __name__ == "__main__":
    main()
