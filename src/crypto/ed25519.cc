// Ed25519 over OpenSSL's EVP_PKEY raw-key and one-shot DigestSign APIs.
#include "src/crypto/ed25519.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <vector>

#include "src/crypto/key_files.h"
#include "src/crypto/openssl_error.h"
#include "src/crypto/random.h"
#include "src/crypto/sha256.h"

namespace qrmark::crypto {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

Result<Pkey> PrivatePkey(std::span<const uint8_t> seed) {
  Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return OpenSslError("load Ed25519 private key");
  return pkey;
}

Result<Pkey> PublicPkey(std::span<const uint8_t> public_key) {
  Pkey pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  if (!pkey) return OpenSslError("load Ed25519 public key");
  return pkey;
}

Result<std::string> BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len <= 0) return OpenSslError("PEM encoding is empty");
  return std::string(data, static_cast<size_t>(len));
}

Result<Pkey> ReadPem(const std::vector<uint8_t>& pem, bool is_private, const std::string& path) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return OpenSslError("BIO_new_mem_buf");
  Pkey pkey(is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey || EVP_PKEY_id(pkey.get()) != EVP_PKEY_ED25519) {
    return Corruption(path + " is not an Ed25519 " + (is_private ? "private" : "public") +
                      " key in PEM form: " + OpenSslError("PEM_read").message());
  }
  return pkey;
}

}  // namespace

Result<Ed25519KeyPair> Ed25519KeyPairFromSeed(std::span<const uint8_t, 32> seed) {
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, PrivatePkey(seed));
  Ed25519KeyPair pair;
  std::copy(seed.begin(), seed.end(), pair.seed.begin());
  size_t len = pair.public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey.get(), pair.public_key.data(), &len) != 1) {
    return OpenSslError("derive Ed25519 public key");
  }
  return pair;
}

Result<Ed25519KeyPair> GenerateEd25519KeyPair() {
  std::array<uint8_t, 32> seed;
  QRMARK_RETURN_IF_ERROR(RandomBytes(seed));
  return Ed25519KeyPairFromSeed(seed);
}

Result<Ed25519Signature> Ed25519Sign(const Ed25519KeyPair& key, std::span<const uint8_t> message) {
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, PrivatePkey(key.seed));
  MdCtx ctx(EVP_MD_CTX_new());
  Ed25519Signature sig;
  size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1) {
    return OpenSslError("Ed25519 sign");
  }
  return sig;
}

Status Ed25519Verify(const Ed25519PublicKey& public_key, std::span<const uint8_t> message,
                     std::span<const uint8_t> signature) {
  if (signature.size() != sizeof(Ed25519Signature)) {
    return Corruption("Ed25519 signature has " + std::to_string(signature.size()) +
                      " bytes, expected 64");
  }
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, PublicPkey(public_key));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
    return OpenSslError("Ed25519 verify init");
  }
  int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                            message.size());
  if (rc != 1) {
    ERR_clear_error();  // a bad signature is data, not an OpenSSL failure
    return Corruption("Ed25519 signature does not verify under public key " +
                      ToHex(public_key).substr(0, 16) + "...");
  }
  return Status::Ok();
}

Result<std::string> Ed25519PrivateKeyPem(const Ed25519KeyPair& key) {
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, PrivatePkey(key.seed));
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return OpenSslError("PEM-encode Ed25519 private key");
  }
  return BioText(bio.get());
}

Result<std::string> Ed25519PublicKeyPem(const Ed25519PublicKey& public_key) {
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, PublicPkey(public_key));
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey.get()) != 1) {
    return OpenSslError("PEM-encode Ed25519 public key");
  }
  return BioText(bio.get());
}

Status WriteEd25519PrivateKeyFile(const std::string& path, const Ed25519KeyPair& key) {
  QRMARK_ASSIGN_OR_RETURN(std::string pem, Ed25519PrivateKeyPem(key));
  return WriteSecretFile(path, AsBytes(pem));
}

Status WriteEd25519PublicKeyFile(const std::string& path, const Ed25519PublicKey& public_key) {
  QRMARK_ASSIGN_OR_RETURN(std::string pem, Ed25519PublicKeyPem(public_key));
  return WritePublicFile(path, AsBytes(pem));
}

Result<Ed25519KeyPair> ReadEd25519PrivateKeyFile(const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> pem, ReadSecretFile(path));
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, ReadPem(pem, /*is_private=*/true, path));
  std::array<uint8_t, 32> seed;
  size_t len = seed.size();
  if (EVP_PKEY_get_raw_private_key(pkey.get(), seed.data(), &len) != 1) {
    return OpenSslError("read raw Ed25519 private key from " + path);
  }
  return Ed25519KeyPairFromSeed(seed);
}

Result<Ed25519PublicKey> ReadEd25519PublicKeyFile(const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> pem, ReadWholeFile(path));
  QRMARK_ASSIGN_OR_RETURN(Pkey pkey, ReadPem(pem, /*is_private=*/false, path));
  Ed25519PublicKey public_key;
  size_t len = public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey.get(), public_key.data(), &len) != 1) {
    return OpenSslError("read raw Ed25519 public key from " + path);
  }
  return public_key;
}

}  // namespace qrmark::crypto
