#!/usr/bin/env python3
"""Prints, as JSON, the text python-docx reads from each .docx given: body paragraphs and
every table cell's paragraphs (nested tables included, merged cells once). The test oracle for LeakScan's
Word reader; python-docx is a test-time dependency only.

Usage: docx_text.py FILE.docx...
"""
import json
import sys

import docx


def table_text(table):
    # A merged cell appears once per grid position it spans in row.cells; its text is in
    # the document once, so it is counted once.
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)  # keeps the element alive, so identity holds
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from table_text(inner)


def main():
    result = {}
    for path in sys.argv[1:]:
        try:
            document = docx.Document(path)
        except Exception as error:  # a file python-docx refuses: reported, not fatal
            result[path] = {"error": f"{type(error).__name__}: {error}"}
            continue
        texts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            texts.extend(table_text(table))
        result[path] = {"text": "\n".join(texts)}
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
