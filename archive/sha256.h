// SHA-256 of a byte string, as 64 lower-case hex digits: the name of a stored PDF.
// Computed with OpenSSL's EVP interface (Debian libssl-dev).
#pragma once

#include <string>
#include <string_view>

namespace vanthu::archive {

std::string sha256_hex(std::string_view bytes);

}  // namespace vanthu::archive
