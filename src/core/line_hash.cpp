#include "core/line_hash.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>

namespace cachelint {
namespace {

constexpr size_t kWindow = 100;
constexpr uint64_t kBase = 37;
constexpr uint32_t kEndOfFile = 65535;  // the sentinel codeql-action feeds after the last character

// The text as JavaScript sees a file read as UTF-8: UTF-16 code units, U+FFFD for each invalid byte.
template <typename F>
void for_each_utf16_unit(std::string_view s, F&& emit) {
    size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        uint32_t cp = 0xFFFD;
        size_t len = 1;
        auto cont = [&](size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
        auto bits = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
        if (b0 < 0x80) {
            cp = b0;
        } else if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
            cp = (uint32_t(b0 & 0x1F) << 6) | bits(1), len = 2;
        } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
            uint32_t c = (uint32_t(b0 & 0x0F) << 12) | (bits(1) << 6) | bits(2);
            if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) cp = c, len = 3;
        } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
            uint32_t c = (uint32_t(b0 & 0x07) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
            if (c >= 0x10000 && c <= 0x10FFFF) cp = c, len = 4;
        }
        if (cp >= 0x10000) {
            emit(0xD800 + ((cp - 0x10000) >> 10));
            emit(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            emit(cp);
        }
        i += len;
    }
}

}  // namespace

std::vector<std::string> primary_location_line_hashes(std::string_view text) {
    std::vector<std::string> out;
    std::array<uint32_t, kWindow> window{};
    std::array<int64_t, kWindow> line_at{};  // the line that starts at this window slot, or -1
    line_at.fill(-1);
    uint64_t first_power = 1;  // kBase^kWindow: the weight of the character leaving the window
    for (size_t i = 0; i < kWindow; ++i) first_power *= kBase;
    uint64_t hash = 0;
    size_t index = 0;
    int64_t line = 0;
    bool line_start = true, prev_cr = false;
    std::map<uint64_t, int> counts;

    auto output = [&] {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%llx:%d", static_cast<unsigned long long>(hash), ++counts[hash]);
        out.resize(static_cast<size_t>(line_at[index]));
        out.back() = buf;
        line_at[index] = -1;
    };
    auto update = [&](uint32_t c) {
        const uint32_t leaving = window[index];
        window[index] = c;
        hash = kBase * hash + c - first_power * leaving;
        index = (index + 1) % kWindow;
    };
    auto process = [&](uint32_t c) {
        if (c == ' ' || c == '\t' || (prev_cr && c == '\n')) {
            prev_cr = false;
            return;
        }
        prev_cr = c == '\r';
        if (c == '\r') c = '\n';
        if (line_at[index] != -1) output();
        if (line_start) {
            line_start = false;
            line_at[index] = ++line;
        }
        if (c == '\n') line_start = true;
        update(c);
    };
    for_each_utf16_unit(text, process);
    process(kEndOfFile);
    for (size_t i = 0; i < kWindow; ++i) {
        if (line_at[index] != -1) output();
        update(0);
    }
    return out;
}

}  // namespace cachelint
