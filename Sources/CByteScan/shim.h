#ifndef LEAKSCAN_CBYTESCAN_SHIM_H
#define LEAKSCAN_CBYTESCAN_SHIM_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The offset of the first byte of bytes[start..<count] that a JSON string cannot hold as it is
// (a control character, a quote or a backslash, and DEL when `or_delete` is not 0), else
// `count`. Sixteen bytes a compare where the CPU has SSE2 (every x86-64 does); Swift's own SIMD
// types were not lowered to vector compares. The importer inlines it where it is called.
static inline size_t leakscan_json_special(const uint8_t *bytes, size_t start, size_t count, int or_delete) {
    size_t offset = start;
#if defined(__SSE2__)
    if (count >= 16 && offset < count) {
        const __m128i quote = _mm_set1_epi8(0x22);
        const __m128i backslash = _mm_set1_epi8(0x5C);
        const __m128i delete_ = _mm_set1_epi8(0x7F);
        const __m128i controls = _mm_set1_epi8(0x1F);
        for (;;) {
            // The last sixteen bytes are read from count - 16, the lanes before `offset` (read
            // before) masked off: no byte past the end is read.
            size_t at = offset + 16 <= count ? offset : count - 16;
            __m128i word = _mm_loadu_si128((const __m128i *)(bytes + at));
            __m128i found = _mm_cmpeq_epi8(_mm_min_epu8(word, controls), word);  // word <= 0x1F
            found = _mm_or_si128(found, _mm_cmpeq_epi8(word, quote));
            found = _mm_or_si128(found, _mm_cmpeq_epi8(word, backslash));
            if (or_delete) found = _mm_or_si128(found, _mm_cmpeq_epi8(word, delete_));
            unsigned mask = (unsigned)_mm_movemask_epi8(found) & (0xFFFFu << (offset - at));
            if (mask) return at + (size_t)__builtin_ctz(mask);
            if (at + 16 >= count) return count;
            offset = at + 16;
        }
    }
#endif
    for (; offset < count; offset++) {
        uint8_t byte = bytes[offset];
        if (byte < 0x20 || byte == 0x22 || byte == 0x5C || (or_delete && byte == 0x7F)) return offset;
    }
    return count;
}

#endif
