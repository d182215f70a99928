// libFuzzer target: one dialect's parser (and rules) on arbitrary bytes.
//
// The dialect is fixed at build time (CMake builds one `fuzz-parse-<dialect>` per folder of
// fixtures/, with CACHELINT_FUZZ_DIALECT defined) or, for the generic binary, taken from the
// CACHELINT_FUZZ_DIALECT environment variable. See fuzz/README.md.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_check.hpp"

using namespace cachelint;

namespace {
const DialectInfo* chosen() {
    static const DialectInfo* d = [] {
#ifdef CACHELINT_FUZZ_DIALECT
        const char* name = CACHELINT_FUZZ_DIALECT;
#else
        const char* name = std::getenv("CACHELINT_FUZZ_DIALECT");
#endif
        if (!name || !*name) {
            std::fprintf(stderr, "fuzz-parse: set CACHELINT_FUZZ_DIALECT to one of:");
            for (auto* x : all_dialects()) std::fprintf(stderr, " %.*s", static_cast<int>(x->name.size()), x->name.data());
            std::fprintf(stderr, "\n");
            std::exit(2);
        }
        const DialectInfo* found = find_dialect(name);
        if (!found) {
            std::fprintf(stderr, "fuzz-parse: dialect '%s' is not registered in this build\n", name);
            std::exit(2);
        }
        return found;
    }();
    return d;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    chosen();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string why = fuzz::check_input(*chosen(), {reinterpret_cast<const char*>(data), size}, false);
    if (!why.empty()) {
        std::fprintf(stderr, "fuzz-parse-%.*s: invariant violated: %s\n", static_cast<int>(chosen()->name.size()),
                     chosen()->name.data(), why.c_str());
        std::abort();
    }
    return 0;
}
