#ifndef LEAKSCAN_IMAGE_DECODERS_H
#define LEAKSCAN_IMAGE_DECODERS_H

#include <leptonica/allheaders.h>
#include <stddef.h>
#include <stdint.h>

/// JPEG and PNG read with libjpeg and libpng directly, not through Leptonica: both libraries
/// print their complaints about damaged data on stderr unless the caller installs handlers,
/// and Leptonica installs none. A nightly scan's log then held lines such as "Premature end of
/// JPEG file" with no file named. Here every complaint is kept for the caller to report with
/// the attachment's name, and a picture damaged part-way is decoded as far as its data goes.

/// Where a decoder writes its first complaint (NUL-terminated, cut to `size`).
typedef struct {
    char *text;
    size_t size;
} ls_complaint;

/// Keeps the first `length` bytes of `message` unless a complaint is kept already.
void ls_complain(ls_complaint complaint, const char *message, size_t length);

/// Whether `data` starts with the JPEG or the PNG signature.
int ls_is_jpeg(const uint8_t *data, size_t size);
int ls_is_png(const uint8_t *data, size_t size);
int ls_is_heif(const uint8_t *data, size_t size);

/// The declared size from the header alone: 0, or -1 with a complaint.
int ls_jpeg_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint);
int ls_png_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint);
int ls_heif_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint);

/// The picture as Leptonica would have read it (8-bit grey, or 32-bit RGB(A)); NULL with a
/// complaint when nothing could be decoded. A picture returned with a complaint is damaged:
/// the rows past the damage are libjpeg's grey, or transparent.
PIX *ls_jpeg_decode(const uint8_t *data, size_t size, ls_complaint complaint);
PIX *ls_png_decode(const uint8_t *data, size_t size, ls_complaint complaint);
/// HEIF and AVIF, which Leptonica does not read, by libheif: no picture when it is damaged.
PIX *ls_heif_decode(const uint8_t *data, size_t size, ls_complaint complaint);

#endif
