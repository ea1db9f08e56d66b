#!/usr/bin/env python3
"""Renders real prose as screenshots for measuring LeakScan's OCR (Benchmarks/images.sh).

    ocr_set.py TEXT_FILE OUT_DIR

TEXT_FILE is real text (the benchmark uses the seed article); it is wrapped to 72 columns and
cut into pages of 10 lines. Each page is drawn in 2 fonts (DejaVu Sans, Liberation Serif) at 3
sizes (11, 16 and 24 pixels: small screen text to a slide), black on white like a
screenshot, to OUT_DIR/<font>-<size>-<page>.png, with OUT_DIR/truth.jsonl giving each image's
text.
"""
import json
import os
import sys
import textwrap

from PIL import Image, ImageDraw, ImageFont

FONTS = {
    "dejavu-sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "liberation-serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
}
SIZES = (11, 16, 24)
PAGES = 4


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out = sys.argv[1:]
    words = open(source, encoding="utf-8").read().replace("“", '"').replace("”", '"').replace("’", "'").split()
    lines = textwrap.wrap(" ".join(words), 72)
    pages = [lines[i:i + 10] for i in range(0, 10 * PAGES, 10)]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "truth.jsonl"), "w") as truth:
        for font_name, font_path in FONTS.items():
            for size in SIZES:
                font = ImageFont.truetype(font_path, size)
                for number, page in enumerate(pages):
                    width = int(max(font.getlength(line) for line in page)) + 2 * size
                    image = Image.new("L", (width, int(len(page) * size * 1.5) + 2 * size), 255)
                    draw = ImageDraw.Draw(image)
                    for row, line in enumerate(page):
                        draw.text((size, size + row * size * 1.5), line, font=font, fill=20)
                    name = f"{font_name}-{size}-{number}.png"
                    image.save(os.path.join(out, name))
                    truth.write(json.dumps({"image": name, "font": font_name, "size": size, "text": "\n".join(page)}) + "\n")


if __name__ == "__main__":
    main()
