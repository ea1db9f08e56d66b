#ifndef LEAKSCAN_CPCRE2_SHIM_H
#define LEAKSCAN_CPCRE2_SHIM_H

// The 8-bit library only: every subject LeakScan matches is a UTF-8 byte buffer.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// These two are casts in macro form, which Swift cannot import.
static inline PCRE2_SIZE leakscan_pcre2_unset(void) { return PCRE2_UNSET; }
static inline PCRE2_SIZE leakscan_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

#endif
