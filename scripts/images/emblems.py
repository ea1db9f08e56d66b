#!/usr/bin/env python3
"""Draws LeakScan's emblems: the sample emblem shipped in Patterns/logos/ (drawn for the
project; no real organisation's mark) and five other, unrelated emblems the image benchmark
and tests use as references and as "a different emblem".

    emblems.py sample OUT.png      the shipped sample emblem
    emblems.py others DIR          the five others, DIR/<name>.png
"""
import math
import sys

from PIL import Image, ImageDraw, ImageFont

SIZE = 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def canvas():
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    return image, ImageDraw.Draw(image)


def star(draw, cx, cy, outer, inner, points, fill):
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / points - math.pi / 2
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(corners, fill=fill)


def text(draw, xy, words, size, fill):
    font = ImageFont.truetype(FONT, size)
    draw.text(xy, words, font=font, fill=fill, anchor="mm")


def sample():
    """A ringed eight-pointed star with a crown bar and the letters LS: a made-up force crest."""
    image, draw = canvas()
    c = SIZE / 2
    draw.ellipse((10, 10, SIZE - 10, SIZE - 10), fill=(20, 40, 110, 255))
    draw.ellipse((34, 34, SIZE - 34, SIZE - 34), fill=(255, 255, 255, 255))
    star(draw, c, c + 10, 135, 70, 8, (20, 40, 110, 255))
    draw.ellipse((c - 55, c - 45, c + 55, c + 65), fill=(255, 255, 255, 255))
    text(draw, (c, c + 10), "LS", 64, (190, 30, 40, 255))
    draw.rectangle((c - 60, 46, c + 60, 70), fill=(190, 30, 40, 255))
    for dx in (-50, -17, 17, 50):
        draw.polygon([(c + dx - 12, 46), (c + dx + 12, 46), (c + dx, 26)], fill=(190, 30, 40, 255))
    return image


def shield():
    image, draw = canvas()
    draw.polygon([(40, 30), (320, 30), (320, 180), (180, 340), (40, 180)], fill=(0, 100, 50, 255))
    draw.polygon([(70, 60), (290, 60), (290, 170), (180, 300), (70, 170)], fill=(240, 200, 40, 255))
    draw.polygon([(70, 200), (180, 110), (290, 200), (290, 240), (180, 150), (70, 240)], fill=(0, 100, 50, 255))
    return image


def hexagon():
    image, draw = canvas()
    c = SIZE / 2
    draw.polygon([(c + 165 * math.cos(a), c + 165 * math.sin(a)) for a in [math.pi / 3 * i for i in range(6)]], fill=(120, 0, 90, 255))
    draw.rectangle((c - 25, c - 110, c + 25, c + 110), fill=(255, 255, 255, 255))
    draw.rectangle((c - 110, c - 25, c + 110, c + 25), fill=(255, 255, 255, 255))
    return image


def letters():
    image, draw = canvas()
    c = SIZE / 2
    draw.ellipse((20, 20, SIZE - 20, SIZE - 20), outline=(200, 80, 0, 255), width=28)
    text(draw, (c, c), "NPC", 100, (30, 30, 30, 255))
    return image


def eye():
    image, draw = canvas()
    c = SIZE / 2
    draw.polygon([(c, 20), (SIZE - 20, SIZE - 40), (20, SIZE - 40)], fill=(10, 10, 10, 255))
    draw.ellipse((c - 80, c - 20, c + 80, c + 70), fill=(255, 255, 255, 255))
    draw.ellipse((c - 35, c, c + 35, c + 55), fill=(0, 120, 200, 255))
    return image


def stripes():
    image, draw = canvas()
    draw.rounded_rectangle((20, 60, SIZE - 20, SIZE - 60), radius=30, fill=(200, 0, 0, 255))
    for i in range(4):
        x = 60 + i * 70
        draw.polygon([(x, 80), (x + 35, 80), (x + 5, SIZE - 80), (x - 30, SIZE - 80)], fill=(255, 255, 255, 255))
    return image


OTHERS = {"shield": shield, "hexagon": hexagon, "letters": letters, "eye": eye, "stripes": stripes}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("sample", "others"):
        sys.exit(__doc__)
    if sys.argv[1] == "sample":
        sample().save(sys.argv[2], optimize=True)
    else:
        import os

        os.makedirs(sys.argv[2], exist_ok=True)
        for name, draw in OTHERS.items():
            draw().save(os.path.join(sys.argv[2], name + ".png"), optimize=True)
