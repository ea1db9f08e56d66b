#include "xml_reader.h"
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

struct leakscan_xml_reader {
    xmlTextReaderPtr reader;
};

leakscan_xml_reader *leakscan_xml_open(const uint8_t *data, size_t length) {
    if (length > 0x7fffffff) return NULL;
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
    xmlTextReaderPtr reader = xmlReaderForMemory((const char *)data, (int)length, NULL, NULL, options);
    if (!reader) return NULL;
    leakscan_xml_reader *wrapper = malloc(sizeof *wrapper);
    if (!wrapper) {
        xmlFreeTextReader(reader);
        return NULL;
    }
    wrapper->reader = reader;
    return wrapper;
}

int leakscan_xml_next(
    leakscan_xml_reader *wrapper, leakscan_xml_event *event, const char **name, const uint8_t **text, size_t *length,
    int *is_empty) {
    for (;;) {
        int status = xmlTextReaderRead(wrapper->reader);
        if (status == 0) return 0;
        if (status != 1) return -1;
        switch (xmlTextReaderNodeType(wrapper->reader)) {
        case XML_READER_TYPE_ELEMENT:
            *event = LEAKSCAN_XML_START;
            *name = (const char *)xmlTextReaderConstLocalName(wrapper->reader);
            *is_empty = xmlTextReaderIsEmptyElement(wrapper->reader) == 1;
            return 1;
        case XML_READER_TYPE_END_ELEMENT:
            *event = LEAKSCAN_XML_END;
            *name = (const char *)xmlTextReaderConstLocalName(wrapper->reader);
            *is_empty = 0;
            return 1;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const xmlChar *value = xmlTextReaderConstValue(wrapper->reader);
            if (!value) continue;
            *event = LEAKSCAN_XML_TEXT;
            *text = value;
            *length = strlen((const char *)value);
            return 1;
        }
        default:
            continue;
        }
    }
}

char *leakscan_xml_attribute(leakscan_xml_reader *wrapper, const char *name) {
    xmlChar *value = xmlTextReaderGetAttribute(wrapper->reader, (const xmlChar *)name);
    if (!value) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}

const char *leakscan_xml_error(void) {
    const xmlError *error = xmlGetLastError();
    return error ? error->message : NULL;
}

void leakscan_xml_free(void *pointer) { free(pointer); }

void leakscan_xml_close(leakscan_xml_reader *wrapper) {
    xmlFreeTextReader(wrapper->reader);
    free(wrapper);
}
