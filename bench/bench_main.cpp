// Google Benchmark harness for cachelint (built only with -DCACHELINT_BUILD_BENCH=ON; run by bench/run.sh).
//
//   CACHELINT_BENCH_DATA=DIR build/cachelint-bench [--benchmark_filter=...]
//
// DIR holds `large/<dialect>/**` (big files, for parse and rule throughput) and `repo/` (the generated
// repository, for discovery and the whole pipeline). bench/run.sh generates both with generate_repo.py.
//
// Benchmarks (bytes/s is reported as MB/s-style "bytes_per_second"):
//   parse/<dialect>   the dialect's lint() with its rules switched off: read model + fatal checks only
//   lint/<dialect>    parse + every rule, findings resolved to line/column (what a job does);
//                     rule evaluation costs lint - parse (docs/performance.md reports both)
//   discover/repo     walking the generated repository and telling each file's dialect
//   pipeline/repo/jN  discover + lint_files with N threads, in process (no report formatting)
//   resolve/lines     line index construction + line/column of every 64th byte of a large file
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "discover/discover.hpp"
#include "core/dialect.hpp"
#include "core/result.hpp"
#include "engine/runner.hpp"
#include "parse/apache/config.hpp"
#include "parse/haproxy/config.hpp"
#include "parse/memcached/config.hpp"
#include "parse/nginx/config.hpp"
#include "parse/redis/config.hpp"
#include "parse/varnish/ast.hpp"

namespace fs = std::filesystem;
using namespace cachelint;

namespace {

std::string data_dir() {
    const char* d = std::getenv("CACHELINT_BENCH_DATA");
    return d ? d : "bench-data";
}

struct Corpus {
    std::vector<std::pair<std::string, std::string>> files;  // path, text
    size_t bytes = 0;
};

const Corpus& corpus(const std::string& dialect) {
    static std::map<std::string, Corpus> cache;
    auto [it, fresh] = cache.try_emplace(dialect);
    if (fresh) {
        const fs::path dir = fs::path(data_dir()) / "large" / dialect;
        std::vector<fs::path> paths;
        if (fs::is_directory(dir))
            for (const auto& e : fs::recursive_directory_iterator(dir))
                if (e.is_regular_file()) paths.push_back(e.path());
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            std::ifstream in(p, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            it->second.bytes += ss.str().size();
            it->second.files.emplace_back(p.string(), ss.str());
        }
    }
    return it->second;
}

// Switches a model's rules off for the lifetime of the object (parse-only runs).
template <class Model>
struct RulesOff {
    std::vector<typename RuleSet<Model>::Entry> saved;
    RulesOff() { saved.swap(RuleSet<Model>::entries()); }
    ~RulesOff() { saved.swap(RuleSet<Model>::entries()); }
};

size_t lint_corpus(const Corpus& c, const DialectInfo& d, const LintOptions& options) {
    size_t findings = 0;
    for (const auto& [path, text] : c.files) {
        SourceLoader loader(options);
        LintJob job;
        job.path = path;
        job.dialect = std::string(d.name);
        job.options = &options;
        job.loader = &loader;
        job.main = loader.adopt(path, text);
        d.lint(job);
        for (const auto& f : job.sink.findings()) {
            ResolvedLocation loc = resolve(f.primary);  // what the runner does for the report
            benchmark::DoNotOptimize(loc);
        }
        findings += job.sink.findings().size();
    }
    return findings;
}

template <class Model>
void bm_dialect(benchmark::State& state, const std::string& dialect, bool rules) {
    const Corpus& c = corpus(dialect);
    const DialectInfo* d = find_dialect(dialect);
    if (!d || c.files.empty()) {
        state.SkipWithError(("no data: generate " + data_dir() + "/large/" + dialect + " (bench/run.sh does)").c_str());
        return;
    }
    LintOptions options;
    size_t findings = 0;
    for (auto _ : state) {
        if (rules) {
            findings = lint_corpus(c, *d, options);
        } else {
            RulesOff<Model> off;
            findings = lint_corpus(c, *d, options);
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
    state.counters["files"] = static_cast<double>(c.files.size());
    state.counters["findings"] = static_cast<double>(findings);
}

template <class Model>
void register_dialect(const std::string& dialect) {
    benchmark::RegisterBenchmark(("parse/" + dialect).c_str(), [dialect](benchmark::State& s) { bm_dialect<Model>(s, dialect, false); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("lint/" + dialect).c_str(), [dialect](benchmark::State& s) { bm_dialect<Model>(s, dialect, true); })
        ->Unit(benchmark::kMillisecond);
}

size_t repo_bytes(const std::vector<InputFile>& files) {
    size_t n = 0;
    for (const auto& f : files) n += fs::file_size(f.path);
    return n;
}

void bm_discover(benchmark::State& state) {
    const std::string repo = data_dir() + "/repo";
    if (!fs::is_directory(repo)) {
        state.SkipWithError("no data: bench/run.sh generates DATA/repo");
        return;
    }
    LintOptions options;
    size_t files = 0;
    for (auto _ : state) {
        DiscoverResult r = discover({repo}, options, {});
        files = r.files.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["files"] = static_cast<double>(files);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * files));
}

void bm_pipeline(benchmark::State& state) {
    const std::string repo = data_dir() + "/repo";
    if (!fs::is_directory(repo)) {
        state.SkipWithError("no data: bench/run.sh generates DATA/repo");
        return;
    }
    LintOptions options;
    options.jobs = static_cast<unsigned>(state.range(0));
    size_t bytes = 0, findings = 0;
    for (auto _ : state) {
        DiscoverResult r = discover({repo}, options, {});
        if (!bytes) bytes = repo_bytes(r.files);
        LintResult res = lint_files(r.files, options);
        findings = res.diagnostics.size();
        benchmark::DoNotOptimize(res);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
    state.counters["findings"] = static_cast<double>(findings);
}

void bm_resolve(benchmark::State& state) {
    const Corpus& c = corpus("nginx");
    if (c.files.empty()) {
        state.SkipWithError("no data");
        return;
    }
    const std::string& text = c.files.front().second;
    for (auto _ : state) {
        SourceFile f("x", text);
        uint64_t sum = 0;
        for (uint32_t off = 0; off < text.size(); off += 64) sum += f.position(off).column;
        benchmark::DoNotOptimize(sum);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

}  // namespace

int main(int argc, char** argv) {
    register_dialect<redis::Config>("redis");
    register_dialect<nginx::Config>("nginx");
    register_dialect<varnish::Program>("varnish");
    register_dialect<apache::Config>("apache");
    register_dialect<haproxy::Config>("haproxy");
    register_dialect<memcached::Config>("memcached");
    benchmark::RegisterBenchmark("discover/repo", bm_discover)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("pipeline/repo", bm_pipeline)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("resolve/lines", bm_resolve)->Unit(benchmark::kMicrosecond);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
