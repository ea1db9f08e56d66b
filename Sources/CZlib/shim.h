#ifndef LEAKSCAN_CZLIB_SHIM_H
#define LEAKSCAN_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and struct size); Swift needs a function.
static inline int leakscan_inflate_init2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
