// Human size values given on the command line (--memory 8gb, --max-file-size 64m).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace cachelint {
// Accepts N, Nk/Nkb/Nkib, Nm/Nmb/Nmib, Ng/Ngb/Ngib, Nt... (binary multiples, case-insensitive).
std::optional<uint64_t> parse_size_option(std::string_view s);
}
