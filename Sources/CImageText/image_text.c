#include "image_text.h"

#include "image_decoders.h"
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct ls_image {
    PIX *grey;
};

struct ls_ocr {
    TessBaseAPI *api;
};

/// Where what Leptonica says while this thread decodes goes (nowhere outside a decode).
static _Thread_local ls_complaint leptonica_complaint;

/// Leptonica's own words (such as a TIFF whose data ends before its strips), first line.
static void keep_leptonica_message(const char *message) {
    ls_complain(leptonica_complaint, message, strcspn(message, "\n"));
}

static void silence_leptonica(void) {
    setMsgSeverity(L_SEVERITY_NONE);  // its error trail ("Error in pixReadMem: …") says less than the reason kept
    leptSetStderrHandler(keep_leptonica_message);
}

/// Leptonica prints its complaints on stderr; LeakScan reports them itself, with the file.
static void quiet(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, silence_leptonica);
}

int ls_image_probe(const uint8_t *data, size_t size, int32_t *width, int32_t *height, char *complaint, size_t complaint_size) {
    ls_complaint kept = {complaint, complaint_size};
    if (complaint_size > 0) complaint[0] = 0;
    if (ls_is_jpeg(data, size)) return ls_jpeg_size(data, size, width, height, kept);
    if (ls_is_png(data, size)) return ls_png_size(data, size, width, height, kept);
    if (ls_is_heif(data, size)) return ls_heif_size(data, size, width, height, kept);
    quiet();
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    leptonica_complaint = kept;
    int failed = pixReadHeaderMem(data, size, &format, &w, &h, &bps, &spp, &cmap);
    leptonica_complaint = (ls_complaint){0};
    if (failed) return -1;
    *width = w;
    *height = h;
    return 0;
}

/// Takes ownership of `grey` (NULL passes through).
static ls_image *wrap(PIX *grey) {
    if (!grey) return NULL;
    ls_image *image = malloc(sizeof(ls_image));
    if (!image) {
        pixDestroy(&grey);
        return NULL;
    }
    image->grey = grey;
    return image;
}

ls_image *ls_image_decode(const uint8_t *data, size_t size, char *complaint, size_t complaint_size) {
    ls_complaint kept = {complaint, complaint_size};
    if (complaint_size > 0) complaint[0] = 0;
    quiet();
    PIX *pix;
    if (ls_is_jpeg(data, size)) {
        pix = ls_jpeg_decode(data, size, kept);
    } else if (ls_is_png(data, size)) {
        pix = ls_png_decode(data, size, kept);
    } else if (ls_is_heif(data, size)) {
        pix = ls_heif_decode(data, size, kept);
    } else {
        leptonica_complaint = kept;
        pix = pixReadMem(data, size);
        leptonica_complaint = (ls_complaint){0};
    }
    if (!pix) return NULL;
    if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4) {
        PIX *flat = pixAlphaBlendUniform(pix, 0xffffff00);
        pixDestroy(&pix);
        pix = flat;
        if (!pix) return NULL;
    }
    PIX *grey = pixConvertTo8(pix, 0);
    pixDestroy(&pix);
    return wrap(grey);
}

ls_image *ls_image_from_grey(const uint8_t *pixels, int32_t width, int32_t height) {
    PIX *grey = pixCreate(width, height, 8);
    if (!grey) return NULL;
    l_uint32 *data = pixGetData(grey);
    l_int32 wpl = pixGetWpl(grey);
    for (int32_t y = 0; y < height; y++) {
        l_uint32 *line = data + y * wpl;
        for (int32_t x = 0; x < width; x++) SET_DATA_BYTE(line, x, pixels[(size_t)y * width + x]);
    }
    return wrap(grey);
}

int32_t ls_image_width(const ls_image *image) { return pixGetWidth(image->grey); }
int32_t ls_image_height(const ls_image *image) { return pixGetHeight(image->grey); }

void ls_image_grey(const ls_image *image, int32_t max_side, uint8_t *out, int32_t *width, int32_t *height) {
    PIX *source = image->grey;
    int32_t w = pixGetWidth(source), h = pixGetHeight(source);
    int32_t longer = w > h ? w : h;
    PIX *scaled = NULL;
    if (longer > max_side) {
        float factor = (float)max_side / (float)longer;
        scaled = pixScaleAreaMap(source, factor, factor);
        if (scaled) source = scaled;
    }
    w = pixGetWidth(source);
    h = pixGetHeight(source);
    if (w > max_side) w = max_side;
    if (h > max_side) h = max_side;
    l_uint32 *data = pixGetData(source);
    l_int32 wpl = pixGetWpl(source);
    for (int32_t y = 0; y < h; y++) {
        l_uint32 *line = data + y * wpl;
        for (int32_t x = 0; x < w; x++) out[y * w + x] = (uint8_t)GET_DATA_BYTE(line, x);
    }
    *width = w;
    *height = h;
    if (scaled) pixDestroy(&scaled);
}

void ls_image_free(ls_image *image) {
    if (!image) return;
    pixDestroy(&image->grey);
    free(image);
}

ls_ocr *ls_ocr_create(void) {
    quiet();
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) return NULL;
    if (TessBaseAPIInit3(api, NULL, "eng") != 0) {
        TessBaseAPIDelete(api);
        return NULL;
    }
    // Tesseract's own diagnostics go nowhere: failures are LeakScan's to report.
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    ls_ocr *ocr = malloc(sizeof(ls_ocr));
    if (!ocr) {
        TessBaseAPIDelete(api);
        return NULL;
    }
    ocr->api = api;
    return ocr;
}

char *ls_ocr_text(ls_ocr *ocr, const ls_image *image, float scale, int32_t deadline_ms, int32_t *timed_out) {
    *timed_out = 0;
    PIX *pix = image->grey;
    PIX *scaled = NULL;
    if (scale != 1.0f) {
        scaled = pixScale(pix, scale, scale);
        if (scaled) pix = scaled;
    }
    TessBaseAPISetImage2(ocr->api, pix);
    TessBaseAPISetSourceResolution(ocr->api, 300);
    ETEXT_DESC *monitor = TessMonitorCreate();
    TessMonitorSetDeadlineMSecs(monitor, deadline_ms);
    int failed = TessBaseAPIRecognize(ocr->api, monitor);
    TessMonitorDelete(monitor);
    char *text = NULL;
    if (failed) {
        *timed_out = 1;
    } else {
        char *found = TessBaseAPIGetUTF8Text(ocr->api);
        if (found) {
            text = strdup(found);
            TessDeleteText(found);
        }
    }
    TessBaseAPIClear(ocr->api);
    if (scaled) pixDestroy(&scaled);
    return text;
}

void ls_ocr_free_text(char *text) { free(text); }

void ls_ocr_free(ls_ocr *ocr) {
    if (!ocr) return;
    TessBaseAPIEnd(ocr->api);
    TessBaseAPIDelete(ocr->api);
    free(ocr);
}
