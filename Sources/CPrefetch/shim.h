#ifndef LEAKSCAN_CPREFETCH_SHIM_H
#define LEAKSCAN_CPREFETCH_SHIM_H

// A hint that the cache line holding `address` will be read soon. Swift has no prefetch of its
// own; the importer inlines this, so it is one instruction where it is called.
static inline void leakscan_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
