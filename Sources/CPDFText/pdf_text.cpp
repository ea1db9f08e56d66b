// PDF text through poppler's C++ API: page::text() runs poppler's TextOutputDev with the
// reading-order layout pdftotext uses, so LeakScan reads what pdftotext reads (poppler-glib's
// selection-based text glued neighbouring columns and dropped form fields).
#include "pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <chrono>
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

// Poppler reports syntax errors of damaged files on stderr; LeakScan reports the outcome.
void quiet(const std::string &, void *) {}

}  // namespace

extern "C" leakscan_pdf_status leakscan_pdf_text(
    const uint8_t *data, size_t length, size_t max_bytes, double seconds,
    char **text, size_t *text_length, int *pages, char **message) {
    static std::once_flag silenced;
    std::call_once(silenced, [] { poppler::set_debug_error_function(quiet, nullptr); });
    *text = nullptr;
    *text_length = 0;
    *pages = 0;
    *message = nullptr;
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

extern "C" void leakscan_pdf_free(void *pointer) { std::free(pointer); }
