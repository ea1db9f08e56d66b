#ifndef LEAKSCAN_XML_READER_H
#define LEAKSCAN_XML_READER_H
#include <stddef.h>
#include <stdint.h>

/// A streaming XML reader over a buffer, through libxml2's xmlTextReader. Plain C types only:
/// libxml2's own headers pull in ICU, whose definitions clash with Foundation's copy.
typedef struct leakscan_xml_reader leakscan_xml_reader;

typedef enum {
    LEAKSCAN_XML_START = 1,
    LEAKSCAN_XML_END = 2,
    LEAKSCAN_XML_TEXT = 3,
} leakscan_xml_event;

/// Opens a reader over data (which must outlive it): no network, no external entities.
leakscan_xml_reader *leakscan_xml_open(const uint8_t *data, size_t length);

/// The next start tag, end tag or text: 1 with *event set, 0 at the end, -1 on malformed XML.
/// *name is the local name (tags); *text / *length the UTF-8 text; both valid until the next call.
int leakscan_xml_next(
    leakscan_xml_reader *reader, leakscan_xml_event *event, const char **name, const uint8_t **text, size_t *length,
    int *is_empty);

/// The current start tag's attribute by qualified name, malloc'd (free with leakscan_xml_free), or NULL.
char *leakscan_xml_attribute(leakscan_xml_reader *reader, const char *name);

/// The last parse error's message, or NULL.
const char *leakscan_xml_error(void);

void leakscan_xml_free(void *pointer);
void leakscan_xml_close(leakscan_xml_reader *reader);
#endif
