#ifndef LEAKSCAN_IMAGE_TEXT_H
#define LEAKSCAN_IMAGE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/// A plain C face for Leptonica (image decoding) and Tesseract (OCR), so that Swift imports
/// a handful of functions instead of Leptonica's 3,000-declaration header.

/// A decoded image, converted to 8-bit grey (alpha composited over white).
typedef struct ls_image ls_image;

/// The declared size of an image, read from its header only (no pixel is decoded): 0 and the
/// size, or -1 when the header cannot be read. What the decoder said is written to
/// `complaint` (room for `complaint_size` bytes; empty when it said nothing).
int ls_image_probe(const uint8_t *data, size_t size, int32_t *width, int32_t *height, char *complaint, size_t complaint_size);

/// Decodes `data` (PNG, JPEG, HEIF and AVIF, GIF, BMP, TIFF, WebP, PNM, JPEG 2000) to grey; NULL when it
/// cannot be decoded. A JPEG or PNG damaged part-way is decoded as far as its data goes, and
/// returned with the damage described in `complaint`; nothing is printed on stderr.
ls_image *ls_image_decode(const uint8_t *data, size_t size, char *complaint, size_t complaint_size);
/// An image from 8-bit grey pixels, row by row (a rendered PDF page); NULL when out of memory.
ls_image *ls_image_from_grey(const uint8_t *pixels, int32_t width, int32_t height);
int32_t ls_image_width(const ls_image *image);
int32_t ls_image_height(const ls_image *image);

/// The grey pixels scaled (area-averaged) so that the longer side is at most `max_side`, row
/// by row into `out` (room for max_side * max_side bytes); writes the size used.
void ls_image_grey(const ls_image *image, int32_t max_side, uint8_t *out, int32_t *width, int32_t *height);
void ls_image_free(ls_image *image);

/// One Tesseract engine (English); not thread-safe, so one per worker. NULL when the
/// language data is missing.
typedef struct ls_ocr ls_ocr;
ls_ocr *ls_ocr_create(void);

/// The text in `image` as UTF-8 (free with ls_ocr_free_text), scaled by `scale` first (small
/// screen text reads better enlarged); `*timed_out` is set when `deadline_ms` cut it short.
char *ls_ocr_text(ls_ocr *ocr, const ls_image *image, float scale, int32_t deadline_ms, int32_t *timed_out);
void ls_ocr_free_text(char *text);
void ls_ocr_free(ls_ocr *ocr);

#endif
