// PDF text through poppler's C++ API: page::text() runs poppler's TextOutputDev with the
// reading-order layout pdftotext uses, so LeakScan reads what pdftotext reads (poppler-glib's
// selection-based text glued neighbouring columns and dropped form fields).
#include "pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace {

char *copy(const std::string &text) {
    char *out = static_cast<char *>(std::malloc(text.size() + 1));
    if (out) std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

// Whether text holds a PDF date (`D:` and at least eight digits).
bool carries_pdf_date(const std::string &text) {
    for (size_t at = text.find("D:"); at != std::string::npos; at = text.find("D:", at + 1)) {
        size_t digits = 0;
        while (at + 2 + digits < text.size() && std::isdigit(static_cast<unsigned char>(text[at + 2 + digits]))) digits++;
        if (digits >= 8) return true;
    }
    return false;
}

// Poppler reports syntax errors of damaged files on stderr; LeakScan reports the outcome.
void quiet(const std::string &, void *) {}

}  // namespace

extern "C" leakscan_pdf_status leakscan_pdf_text(
    const uint8_t *data, size_t length, size_t max_bytes, double seconds,
    char **text, size_t *text_length, int *pages, char **message, int *textless, int max_textless, int *textless_count,
    char **properties, size_t *properties_length) {
    static std::once_flag silenced;
    std::call_once(silenced, [] {
        poppler::set_debug_error_function(quiet, nullptr);
        // Poppler builds its global parameters (font tables, encodings) when the first open
        // document needs them and frees them with the last one, so every attachment rebuilt
        // them: a sixth of the CPU of scanning realistic mail. One small document kept open
        // until the process exits keeps them.
        static const char keeper[] =
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
        static std::unique_ptr<poppler::document> kept(
            poppler::document::load_from_raw_data(keeper, static_cast<int>(sizeof keeper - 1)));
    });
    *text = nullptr;
    *text_length = 0;
    *pages = 0;
    *message = nullptr;
    *textless_count = 0;
    *properties = nullptr;
    *properties_length = 0;
    const auto started = std::chrono::steady_clock::now();
    try {
        std::unique_ptr<poppler::document> document(
            poppler::document::load_from_raw_data(reinterpret_cast<const char *>(data), static_cast<int>(length)));
        if (!document) {
            *message = copy("not a readable PDF");
            return LEAKSCAN_PDF_DAMAGED;
        }
        if (document->is_locked()) {
            *message = copy("opens only with a password");
            return LEAKSCAN_PDF_ENCRYPTED;
        }
        // The information dictionary: Title, Subject, Keywords and any key the producer added
        // (a sensitivity label's name, a Classification), which no page need show. Software
        // stamps are left out: keys a program namespaces (`PTEX.Fullbanner`) and values that
        // carry a PDF date (`PXCViewerInfo`: a viewer's version and `D:20220714153330`, whose
        // digits passed for a card number).
        std::string info;
        for (const std::string &key : document->info_keys()) {
            if (key == "CreationDate" || key == "ModDate" || key == "Producer" || key == "Creator" || key == "Author" || key == "Trapped"
                || key.find('.') != std::string::npos)
                continue;
            const poppler::byte_array utf8 = document->info_key(key).to_utf8();
            const std::string value(utf8.data(), utf8.size());
            if (value.empty() || carries_pdf_date(value)) continue;
            info += key + ": " + value + "\n";
        }
        if (!info.empty()) {
            *properties = copy(info);
            *properties_length = info.size();
        }
        const int count = document->pages();
        *pages = count;
        std::string out;
        leakscan_pdf_status status = LEAKSCAN_PDF_OK;
        for (int index = 0; index < count; index++) {
            const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
            if (elapsed.count() > seconds) {
                status = LEAKSCAN_PDF_LIMIT;
                *message = copy("time limit reached after " + std::to_string(index) + " of " + std::to_string(count) + " pages");
                break;
            }
            std::unique_ptr<poppler::page> page(document->create_page(index));
            if (!page) continue;
            const poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
            int characters = 0;
            for (char byte : utf8) {
                if (byte != ' ' && byte != '\n' && byte != '\r' && byte != '\t' && byte != '\f') characters++;
            }
            if (characters < 20 && *textless_count < max_textless) textless[(*textless_count)++] = index;
            out.append(utf8.data(), utf8.size());
            out.push_back('\f');
            if (out.size() > max_bytes) {
                out.resize(max_bytes);
                status = LEAKSCAN_PDF_LIMIT;
                *message = copy("text longer than " + std::to_string(max_bytes) + " bytes");
                break;
            }
        }
        *text = copy(out);
        *text_length = out.size();
        return status;
    } catch (const std::exception &error) {
        *message = copy(std::string("poppler failed: ") + error.what());
        return LEAKSCAN_PDF_DAMAGED;
    }
}

namespace {

std::unique_ptr<poppler::document> open_unlocked(const uint8_t *data, size_t length) {
    std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(reinterpret_cast<const char *>(data), static_cast<int>(length)));
    if (!document || document->is_locked()) return nullptr;
    return document;
}

}  // namespace

extern "C" int leakscan_pdf_render_page(
    const uint8_t *data, size_t length, int index, double dpi, long max_pixels, uint8_t **grey, int *width, int *height) {
    *grey = nullptr;
    try {
        auto document = open_unlocked(data, length);
        if (!document || index < 0 || index >= document->pages()) return -1;
        std::unique_ptr<poppler::page> page(document->create_page(index));
        if (!page) return -1;
        const poppler::rectf box = page->page_rect();
        const double points = box.width() * box.height();
        if (points <= 0) return -1;
        const double area = points * (dpi / 72.0) * (dpi / 72.0);
        if (area > static_cast<double>(max_pixels)) dpi *= std::sqrt(static_cast<double>(max_pixels) / area);
        poppler::page_renderer renderer;
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        renderer.set_image_format(poppler::image::format_gray8);
        poppler::image image = renderer.render_page(page.get(), dpi, dpi);
        if (!image.is_valid()) return -1;
        const int w = image.width(), h = image.height(), row = image.bytes_per_row();
        uint8_t *out = static_cast<uint8_t *>(std::malloc(static_cast<size_t>(w) * h));
        if (!out) return -1;
        const auto *pixels = reinterpret_cast<const uint8_t *>(image.const_data());
        for (int y = 0; y < h; y++) {
            const uint8_t *line = pixels + static_cast<size_t>(y) * row;
            for (int x = 0; x < w; x++) {
                uint8_t value;
                switch (image.format()) {
                case poppler::image::format_gray8: value = line[x]; break;
                case poppler::image::format_argb32: value = (line[4 * x] * 29 + line[4 * x + 1] * 150 + line[4 * x + 2] * 77) >> 8; break;
                case poppler::image::format_rgb24: value = (line[3 * x] * 77 + line[3 * x + 1] * 150 + line[3 * x + 2] * 29) >> 8; break;
                default:
                    std::free(out);
                    return -1;
                }
                out[static_cast<size_t>(y) * w + x] = value;
            }
        }
        *grey = out;
        *width = w;
        *height = h;
        return 0;
    } catch (const std::exception &) {
        return -1;
    }
}

extern "C" void leakscan_pdf_free(void *pointer) { std::free(pointer); }
