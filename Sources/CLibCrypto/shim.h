#ifndef LEAKSCAN_CLIBCRYPTO_SHIM_H
#define LEAKSCAN_CLIBCRYPTO_SHIM_H

// OpenSSL 3 marks the one-hash functions (SHA256_Init/Update/Final) deprecated in favour of
// EVP, whose contexts are heap objects; LeakScan wants the plain struct, so the attributes go.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <string.h>

/// What a CMS structure (RFC 5652: the body of an S/MIME message) holds, read without any key
/// and without checking signatures: 1 signed data with its content, copied into `*content`
/// (`*length` bytes; the caller frees it with `leakscan_cms_free`), 2 signed data without
/// content (certificates only), 3 encrypted data (enveloped or authenticated-enveloped),
/// 4 another type, -1 bytes that are not a CMS structure. BER's indefinite lengths and
/// constructed octet strings, which S/MIME writers use, are read as DER's are.
static inline int leakscan_cms_content(const unsigned char *der, long size, unsigned char **content, long *length) {
    const unsigned char *cursor = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &cursor, size);
    if (cms == NULL) {
        ERR_clear_error();
        return -1;
    }
    int result = 4;
    switch (OBJ_obj2nid(CMS_get0_type(cms))) {
    case NID_pkcs7_signed: {
        ASN1_OCTET_STRING **inner = CMS_get0_content(cms);
        int count = (inner != NULL && *inner != NULL) ? ASN1_STRING_length(*inner) : 0;
        result = 2;
        if (count > 0) {
            unsigned char *copy = OPENSSL_malloc((size_t)count);
            if (copy != NULL) {
                memcpy(copy, ASN1_STRING_get0_data(*inner), (size_t)count);
                *content = copy;
                *length = count;
                result = 1;
            }
        }
        break;
    }
    case NID_pkcs7_enveloped:
    case NID_id_smime_ct_authEnvelopedData:
        result = 3;
        break;
    default:
        break;
    }
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return result;
}

static inline void leakscan_cms_free(unsigned char *content) { OPENSSL_free(content); }

#endif
