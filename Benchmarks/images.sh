#!/usr/bin/env bash
# Emblem matching and OCR, measured on real pictures (Benchmarks/RESULTS.md, "Pictures").
#
#   Benchmarks/images.sh [WORK_DIR]
#
# Fetches from PyPI the source distributions of Pillow and matplotlib and the scikit-image wheel
# (their test and sample pictures: photos, charts, figures, format test files), draws the sample
# emblem and five other emblems (scripts/images/emblems.py), puts each through eight
# transformations (scripts/images/robustness_set.py), and scores LeakScan's own emblem search
# on them and on every real picture (scripts/images/score.py). Then renders the seed article as
# screenshots in two fonts at three sizes and scores the OCR. Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${1:-/tmp/leakscan-images}
THRESHOLD=${THRESHOLD:-0.89}  # EmblemSearch's default
mkdir -p "$WORK/sources"
cd "$WORK/sources"
if [ ! -d pillow-11.0.0 ]; then
    python3 -m pip download --quiet --no-deps --no-binary :all: pillow==11.0.0
    tar xzf pillow-11.0.0.tar.gz
fi
if [ ! -d skimage ]; then
    python3 -m pip download --quiet --no-deps --only-binary :all: scikit-image==0.26.0
    mkdir -p skimage && (cd skimage && unzip -qo ../scikit_image-0.26.0-*.whl 'skimage/data/*')
fi
if [ ! -d matplotlib-3.9.2 ]; then
    # pip cannot fetch this sdist without building it; PyPI's simple index names the file.
    url=$(curl -fsS https://pypi.org/simple/matplotlib/ | grep -o 'https://[^"#]*matplotlib-3.9.2.tar.gz' | head -1)
    curl -fsSO "$url"
    tar xzf matplotlib-3.9.2.tar.gz
fi
cd "$ROOT"
swift build -c release --product image-quality >&2
TOOL=$ROOT/.build/release/image-quality

mkdir -p "$WORK/references" "$WORK/photos"
cp Patterns/logos/sample-emblem.png "$WORK/references/"
python3 scripts/images/emblems.py others "$WORK/references"
for photo in astronaut.png chelsea.png coffee.png rocket.jpg motorcycle_left.png camera.png; do
    cp "$WORK/sources/skimage/skimage/data/$photo" "$WORK/photos/"
done
python3 scripts/images/robustness_set.py "$WORK/references" "$WORK/photos" "$WORK/set"
(cd "$WORK/sources" && python3 "$ROOT/scripts/images/negatives.py" pillow-11.0.0/Tests/images skimage/skimage/data \
    matplotlib-3.9.2/lib/matplotlib/tests/baseline_images) > "$WORK/negatives.txt"

"$TOOL" emblems "$WORK/references" "$WORK"/set/positives/* > "$WORK/positives.jsonl"
# Two processes, one per core: the product's scan runs one search per worker the same way.
split -n l/2 "$WORK/negatives.txt" "$WORK/negatives."
for part in "$WORK"/negatives.a?; do
    (cd "$WORK/sources" && xargs "$TOOL" emblems "$WORK/references" < "$part" > "$part.jsonl") &
done
wait
cat "$WORK"/negatives.a?.jsonl > "$WORK/negatives.jsonl"

echo "### Emblems: sample plus five others, eight transformations each, against $(wc -l < "$WORK/negatives.txt") real pictures"
echo
python3 scripts/images/score.py emblems "$THRESHOLD" "$WORK/positives.jsonl" "$WORK/negatives.jsonl"
echo
python3 scripts/images/ocr_set.py ../shared/reference/seed-article.txt "$WORK/ocr"
(cd "$WORK/ocr" && "$TOOL" ocr ./*.png > "$WORK/ocr.jsonl")
echo "### OCR: the seed article as screenshots (Tesseract 5, English, one engine)"
echo
python3 scripts/images/score.py ocr "$WORK/ocr/truth.jsonl" "$WORK/ocr.jsonl"
