#include "image_decoders.h"

#include <jpeglib.h>
#include <jerror.h>
#include <libheif/heif.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_complain(ls_complaint complaint, const char *message, size_t length) {
    if (complaint.size == 0 || complaint.text[0] != 0) return;
    snprintf(complaint.text, complaint.size, "%.*s", (int)length, message);
}

static void keep(ls_complaint complaint, const char *message) { ls_complain(complaint, message, strlen(message)); }

/// The first bytes Leptonica tells the formats by, so that what it would have read as JPEG or
/// PNG is read here instead.
int ls_is_jpeg(const uint8_t *data, size_t size) { return size >= 2 && data[0] == 0xFF && data[1] == 0xD8; }

int ls_is_png(const uint8_t *data, size_t size) {
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return size >= 8 && memcmp(data, signature, 8) == 0;
}

/// HEIF (an iPhone's HEIC photos) and AVIF: an ISO media file whose `ftyp` box names an image
/// brand. A video's `ftyp` names another brand.
int ls_is_heif(const uint8_t *data, size_t size) {
    static const char *brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"};
    if (size < 12 || memcmp(data + 4, "ftyp", 4) != 0) return 0;
    for (size_t index = 0; index < sizeof brands / sizeof *brands; index++) {
        if (memcmp(data + 8, brands[index], 4) == 0) return 1;
    }
    return 0;
}

/* ---- JPEG ------------------------------------------------------------------------------ */

/// libjpeg's error manager (first, so libjpeg sees only it), where to jump back to, and where
/// complaints go. libjpeg's default prints every warning and exits the process on an error.
typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    ls_complaint complaint;
} jpeg_failure;

static void jpeg_keep(j_common_ptr info) {
    char message[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, message);
    keep(((jpeg_failure *)info->err)->complaint, message);
}

/// A fatal error: its message replaces a warning kept before it (it says why decoding stopped).
static void jpeg_fail(j_common_ptr info) {
    ls_complaint complaint = ((jpeg_failure *)info->err)->complaint;
    if (complaint.size > 0) complaint.text[0] = 0;
    jpeg_keep(info);
    longjmp(((jpeg_failure *)info->err)->jump, 1);
}

/// Warnings (level -1) say the data is corrupt or ends early, except the few about metadata,
/// which do not touch a pixel; trace messages (level 0 and up) are dropped.
static void jpeg_emit(j_common_ptr info, int level) {
    if (level >= 0) return;
    int code = info->err->msg_code;
    if (code == JWRN_ADOBE_XFORM || code == JWRN_JFIF_MAJOR || code == JWRN_BOGUS_ICC) return;
    info->err->num_warnings++;
    jpeg_keep(info);
}

static void jpeg_prepare(struct jpeg_decompress_struct *info, jpeg_failure *failure, ls_complaint complaint) {
    memset(info, 0, sizeof *info);  // so that a failed create leaves nothing for destroy to free
    info->err = jpeg_std_error(&failure->manager);
    failure->manager.error_exit = jpeg_fail;
    failure->manager.emit_message = jpeg_emit;
    failure->manager.output_message = jpeg_keep;
    failure->complaint = complaint;
}

int ls_jpeg_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint) {
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    jpeg_prepare(&info, &failure, complaint);
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    *width = (int32_t)info.image_width;
    *height = (int32_t)info.image_height;
    jpeg_destroy_decompress(&info);
    return 0;
}

/// One decoded row into a Leptonica line: grey as it is, RGB packed, CMYK (Adobe's inverted or
/// plain) to RGB by Leptonica's own formulas, so a picture reads as it did through Leptonica.
static void jpeg_store_row(const JSAMPLE *row, int components, int adobe, int32_t width, l_uint32 *line) {
    for (int32_t x = 0; x < width; x++) {
        if (components == 1) {
            SET_DATA_BYTE(line, x, row[x]);
        } else if (components == 3) {
            composeRGBPixel(row[3 * x], row[3 * x + 1], row[3 * x + 2], line + x);
        } else {
            int cyan = row[4 * x], magenta = row[4 * x + 1], yellow = row[4 * x + 2], black = row[4 * x + 3];
            int red = adobe ? black * cyan / 255 : black * (255 - cyan) / 255;
            int green = adobe ? black * magenta / 255 : black * (255 - magenta) / 255;
            int blue = adobe ? black * yellow / 255 : black * (255 - yellow) / 255;
            composeRGBPixel(red, green, blue, line + x);
        }
    }
}

/// The orientation (1–8) an EXIF structure (a TIFF header and its first directory) gives in
/// its tag 0x0112; 1 when it gives none. A phone stores a portrait photo's pixels as the sensor
/// saw them, sideways, and says in this tag how to turn them: every viewer shows it turned, and
/// so must OCR and the emblem search.
static int tiff_orientation(const uint8_t *tiff, size_t size) {
    if (size < 8) return 1;
    int little = tiff[0] == 'I' && tiff[1] == 'I';
    if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
#define LS_U16(p) (little ? (uint32_t)(p)[0] | (uint32_t)(p)[1] << 8 : (uint32_t)(p)[0] << 8 | (uint32_t)(p)[1])
#define LS_U32(p) (little ? LS_U16(p) | LS_U16((p) + 2) << 16 : LS_U16(p) << 16 | LS_U16((p) + 2))
    uint32_t directory = LS_U32(tiff + 4);
    if (directory > size - 2) return 1;
    uint32_t entries = LS_U16(tiff + directory);
    for (uint32_t entry = 0; entry < entries; entry++) {
        size_t at = (size_t)directory + 2 + (size_t)entry * 12;
        if (at + 12 > size) break;
        if (LS_U16(tiff + at) == 0x0112) {
            uint32_t value = LS_U16(tiff + at + 8);
            return value >= 1 && value <= 8 ? (int)value : 1;
        }
    }
#undef LS_U32
#undef LS_U16
    return 1;
}

/// The EXIF orientation in the APP1 segments libjpeg kept; 1 when there is none.
static int jpeg_orientation(struct jpeg_decompress_struct *info) {
    for (jpeg_saved_marker_ptr marker = info->marker_list; marker; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 14 || memcmp(marker->data, "Exif\0\0", 6) != 0) continue;
        return tiff_orientation(marker->data + 6, marker->data_length - 6);
    }
    return 1;
}

/// `pix` turned and mirrored as EXIF orientation `orientation` says it is shown (takes
/// ownership; the picture as stored when turning it fails).
static PIX *oriented(PIX *pix, int orientation) {
    static const int quarters[9] = {0, 0, 0, 2, 0, 1, 1, 1, 3};  // clockwise quarter turns
    static const int mirror[9] = {0, 0, 1, 0, 2, 1, 0, 2, 0};    // then 1: left-right, 2: top-bottom
    if (orientation <= 1 || orientation > 8) return pix;
    PIX *turned = quarters[orientation] ? pixRotateOrth(pix, quarters[orientation]) : pixCopy(NULL, pix);
    if (!turned) return pix;
    PIX *shown = mirror[orientation] == 1 ? pixFlipLR(NULL, turned) : mirror[orientation] == 2 ? pixFlipTB(NULL, turned) : turned;
    if (shown != turned) pixDestroy(&turned);
    if (!shown) return pix;
    pixDestroy(&pix);
    return shown;
}

PIX *ls_jpeg_decode(const uint8_t *data, size_t size, ls_complaint complaint) {
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    jpeg_prepare(&info, &failure, complaint);
    PIX *volatile pix = NULL;
    JSAMPLE *volatile row = NULL;
    volatile int32_t decoded = 0;
    volatile int orientation = 1;
    if (setjmp(failure.jump)) {
        // Rows decoded before a fatal error are kept (the rest stay white).
        jpeg_destroy_decompress(&info);
        free(row);
        PIX *partial = pix;
        if (decoded == 0) pixDestroy(&partial);
        return partial ? oriented(partial, orientation) : NULL;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&info, TRUE);
    orientation = jpeg_orientation(&info);
    jpeg_start_decompress(&info);
    int components = info.output_components;
    int32_t width = (int32_t)info.output_width, height = (int32_t)info.output_height;
    if (components != 1 && components != 3 && components != 4) {
        keep(complaint, "JPEG with a colour space of other than 1, 3 or 4 components");
        jpeg_destroy_decompress(&info);
        return NULL;
    }
    pix = pixCreate(width, height, components == 1 ? 8 : 32);
    row = malloc((size_t)width * (size_t)components);
    if (!pix || !row) {
        keep(complaint, "out of memory for the decoded picture");
        jpeg_destroy_decompress(&info);
        free(row);
        PIX *unused = pix;
        pixDestroy(&unused);
        return NULL;
    }
    pixSetAll(pix);
    l_uint32 *pixels = pixGetData(pix);
    l_int32 wpl = pixGetWpl(pix);
    while ((int32_t)info.output_scanline < height) {
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&info, rows, 1) != 1) break;
        jpeg_store_row(row, components, info.saw_Adobe_marker, width, pixels + (size_t)decoded * wpl);
        decoded = decoded + 1;
    }
    if (decoded == height) {
        jpeg_finish_decompress(&info);
    } else {
        keep(complaint, "JPEG data ends before its last row");  // a source that suspends; not libjpeg's memory source
    }
    jpeg_destroy_decompress(&info);
    free(row);
    return oriented(pix, orientation);
}

/* ---- PNG ------------------------------------------------------------------------------- */

/// The bytes libpng reads from, where to jump back to, and where complaints go.
typedef struct {
    jmp_buf jump;
    ls_complaint complaint;
    const uint8_t *data;
    size_t size;
    size_t at;
    /// Rows decoded so far (of every pass, for an interlaced picture).
    volatile png_uint_32 rows;
} png_source;

static void png_fail(png_structp png, png_const_charp message) {
    png_source *source = png_get_error_ptr(png);
    keep(source->complaint, message);
    longjmp(source->jump, 1);
}

/// libpng warns about ancillary chunks (a colour profile, text) it skips; the pixels are whole,
/// so these are not damage.
static void png_ignore(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void png_take(png_structp png, png_bytep out, size_t count) {
    png_source *source = png_get_io_ptr(png);
    if (count > source->size - source->at) png_error(png, "PNG data ends early");
    memcpy(out, source->data + source->at, count);
    source->at += count;
}

static void png_row_done(png_structp png, png_uint_32 row, int pass) {
    (void)row;
    (void)pass;
    ((png_source *)png_get_io_ptr(png))->rows++;
}

/// The size in the header chunk, which the format puts first: read from its bytes, so that
/// chunks between it and the pixels (a colour profile, text) cost nothing to skip.
int ls_png_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint) {
    if (size < 8 + 8 + 13 || memcmp(data + 8, "\0\0\0\x0dIHDR", 8) != 0) {
        keep(complaint, "PNG without a header chunk first");
        return -1;
    }
    uint32_t declared[2];
    for (int i = 0; i < 2; i++) {
        const uint8_t *field = data + 16 + 4 * i;
        declared[i] = (uint32_t)field[0] << 24 | (uint32_t)field[1] << 16 | (uint32_t)field[2] << 8 | field[3];
    }
    if (declared[0] > 0x7FFFFFFF || declared[1] > 0x7FFFFFFF) {
        keep(complaint, "PNG declares a size over 2^31");
        return -1;
    }
    *width = (int32_t)declared[0];
    *height = (int32_t)declared[1];
    return 0;
}

/// The EXIF orientation in a PNG's `eXIf` chunk (as phones and Pillow write it, sometimes
/// with the JPEG segment's `Exif` prefix); 1 when there is none.
static int png_orientation(png_structp png, png_infop info) {
    png_uint_32 size = 0;
    png_bytep exif = NULL;
    if (!png_get_eXIf_1(png, info, &size, &exif) || exif == NULL) return 1;
    if (size >= 6 && memcmp(exif, "Exif\0\0", 6) == 0) return tiff_orientation(exif + 6, size - 6);
    return tiff_orientation(exif, size);
}

PIX *ls_png_decode(const uint8_t *data, size_t size, ls_complaint complaint) {
    png_source source = {.complaint = complaint, .data = data, .size = size};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, png_fail, png_ignore);
    if (!png) return NULL;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return NULL;
    }
    PIX *volatile pix = NULL;
    png_bytep *volatile rows = NULL;
    volatile int orientation = 1;
    if (setjmp(source.jump)) {
        // Rows decoded before the damage are kept (the rest stay white).
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        PIX *partial = pix;
        if (source.rows == 0) pixDestroy(&partial);
        if (partial) pixEndianByteSwap(partial);
        return partial ? oriented(partial, orientation) : NULL;
    }
    png_set_read_fn(png, &source, png_take);
    png_set_read_status_fn(png, png_row_done);
    // Compressed data is read 1 KiB at a time (libpng's default is 8 KiB), so a picture cut
    // short loses at most the last KiB before the cut, not the last 8.
    png_set_compression_buffer_size(png, 1024);
    png_read_info(png, info);
    orientation = png_orientation(png, info);
    int has_alpha = (png_get_color_type(png, info) & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    // Every kind of PNG as 8-bit RGBA: the one layout a 32-bit Leptonica picture has.
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    pix = pixCreate((l_int32)width, (l_int32)height, 32);
    rows = malloc(sizeof(png_bytep) * (height ? height : 1));
    if (!pix || !rows) png_error(png, "out of memory for the decoded picture");
    pixSetAll(pix);
    pixSetSpp(pix, has_alpha ? 4 : 3);
    l_uint32 *pixels = pixGetData(pix);
    l_int32 wpl = pixGetWpl(pix);
    for (png_uint_32 y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * wpl);
    png_read_image(png, rows);
    // An eXIf chunk after the pixels is read too (the format allows it there).
    png_read_end(png, info);
    if (orientation == 1) orientation = png_orientation(png, info);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    // libpng wrote R, G, B, A in memory order; a Leptonica word holds them from its high byte.
    pixEndianByteSwap(pix);
    return oriented(pix, orientation);
}

/* ---- HEIF ------------------------------------------------------------------------------ */

/// The primary picture's handle, or NULL with libheif's reason kept; `*context` to free after.
static struct heif_image_handle *heif_primary(const uint8_t *data, size_t size, struct heif_context **context, ls_complaint complaint) {
    *context = heif_context_alloc();
    if (!*context) {
        keep(complaint, "out of memory for the HEIF file");
        return NULL;
    }
    struct heif_error error = heif_context_read_from_memory_without_copy(*context, data, size, NULL);
    struct heif_image_handle *handle = NULL;
    if (error.code == heif_error_Ok) error = heif_context_get_primary_image_handle(*context, &handle);
    if (error.code != heif_error_Ok) {
        keep(complaint, error.message);
        return NULL;
    }
    return handle;
}

int ls_heif_size(const uint8_t *data, size_t size, int32_t *width, int32_t *height, ls_complaint complaint) {
    struct heif_context *context;
    struct heif_image_handle *handle = heif_primary(data, size, &context, complaint);
    if (handle) {
        *width = heif_image_handle_get_width(handle);
        *height = heif_image_handle_get_height(handle);
        heif_image_handle_release(handle);
    }
    heif_context_free(context);
    return handle ? 0 : -1;
}

/// The primary picture, turned and mirrored as the file says it is shown (libheif applies
/// the `irot` and `imir` properties), as 32-bit RGB(A).
PIX *ls_heif_decode(const uint8_t *data, size_t size, ls_complaint complaint) {
    struct heif_context *context;
    struct heif_image_handle *handle = heif_primary(data, size, &context, complaint);
    PIX *pix = NULL;
    if (handle) {
        int alpha = heif_image_handle_has_alpha_channel(handle);
        struct heif_image *image = NULL;
        struct heif_error error = heif_decode_image(
            handle, &image, heif_colorspace_RGB, alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, NULL);
        if (error.code != heif_error_Ok) {
            keep(complaint, error.message);
        } else {
            int stride = 0;
            const uint8_t *plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
            int width = heif_image_get_width(image, heif_channel_interleaved);
            int height = heif_image_get_height(image, heif_channel_interleaved);
            pix = plane && width > 0 && height > 0 ? pixCreate(width, height, 32) : NULL;
            if (pix) {
                pixSetSpp(pix, alpha ? 4 : 3);
                l_uint32 *pixels = pixGetData(pix);
                l_int32 wpl = pixGetWpl(pix);
                int step = alpha ? 4 : 3;
                for (int y = 0; y < height; y++) {
                    const uint8_t *row = plane + (size_t)y * stride;
                    l_uint32 *line = pixels + (size_t)y * wpl;
                    for (int x = 0; x < width; x++) {
                        const uint8_t *pixel = row + (size_t)x * step;
                        composeRGBAPixel(pixel[0], pixel[1], pixel[2], alpha ? pixel[3] : 255, line + x);
                    }
                }
            } else {
                keep(complaint, "HEIF picture without pixels");
            }
            heif_image_release(image);
        }
        heif_image_handle_release(handle);
    }
    heif_context_free(context);
    return pix;
}
