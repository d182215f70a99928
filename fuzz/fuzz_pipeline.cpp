// libFuzzer target: the whole pipeline, every dialect, through every report writer.
//
// The first byte of the input picks the dialect (modulo the number registered, so dialects merged
// later are fuzzed with no change here); the rest is the file. The JSON and SARIF reports must be
// valid JSON (checked by a strict validator, fuzz/fuzz_check.hpp) for any input, the line formats
// must keep one finding per line; any violation aborts, so libFuzzer records the input.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_check.hpp"

using namespace cachelint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto dialects = all_dialects();
    if (size == 0 || dialects.empty()) return 0;
    // Byte '0' + i selects dialect i, so seed files can be written as text (fuzz/CMakeLists.txt).
    const DialectInfo& d = *dialects[static_cast<uint8_t>(data[0] - '0') % dialects.size()];
    const std::string why = fuzz::check_input(d, {reinterpret_cast<const char*>(data) + 1, size - 1}, true);
    if (!why.empty()) {
        std::fprintf(stderr, "fuzz-pipeline (%.*s): invariant violated: %s\n", static_cast<int>(d.name.size()),
                     d.name.data(), why.c_str());
        std::abort();
    }
    return 0;
}
