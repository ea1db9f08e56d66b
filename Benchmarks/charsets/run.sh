#!/usr/bin/env bash
# Builds and runs iconv-vs-foundation.swift (release) and prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")"
for pair in "WINDOWS-1251:Привет, коллеги! Отчёт по смене. " "SHIFT_JIS:日本語のテキストです。報告書を送ります。" \
    "ISO-8859-2:Zażółć gęślą jaźń. " "KOI8-R:Привет, коллеги! " "GB2312:中文文本，报告。" "BIG5:中文文本，報告。"; do
    printf '%s' "${pair#*:}" | iconv -f UTF-8 -t "${pair%%:*}" >"/tmp/charset-${pair%%:*}.bin"
done
swiftc -O iconv-vs-foundation.swift -o /tmp/iconv-vs-foundation
/tmp/iconv-vs-foundation
