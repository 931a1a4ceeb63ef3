// OpenSSL 3 (Debian's libssl-dev) for the server's and the client's TLS. Macros and variadic
// functions do not import into Swift; the static inline wrappers below reach them instead.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen.
static inline EVP_PKEY *letschat_generate_p256_key(void) {
    return EVP_EC_gen("P-256");
}

static inline long letschat_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long letschat_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long letschat_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long letschat_bio_pending(BIO *bio) {
    return BIO_ctrl_pending(bio);
}

static inline long letschat_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}

// SSL_OP_* are built with the SSL_OP_BIT function-like macro.
static inline uint64_t letschat_ctx_set_hardening_options(SSL_CTX *ctx) {
    return SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
}

// OpenSSL reports a failure's reason as a queue of packed codes; this gives the newest one's text.
static inline const char *letschat_last_error_reason(void) {
    unsigned long code = ERR_peek_last_error();
    const char *reason = code == 0 ? NULL : ERR_reason_error_string(code);
    return reason;
}
