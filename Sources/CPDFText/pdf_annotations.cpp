// Annotations and form fields through qpdf: poppler-cpp, which reads the pages' text, has no
// API for either, and qpdf's object helpers are its stable, documented way to them.
#include "pdf_text.h"

// qpdf 11's pointer type without its transitional PointerHolder (as its header asks).
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFAnnotationObjectHelper.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

namespace {

// A line of text without its line breaks, so one annotation stays one line.
std::string one_line(std::string text) {
    for (char &byte : text) {
        if (byte == '\r' || byte == '\n') byte = ' ';
    }
    return text;
}

}  // namespace

extern "C" int leakscan_pdf_annotations(const uint8_t *data, size_t length, char **text, size_t *text_length) {
    *text = nullptr;
    *text_length = 0;
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.setAttemptRecovery(true);
        pdf.processMemoryFile("attachment", reinterpret_cast<const char *>(data), length);
        std::string out;
        // Notes, comments on highlights, free text: an annotation's /Contents. Widgets are
        // form fields, read below with their names.
        for (QPDFPageObjectHelper &page : QPDFPageDocumentHelper(pdf).getAllPages()) {
            for (QPDFAnnotationObjectHelper &annotation : page.getAnnotations()) {
                if (annotation.getSubtype() == "/Widget") continue;
                QPDFObjectHandle contents = annotation.getObjectHandle().getKey("/Contents");
                if (contents.isString()) {
                    const std::string value = contents.getUTF8Value();
                    if (!value.empty()) out += one_line(value) + "\n";
                }
            }
        }
        QPDFAcroFormDocumentHelper form(pdf);
        for (QPDFFormFieldObjectHelper &field : form.getFormFields()) {
            const std::string value = field.getValueAsString();
            if (value.empty() || field.isCheckbox() || field.isRadioButton()) continue;
            out += one_line(field.getFullyQualifiedName()) + ": " + one_line(value) + "\n";
        }
        if (!out.empty()) {
            *text = static_cast<char *>(std::malloc(out.size() + 1));
            if (!*text) return -1;
            std::memcpy(*text, out.c_str(), out.size() + 1);
            *text_length = out.size();
        }
        return 0;
    } catch (const std::exception &) {
        return -1;
    }
}
