#ifndef LEAKSCAN_CLIBCRYPTO_SHIM_H
#define LEAKSCAN_CLIBCRYPTO_SHIM_H

// OpenSSL 3 marks the one-hash functions (SHA256_Init/Update/Final) deprecated in favour of
// EVP, whose contexts are heap objects; LeakScan wants the plain struct, so the attributes go.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

#endif
