#ifndef LEAKSCAN_PDF_TEXT_H
#define LEAKSCAN_PDF_TEXT_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of leakscan_pdf_text.
typedef enum {
    LEAKSCAN_PDF_OK = 0,
    /// The document is encrypted and opens with no empty password.
    LEAKSCAN_PDF_ENCRYPTED = 1,
    /// Poppler could not read the document.
    LEAKSCAN_PDF_DAMAGED = 2,
    /// Text was cut at max_bytes or the time limit; what was read is returned.
    LEAKSCAN_PDF_LIMIT = 3,
} leakscan_pdf_status;

/// Text of every page of a PDF held in memory, pages separated by form feeds, through
/// poppler (the engine and layout pdftotext uses). The text is malloc'd UTF-8 in *text (free it with
/// leakscan_pdf_free); *pages is the page count; *message a malloc'd reason when not OK.
/// Stops after max_bytes of text or once seconds have passed (checked between pages).
/// The 0-based indices of the pages read whose text, white space aside, is shorter than 20
/// characters (scans: their content is a picture), at most max_textless of them, go into
/// textless, their number into *textless_count. The document's information dictionary, as
/// "Key: value" lines (dates, the producing software and the author left out), goes malloc'd
/// into *properties (NULL when it holds nothing else).
leakscan_pdf_status leakscan_pdf_text(
    const uint8_t *data, size_t length, size_t max_bytes, double seconds,
    char **text, size_t *text_length, int *pages, char **message, int *textless, int max_textless, int *textless_count,
    char **properties, size_t *properties_length);

/// Renders page `index` (0-based) of a PDF held in memory at `dpi` to 8-bit grey pixels, row by
/// row, malloc'd in *grey (free with leakscan_pdf_free). Pages larger than max_pixels at that
/// resolution are rendered at a lower one. Returns 0, or -1 when the page cannot be rendered.
/// For the pictures on pages that carry no text (scanned documents): LeakScan reads them as it
/// reads any picture.
int leakscan_pdf_render_page(
    const uint8_t *data, size_t length, int index, double dpi, long max_pixels, uint8_t **grey, int *width, int *height);

/// What a PDF holds beside its pages' text, through qpdf's object model: the contents of its
/// annotations (sticky notes, free text, highlights' comments) and its form fields' values
/// ("name: value"), one per line, malloc'd UTF-8 in *text (NULL when there is none). A field
/// filled by a program often has no appearance, and a note shows only when opened: poppler's
/// page text has neither. Returns 0, or -1 when qpdf cannot read the file (encrypted, damaged:
/// what poppler reported is the problem given).
int leakscan_pdf_annotations(const uint8_t *data, size_t length, char **text, size_t *text_length);

void leakscan_pdf_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
