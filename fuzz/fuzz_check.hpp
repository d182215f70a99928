// What every fuzz target (and the seed/crash replay test in the normal suite) checks for one input:
// lint it as the given dialect, write every report format, and verify the invariants a CI gate relies
// on. Header-only so fuzz/*.cpp and tests/hostile/test_fuzz_replay.cpp share exactly the same checks.
//
// check_input() returns "" when every invariant holds, else a one-line description of the violation;
// the fuzz targets abort() on a non-empty result so libFuzzer records the input as a crash.
#pragma once
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "core/dialect.hpp"
#include "engine/runner.hpp"
#include "report/report.hpp"

namespace cachelint::fuzz {

// A strict RFC 8259 validator: one value, nothing but whitespace around it, strings of valid UTF-8
// with no raw control characters and only the standard escapes (\uXXXX surrogates paired). Iterative
// (an explicit stack of open containers), so it never recurses however deep the document.
inline std::string json_problem(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    auto ws = [&] {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    };
    auto at = [&](const char* what) { return std::string(what) + " at byte " + std::to_string(i); };
    auto hex4 = [&](size_t p, unsigned& v) {
        if (p + 4 > n) return false;
        v = 0;
        for (size_t k = p; k < p + 4; ++k) {
            const char c = s[k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
            else return false;
        }
        return true;
    };
    // Scans a string starting at the opening quote; leaves i after the closing quote.
    auto string = [&]() -> std::string {
        ++i;
        while (true) {
            if (i >= n) return at("unterminated string");
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '"') {
                ++i;
                return {};
            }
            if (c < 0x20) return at("raw control character in a string");
            if (c == '\\') {
                if (i + 1 >= n) return at("truncated escape");
                const char e = s[i + 1];
                if (e == 'u') {
                    unsigned v = 0;
                    if (!hex4(i + 2, v)) return at("bad \\u escape");
                    i += 6;
                    if (v >= 0xD800 && v <= 0xDBFF) {
                        unsigned lo = 0;
                        if (i + 1 >= n || s[i] != '\\' || s[i + 1] != 'u' || !hex4(i + 2, lo) || lo < 0xDC00 || lo > 0xDFFF)
                            return at("unpaired high surrogate escape");
                        i += 6;
                    } else if (v >= 0xDC00 && v <= 0xDFFF) {
                        return at("unpaired low surrogate escape");
                    }
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return at("unknown escape");
                i += 2;
                continue;
            }
            if (c < 0x80) {
                ++i;
                continue;
            }
            // UTF-8: exact lengths, no overlongs, no surrogates, nothing above U+10FFFF.
            size_t len;
            unsigned cp;
            if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1Fu;
            else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0Fu;
            else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07u;
            else return at("invalid UTF-8 lead byte");
            if (i + len > n) return at("truncated UTF-8 sequence");
            for (size_t k = 1; k < len; ++k) {
                const auto cc = static_cast<unsigned char>(s[i + k]);
                if ((cc & 0xC0) != 0x80) return at("invalid UTF-8 continuation byte");
                cp = (cp << 6) | (cc & 0x3Fu);
            }
            if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
                return at("overlong or out-of-range UTF-8");
            i += len;
        }
    };
    auto number = [&]() -> std::string {
        if (i < n && s[i] == '-') ++i;
        if (i >= n) return at("truncated number");
        if (s[i] == '0') ++i;
        else if (s[i] >= '1' && s[i] <= '9') while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        else return at("bad number");
        if (i < n && s[i] == '.') {
            ++i;
            if (i >= n || s[i] < '0' || s[i] > '9') return at("bad fraction");
            while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
            if (i >= n || s[i] < '0' || s[i] > '9') return at("bad exponent");
            while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        }
        return {};
    };
    std::string stack;  // '{' or '['
    ws();
    while (true) {
        // Expect a value.
        if (i >= n) return at("expected a value");
        const char c = s[i];
        if (c == '{' || c == '[') {
            stack += c;
            ++i;
            ws();
            if (i < n && s[i] == (c == '{' ? '}' : ']')) {
                stack.pop_back();
                ++i;
            } else {
                if (c == '{') {
                    if (i >= n || s[i] != '"') return at("expected a key");
                    if (auto e = string(); !e.empty()) return e;
                    ws();
                    if (i >= n || s[i] != ':') return at("expected ':'");
                    ++i;
                    ws();
                }
                continue;  // the first member's value
            }
        } else if (c == '"') {
            if (auto e = string(); !e.empty()) return e;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (auto e = number(); !e.empty()) return e;
        } else if (s.substr(i, 4) == "true" || s.substr(i, 4) == "null") {
            i += 4;
        } else if (s.substr(i, 5) == "false") {
            i += 5;
        } else {
            return at("unexpected character");
        }
        // After a value: close containers or move to the next member.
        while (true) {
            ws();
            if (stack.empty()) {
                if (i != n) return at("trailing data after the document");
                return {};
            }
            if (i >= n) return at("unterminated container");
            const char close = stack.back() == '{' ? '}' : ']';
            if (s[i] == close) {
                stack.pop_back();
                ++i;
                continue;
            }
            if (s[i] != ',') return at("expected ',' or a closing bracket");
            ++i;
            ws();
            if (stack.back() == '{') {
                if (i >= n || s[i] != '"') return at("expected a key");
                if (auto e = string(); !e.empty()) return e;
                ws();
                if (i >= n || s[i] != ':') return at("expected ':'");
                ++i;
                ws();
            }
            break;
        }
    }
}

// The virtual location fuzz inputs are linted at: a folder that does not exist, so relative
// includes resolve to nothing on the machine and runs stay deterministic.
inline constexpr const char* kFuzzDir = "/nonexistent-cachelint-fuzz";

inline LintOptions fuzz_options() {
    LintOptions o;
    o.jobs = 1;
    // Absolute includes still reach the machine's files (`Include /` walks the disk, as httpd would):
    // a 1 MB file limit caps what one input may read through includes at 4 MB, so an input costs
    // milliseconds, not the seconds of the 256 MB default (which the hostile tests cover).
    o.max_file_size = 1 << 20;
    return o;
}

// Lints `data` as `dialect` and checks: no exception escapes, findings point inside the file with
// sane lines and columns, the JSON and SARIF reports are valid JSON, and the other writers run.
// `write_reports` = false checks the parse only (the per-dialect parser targets, for speed).
inline std::string check_input(const DialectInfo& dialect, std::string_view data, bool write_reports) {
    const std::string path = std::string(kFuzzDir) + "/input." + std::string(dialect.name);
    LintResult r;
    try {
        r = lint_text(path, std::string(dialect.name), std::string(data), fuzz_options());
    } catch (const std::exception& e) {
        return std::string("exception escaped lint_text: ") + e.what();
    }
    for (const auto& e : r.errors)
        if (e.message.find("internal error") != std::string::npos) return "internal error: " + e.message;
    for (const auto& d : r.diagnostics) {
        if (d.rule_id.empty() || d.message.empty()) return "finding without a rule id or a message";
        if (d.location.path.empty()) continue;  // a finding on the whole job (no span)
        if (d.location.line == 0 || d.location.column == 0) return "finding " + d.rule_id + " at line or column 0";
        if (d.location.end_line < d.location.line ||
            (d.location.end_line == d.location.line && d.location.end_column <= d.location.column))
            return "finding " + d.rule_id + " ends before it begins";
        if (d.location.path == path) {
            uint32_t lines = 1;
            for (char c : data) lines += c == '\n';
            if (d.location.end_line > lines) return "finding " + d.rule_id + " past the last line";
        }
    }
    if (!write_reports) return {};
    ReportOptions ro;
    ro.include_suppressed = true;
    for (Format f : {Format::json, Format::sarif}) {
        std::ostringstream os;
        write_report(os, f, r, ro);
        if (auto why = json_problem(os.str()); !why.empty())
            return std::string(f == Format::json ? "JSON" : "SARIF") + " report is not valid JSON: " + why;
    }
    for (Format f : {Format::text, Format::concise, Format::github}) {
        std::ostringstream os;
        write_report(os, f, r, ro);
        // One finding per line in the line formats: a newline from the input must never split one.
        if (f != Format::text) {
            size_t lines = 0, shown = 0;
            for (char c : os.str()) lines += c == '\n';
            for (const auto& d : r.diagnostics) shown += !d.suppression;
            if (lines != shown)
                return std::string(f == Format::concise ? "concise" : "github") + " output has " + std::to_string(lines) +
                       " lines for " + std::to_string(shown) + " findings (a newline from the input split one)";
        }
    }
    return {};
}

}  // namespace cachelint::fuzz
