#ifndef LEAKSCAN_CBYTESCAN_SHIM_H
#define LEAKSCAN_CBYTESCAN_SHIM_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SSE2__)
// The lanes of `word` holding a byte a JSON string cannot hold as it is (a control character, a
// quote or a backslash, and DEL when `or_delete` is not 0), as a 16-bit mask.
static inline unsigned leakscan_json_special_lanes(__m128i word, int or_delete) {
    __m128i found = _mm_cmpeq_epi8(_mm_min_epu8(word, _mm_set1_epi8(0x1F)), word);  // word <= 0x1F
    found = _mm_or_si128(found, _mm_cmpeq_epi8(word, _mm_set1_epi8(0x22)));
    found = _mm_or_si128(found, _mm_cmpeq_epi8(word, _mm_set1_epi8(0x5C)));
    if (or_delete) found = _mm_or_si128(found, _mm_cmpeq_epi8(word, _mm_set1_epi8(0x7F)));
    return (unsigned)_mm_movemask_epi8(found);
}
#endif

// The offset of the first byte of bytes[start..<count] that a JSON string cannot hold as it is
// (a control character, a quote or a backslash, and DEL when `or_delete` is not 0), else
// `count`; when `non_ascii` is not NULL, whether a byte of 0x80 or more comes before it, which
// the same compares tell for nothing (a string of ASCII needs no UTF-8 check). Sixteen bytes a
// compare where the CPU has SSE2 (every x86-64 does); Swift's own SIMD types were not lowered
// to vector compares. The importer inlines it where it is called.
//
// No byte outside bytes[0..<count] is read: the last block is read back from the end (its
// lanes before `start` masked off), and a text shorter than a block is read as its first and
// last eight (or four) bytes, overlapping, in one compare: byte by byte, the short strings of
// a post and of an incident (names, handles, ids) were most of the calls' time.
static inline size_t leakscan_json_scan(const uint8_t *bytes, size_t start, size_t count, int or_delete, int *non_ascii) {
    size_t offset = start;
    if (non_ascii) *non_ascii = 0;
#if defined(__SSE2__)
    if (offset >= count) return count;
    if (count >= 16) {
        for (;;) {
            size_t at = offset + 16 <= count ? offset : count - 16;
            __m128i word = _mm_loadu_si128((const __m128i *)(bytes + at));
            unsigned lanes = 0xFFFFu << (offset - at);
            unsigned mask = leakscan_json_special_lanes(word, or_delete) & lanes;
            if (non_ascii) {
                // The high bits of the lanes before the special byte (all of them when none).
                unsigned before = mask ? (1u << __builtin_ctz(mask)) - 1 : 0xFFFFu;
                if ((unsigned)_mm_movemask_epi8(word) & lanes & before) *non_ascii = 1;
            }
            if (mask) return at + (size_t)__builtin_ctz(mask);
            if (at + 16 >= count) return count;
            offset = at + 16;
        }
    }
    if (count >= 4) {
        // Lanes 0..<half hold bytes 0..<half, lanes half..<2*half the last `half` bytes: lane
        // `lane` of the second half holds byte count - 2*half + lane. Both halves run in order,
        // so the lowest lane found, once lanes before `offset` are masked off, is the first byte.
        size_t half = count >= 8 ? 8 : 4;
        __m128i word;
        if (half == 8) {
            uint64_t first, last;
            __builtin_memcpy(&first, bytes, 8);
            __builtin_memcpy(&last, bytes + count - 8, 8);
            word = _mm_set_epi64x((long long)last, (long long)first);
        } else {
            uint32_t first, last;
            __builtin_memcpy(&first, bytes, 4);
            __builtin_memcpy(&last, bytes + count - 4, 4);
            word = _mm_set_epi32(0, 0, (int)last, (int)first);
        }
        unsigned all = (1u << (2 * half)) - 1;
        unsigned firstHalf = ((1u << half) - 1) & (offset < half ? (0xFFFFu << offset) : 0);
        size_t secondStart = 2 * half - count + offset;  // the first lane of the second half at or after `offset`
        unsigned secondHalf = all & ~((1u << half) - 1) & (0xFFFFu << (secondStart > half ? secondStart : half));
        unsigned lanes = firstHalf | secondHalf;
        unsigned mask = leakscan_json_special_lanes(word, or_delete) & lanes;
        size_t end = count;
        if (mask) {
            unsigned lane = (unsigned)__builtin_ctz(mask);
            end = lane < half ? lane : count - 2 * half + lane;
        }
        if (non_ascii) {
            // The halves overlap, so a high byte is placed by its position, not its lane.
            for (unsigned bits = (unsigned)_mm_movemask_epi8(word) & lanes; bits; bits &= bits - 1) {
                unsigned lane = (unsigned)__builtin_ctz(bits);
                if ((lane < half ? lane : count - 2 * half + lane) < end) {
                    *non_ascii = 1;
                    break;
                }
            }
        }
        return end;
    }
#endif
    for (; offset < count; offset++) {
        uint8_t byte = bytes[offset];
        if (byte < 0x20 || byte == 0x22 || byte == 0x5C || (or_delete && byte == 0x7F)) return offset;
        if (byte >= 0x80 && non_ascii) *non_ascii = 1;
    }
    return count;
}

// ``leakscan_json_scan`` without the report of bytes of 0x80 or more.
static inline size_t leakscan_json_special(const uint8_t *bytes, size_t start, size_t count, int or_delete) {
    return leakscan_json_scan(bytes, start, count, or_delete, 0);
}

// The first offset i >= start, with i + 2 < count, where bytes[i] is a mark (a space, `.`, `-`
// or `_`) and the same byte comes two places on (a one-byte character between) or three places
// on with a two-byte character's lead (0xC2 or more) between: where a run of spaced-out letters
// may begin. Else `count`. Sixteen places a compare where the CPU has SSE2, whatever the text's
// bytes: eight at a time in Swift, text with letters outside ASCII went one byte at a time.
static inline size_t leakscan_spaced_candidate(const uint8_t *bytes, size_t start, size_t count) {
    size_t offset = start;
#if defined(__SSE2__)
    // Blocks whose reads (up to offset + 15 + 3) stay inside the text.
    while (offset + 19 <= count) {
        __m128i here = _mm_loadu_si128((const __m128i *)(bytes + offset));
        __m128i next = _mm_loadu_si128((const __m128i *)(bytes + offset + 1));
        __m128i twoOn = _mm_loadu_si128((const __m128i *)(bytes + offset + 2));
        __m128i threeOn = _mm_loadu_si128((const __m128i *)(bytes + offset + 3));
        __m128i mark = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(here, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(here, _mm_set1_epi8(0x2E))),
            _mm_or_si128(_mm_cmpeq_epi8(here, _mm_set1_epi8(0x2D)), _mm_cmpeq_epi8(here, _mm_set1_epi8(0x5F))));
        __m128i lead = _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xC2)), next);  // next >= 0xC2
        __m128i same = _mm_or_si128(_mm_cmpeq_epi8(twoOn, here), _mm_and_si128(_mm_cmpeq_epi8(threeOn, here), lead));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(mark, same));
        if (mask) return offset + (size_t)__builtin_ctz(mask);
        offset += 16;
    }
#endif
    for (; offset + 2 < count; offset++) {
        uint8_t byte = bytes[offset];
        if (byte != 0x20 && byte != 0x2E && byte != 0x2D && byte != 0x5F) continue;
        if (bytes[offset + 2] == byte || (offset + 3 < count && bytes[offset + 3] == byte && bytes[offset + 1] >= 0xC2)) return offset;
    }
    return count;
}

#endif
