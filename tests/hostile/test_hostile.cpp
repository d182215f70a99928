// Hostile and broken input, generated at test time in temp dirs for EVERY registered dialect (the
// loop is over all_dialects(), so dialects merged later are covered with no edit here).
//
// Every run of the real binary must: end with exit code 0, 1 or 2 (never a signal), within a time
// bound, within a memory bound; with exit 2, say on stderr, one line per problem, which file and
// what is wrong; and print valid JSON / SARIF. The binary is run directly (fork/exec/wait4), so a
// hang is killed at the deadline and peak memory is measured per run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "../../fuzz/fuzz_check.hpp"
#include "discover/discover.hpp"
#include "core/dialect.hpp"
#include "engine/runner.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Bounds per run. Sanitized builds are several times slower and map terabytes of shadow memory,
// so they get a longer deadline and are held to a peak-RSS bound instead of an address-space limit.
const double kDeadlineSeconds = kSanitized ? 60.0 : 10.0;
constexpr long kMaxRssMiB = kSanitized ? 3072 : 1024;
constexpr rlim_t kAddressSpaceLimit = 4ull << 30;

struct Run {
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    bool timed_out = false;
    double seconds = 0;
    long max_rss_mib = 0;
    std::string out, err;
};

struct Spawn {
    std::vector<std::string> args;  // after the binary
    std::string cwd;
    std::string stdin_path = "/dev/null";
    rlim_t max_output_file = RLIM_INFINITY;  // RLIMIT_FSIZE: makes writes fail, root or not
};

Run spawn(const Spawn& s) {
    const std::string dir = make_temp_dir("spawn");
    const std::string out_path = dir + "/out", err_path = dir + "/err";
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        int in = ::open(s.stdin_path.c_str(), O_RDONLY);
        int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0) ::_exit(126);
        ::dup2(in, 0), ::dup2(out, 1), ::dup2(err, 2);
        if (!s.cwd.empty() && ::chdir(s.cwd.c_str()) != 0) ::_exit(126);
        if (!kSanitized) {
            rlimit as{kAddressSpaceLimit, kAddressSpaceLimit};
            ::setrlimit(RLIMIT_AS, &as);
        }
        if (s.max_output_file != RLIM_INFINITY) {
            std::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing
            rlimit fs{s.max_output_file, s.max_output_file};
            ::setrlimit(RLIMIT_FSIZE, &fs);
        }
        ::setenv("NO_COLOR", "1", 1);
        std::vector<char*> argv;
        std::string bin = CACHELINT_BINARY;
        argv.push_back(bin.data());
        std::vector<std::string> copy = s.args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    Run r;
    int status = 0;
    rusage ru{};
    while (true) {
        pid_t w = ::wait4(pid, &status, WNOHANG, &ru);
        if (w == pid) break;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (r.seconds > kDeadlineSeconds && !r.timed_out) {
            r.timed_out = true;
            ::kill(pid, SIGKILL);  // the child this test started, by its id
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.max_rss_mib = ru.ru_maxrss / 1024;
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    fs::remove_all(dir);
    return r;
}

bool python_json_ok(const std::string& text) {
    return run_shell("python3 -c 'import json,sys; json.load(sys.stdin)'", text).exit_code == 0;
}

// The invariants of every run. `names` is what stderr must name when the run fails (exit 2).
void check_sane(const Run& r, const std::string& what, const std::string& format, const std::string& names) {
    INFO(what << " (--format " << format << "): exit " << r.exit_code << ", signal " << r.signal << ", "
              << r.seconds << " s, " << r.max_rss_mib << " MiB\nstderr: " << r.err.substr(0, 2000));
    CHECK_FALSE(r.timed_out);
    CHECK(r.signal == 0);
    CHECK((r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2));
    CHECK(r.max_rss_mib < kMaxRssMiB);
    if (r.exit_code == 2) {
        CHECK_FALSE(r.err.empty());
        if (!names.empty()) CHECK(r.err.find(names) != std::string::npos);
    }
    // One line per problem, each saying it is cachelint's and naming the input.
    size_t pos = 0;
    while (pos < r.err.size()) {
        size_t nl = r.err.find('\n', pos);
        REQUIRE(nl != std::string::npos);  // the last line is terminated
        const std::string line = r.err.substr(pos, nl - pos);
        CHECK(line.rfind("cachelint: ", 0) == 0);
        CHECK(line.find(": ", 11) != std::string::npos);  // "cachelint: <path>: <problem>"
        pos = nl + 1;
    }
    if (format == "json" || format == "sarif") {
        CHECK(fuzz::json_problem(r.out) == "");
        // Findings are capped per check (core/finding.hpp), whatever the number of bad lines.
        size_t findings = 0;
        for (size_t p = 0; (p = r.out.find(format == "json" ? "\"fingerprint\"" : "\"ruleId\"", p)) != std::string::npos; ++p)
            ++findings;
        CHECK(findings <= FindingSink::kMaxFindings + 1);
        if (r.out.size() < (8u << 20)) CHECK(python_json_ok(r.out));
    }
}

// Runs `check --dialect D ARGS` with JSON and with SARIF output and checks both.
void check_formats(std::initializer_list<const char*> formats, const std::string& dialect,
                   const std::vector<std::string>& paths, const std::string& what, const std::string& names,
                   const std::string& cwd = "", int expect_exit = -1) {
    for (const char* fmt : formats) {
        Spawn s;
        s.cwd = cwd;
        s.args = {"check", "--dialect", dialect, "--format", fmt};
        s.args.insert(s.args.end(), paths.begin(), paths.end());
        Run r = spawn(s);
        check_sane(r, dialect + ": " + what, fmt, names);
        if (expect_exit >= 0) {
            INFO(dialect << ": " << what << " stderr: " << r.err);
            CHECK(r.exit_code == expect_exit);
        }
    }
}

void check_both(const std::string& dialect, const std::vector<std::string>& paths, const std::string& what,
                const std::string& names, const std::string& cwd = "", int expect_exit = -1) {
    check_formats({"json", "sarif"}, dialect, paths, what, names, cwd, expect_exit);
}
// Huge inputs run once, through the SARIF writer (the larger one); the cheap cases cover JSON too.
void check_sarif(const std::string& dialect, const std::vector<std::string>& paths, const std::string& what) {
    check_formats({"sarif"}, dialect, paths, what, "");
}

struct TempDir {
    std::string path = make_temp_dir("hostile");
    ~TempDir() {
        std::error_code ec;
        // Restore permissions a case took away, so the tree can be removed.
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec))
            if (!it->is_symlink()) ::chmod(it->path().c_str(), 0700);
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name, const std::string& content) const {
        fs::create_directories(fs::path(path + "/" + name).parent_path());
        write_file(path + "/" + name, content);
        return path + "/" + name;
    }
};

// Every fixture case (not included parts) of a dialect, as text: the realistic half of the inputs.
std::vector<std::pair<std::string, std::string>> fixture_texts(std::string_view dialect) {
    std::vector<std::pair<std::string, std::string>> out;
    const fs::path root = fs::path(CACHELINT_SOURCE_DIR) / "fixtures" / std::string(dialect);
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
        if (!e.is_regular_file()) continue;
        const std::string ext = e.path().extension().string();
        if (ext == ".expected" || ext == ".args" || e.path().filename().string()[0] == '_') continue;
        out.emplace_back(e.path().filename().string(), read_file(e.path().string()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string repeat(std::string_view unit, size_t n) {
    std::string s;
    s.reserve(unit.size() * n);
    for (size_t i = 0; i < n; ++i) s += unit;
    return s;
}

std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

bool running_as_root() { return ::geteuid() == 0; }

}  // namespace

TEST_CASE("hostile: size limits, huge lines and deep nesting, every dialect", "[hostile]") {
    REQUIRE(!all_dialects().empty());
    for (const DialectInfo* d : all_dialects()) {
        const std::string dialect(d->name);
        TempDir t;
        // 100 MB over the 64 MB default limit (sparse: costs no disk) and a small file over --max-file-size.
        const std::string big = t.path + "/big.conf";
        {
            int fd = ::open(big.c_str(), O_WRONLY | O_CREAT, 0644);
            REQUIRE(fd >= 0);
            REQUIRE(::ftruncate(fd, 100 << 20) == 0);
            ::close(fd);
        }
        check_both(dialect, {big}, "100 MB file", big + ": file is 104857600 bytes, over the --max-file-size limit", "", 2);
        const std::string small = t.file("small.conf", std::string(4096, '#') + "\n");
        Spawn s;
        s.args = {"check", "--dialect", dialect, "--max-file-size", "1kb", small};
        Run r = spawn(s);
        check_sane(r, dialect + ": --max-file-size 1kb", "text", small + ": file is 4097 bytes, over the --max-file-size");
        CHECK(r.exit_code == 2);

        // One 10 MB line: a bare word, a directive with a huge value, an unterminated quote.
        check_sarif(dialect, {t.file("line1.conf", std::string(10 << 20, 'a') + "\n")}, "10 MB single word");
        check_sarif(dialect, {t.file("line2.conf", "key " + std::string(10 << 20, 'v') + "\n")}, "10 MB value");
        check_sarif(dialect, {t.file("line3.conf", "key \"" + std::string(10 << 20, 'q'))}, "10 MB open quote");

        // Nesting: every block syntax of the dialects, far deeper than any stack could recurse.
        check_sarif(dialect, {t.file("braces.conf", std::string(1000000, '{'))}, "1e6 '{'");
        check_sarif(dialect, {t.file("closers.conf", std::string(1000000, '}'))}, "1e6 '}'");
        check_sarif(dialect, {t.file("parens.conf", std::string(1000000, '('))}, "1e6 '('");
        check_sarif(dialect, {t.file("blocks.conf", repeat("x {\n", 100000))}, "100k 'x {'");
        check_sarif(dialect, {t.file("subs.conf", repeat("sub x {\n", 100000))}, "100k 'sub x {'");
        check_sarif(dialect, {t.file("ifs.conf", "sub vcl_recv {\n" + repeat("if (req.url) {\n", 100000))},
                   "100k nested if");
        check_sarif(dialect, {t.file("tags.conf", repeat("<X>\n", 100000))}, "100k '<X>'");
        check_sarif(dialect, {t.file("tags2.conf", repeat("<IfModule mod_cache.c>\n", 100000))}, "100k <IfModule>");
        check_sarif(dialect, {t.file("sections.conf", repeat("backend b\n", 100000))}, "100k sections");
        check_sarif(dialect, {t.file("lines.conf", repeat("\n", 2000000))}, "2e6 empty lines");
        check_sarif(dialect, {t.file("bad-lines.conf", repeat("? ?\n", 1000000))}, "1e6 bad lines");
    }
}

TEST_CASE("hostile: binary, NUL bytes, invalid UTF-8, BOM and CRLF, every dialect", "[hostile]") {
    for (const DialectInfo* d : all_dialects()) {
        const std::string dialect(d->name);
        TempDir t;
        check_both(dialect, {t.file("random.conf", random_bytes(1 << 20, 7))}, "1 MB random bytes", "");
        check_both(dialect, {t.file("zeros.conf", std::string(65536, '\0'))}, "64 KiB of NUL", "");
        // Every fixture with NUL bytes, invalid UTF-8, a BOM, CRLF: each one in-process through the
        // fuzzers' checks (fast), and all of them concatenated through the binary.
        auto fixtures = fixture_texts(dialect);
        CHECK(!fixtures.empty());
        std::string all_nul, all_utf8, all_bom, all_crlf;
        for (const auto& [name, text] : fixtures) {
            std::string with_nul, bad_utf8, crlf;
            for (size_t i = 0; i < text.size(); ++i) {
                with_nul += text[i];
                if (i % 7 == 3) with_nul += '\0';
                if (text[i] == '\n') {
                    bad_utf8 += " \xff\xfe\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf";
                    crlf += '\r';
                }
                bad_utf8 += text[i];
                crlf += text[i];
            }
            bad_utf8 += "\"\xff\xfe\" '\xc3' \xe2\x82\n\xf0\x9f\x98\n";
            const std::string bom = "\xEF\xBB\xBF" + text;
            const std::pair<const char*, const std::string*> variants[] = {
                {"NUL bytes", &with_nul}, {"invalid UTF-8", &bad_utf8}, {"BOM", &bom}, {"CRLF", &crlf}};
            for (const auto& [label, v] : variants) {
                INFO(dialect << ": fixture " << name << " with " << label);
                CHECK(fuzz::check_input(*d, *v, true) == "");
            }
            all_nul += with_nul, all_utf8 += bad_utf8, all_bom += bom, all_crlf += crlf;
        }
        check_both(dialect, {t.file("nul.conf", all_nul)}, "fixtures with NUL bytes", "");
        check_both(dialect, {t.file("utf8.conf", all_utf8)}, "fixtures with invalid UTF-8", "");
        check_both(dialect, {t.file("bom.conf", all_bom)}, "fixtures with BOMs", "");
        check_both(dialect, {t.file("crlf.conf", all_crlf)}, "fixtures with CRLF", "");
    }
}

TEST_CASE("hostile: redis reads CRLF files as LF files, like redis-server (it trims \\r)", "[hostile][redis]") {
    if (!find_dialect("redis")) return;
    TempDir t;
    for (const auto& [name, text] : fixture_texts("redis")) {
        std::string crlf;
        for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        const auto lf_path = t.file("lf/" + name, text), crlf_path = t.file("crlf/" + name, crlf);
        auto lf = run_cachelint("check --dialect redis --format concise " + name, t.path + "/lf");
        auto cr = run_cachelint("check --dialect redis --format concise " + name, t.path + "/crlf");
        INFO(name);
        CHECK(lf.exit_code == cr.exit_code);
        CHECK(lf.out == cr.out);
    }
}

TEST_CASE("hostile: unreadable, vanishing and special files, every dialect", "[hostile]") {
    for (const DialectInfo* d : all_dialects()) {
        const std::string dialect(d->name);
        TempDir t;
        const std::string good = t.file("tree/ok.conf", "# nothing\n");

        // A file that cannot be read. chmod 000 stops no root process (CI runs as root), so a
        // read that fails is made with /proc/self/mem too (open works, read(2) fails with EIO).
        const std::string locked = t.file("locked.conf", "x\n");
        ::chmod(locked.c_str(), 0);
        if (running_as_root()) {
            WARN("NOT CHECKED (this case only): chmod 000 case: running as root, which reads mode-000 files anyway; "
                 "the failing-read case below (/proc/self/mem) covers unreadable files");
        } else {
            check_both(dialect, {locked}, "chmod 000 file", locked + ": Permission denied", "", 2);
        }
        check_both(dialect, {"/proc/self/mem"}, "file whose read fails", "/proc/self/mem: read error", "", 2);

        // A directory that cannot be listed.
        const std::string closed = t.path + "/closed";
        t.file("closed/redis.conf", "x\n");
        ::chmod(closed.c_str(), 0);
        if (running_as_root()) {
            WARN("NOT CHECKED (this case only): chmod 000 directory case: running as root, which lists mode-000 directories anyway");
        } else {
            check_both(dialect, {closed}, "chmod 000 directory", closed + ": cannot open directory", "", 2);
        }
        // A path through a file, as if it were a directory.
        check_both(dialect, {good + "/inner.conf"}, "path through a file", good + "/inner.conf: Not a directory", "", 2);

        // Symlink loops: a directory link to its parent (the walk must not follow it) and a file
        // link cycle; a dangling link.
        fs::create_directory_symlink(t.path + "/tree", t.path + "/tree/loop");
        fs::create_symlink(t.path + "/b.conf", t.path + "/a.conf");
        fs::create_symlink(t.path + "/a.conf", t.path + "/b.conf");
        fs::create_symlink(t.path + "/nowhere.conf", t.path + "/tree/dangling.conf");
        check_both(dialect, {t.path + "/tree"}, "walk through a directory symlink loop and a dangling link", "");
        check_both(dialect, {t.path + "/a.conf"}, "file symlink cycle", t.path + "/a.conf: Too many levels of symbolic links",
                   "", 2);
        check_both(dialect, {t.path + "/tree/dangling.conf"}, "dangling symlink",
                   t.path + "/tree/dangling.conf: No such file or directory", "", 2);

        // A FIFO nobody writes to: opening it for reading would block forever.
        const std::string fifo = t.path + "/fifo.conf";
        REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
        check_both(dialect, {fifo}, "FIFO named explicitly", fifo + ": not a regular file", "", 2);
        Spawn s;
        s.args = {"check", "--format", "json", fifo};  // no --dialect: detection must not read it either
        check_sane(spawn(s), dialect + ": FIFO without --dialect", "json", fifo);
        ::mkfifo((t.path + "/tree/redis.conf").c_str(), 0644);
        check_both(dialect, {t.path + "/tree"}, "walk over a FIFO", "");

        // Devices that never end.
        check_both(dialect, {"/dev/zero"}, "/dev/zero named explicitly", "/dev/zero: not a regular file", "", 2);
        s.args = {"check", "--format", "sarif", "/dev/zero"};
        check_sane(spawn(s), dialect + ": /dev/zero without --dialect", "sarif", "/dev/zero");
        s.args = {"check", "--dialect", dialect, "--format", "json", "-"};
        s.stdin_path = "/dev/zero";
        Run r = spawn(s);
        check_sane(r, dialect + ": endless standard input", "json", "-: standard input is over the --max-file-size limit");
        CHECK(r.exit_code == 2);
        s.stdin_path = "/dev/null";

        // A file that vanishes between discovery and reading.
        const std::string gone = t.file("gone/vanish.conf", "x\n");
        LintOptions o;
        o.forced_dialect = dialect;
        o.jobs = 1;
        DiscoverResult found = discover({gone}, o);
        REQUIRE(found.files.size() == 1);
        fs::remove(gone);
        LintResult lr = lint_files(found.files, o);
        REQUIRE(lr.errors.size() == 1);
        CHECK(lr.errors[0].path == gone);
        CHECK(lr.errors[0].message == "No such file or directory");
    }
}

TEST_CASE("hostile: include cycles, include bombs and glob explosions, every dialect", "[hostile]") {
    // The include syntaxes of the dialects; each dialect understands some and reports the others.
    const std::vector<std::string> syntaxes = {"include {}\n", "include {};\n", "include \"{}\";\n", "Include {}\n"};
    auto line = [](const std::string& syntax, const std::string& path) {
        std::string s = syntax;
        s.replace(s.find("{}"), 2, path);
        return s;
    };
    for (const DialectInfo* d : all_dialects()) {
        const std::string dialect(d->name);
        for (size_t k = 0; k < syntaxes.size(); ++k) {
            const std::string& syn = syntaxes[k];
            TempDir t;
            const std::string self = t.path + "/self.conf";
            t.file("self.conf", line(syn, self));
            check_both(dialect, {self}, "self-include, syntax " + std::to_string(k), "");
            t.file("a.conf", line(syn, t.path + "/b.conf"));
            t.file("b.conf", line(syn, t.path + "/a.conf"));
            check_both(dialect, {t.path + "/a.conf"}, "two-file include cycle, syntax " + std::to_string(k), "");
            // A glob matching 2000 files, each including the glob again.
            for (int i = 0; i < 2000; ++i)
                t.file("many/f" + std::to_string(i) + ".conf", line(syn, t.path + "/many/*.conf"));
            const std::string top = t.file("top.conf", line(syn, t.path + "/many/*.conf"));
            check_both(dialect, {top}, "self-including glob of 2000 files, syntax " + std::to_string(k), "");
            // A tree: each level includes 10 files of the next, 5 levels deep (11111 files reached).
            for (int lvl = 1; lvl <= 5; ++lvl)
                for (int i = 0; i < 10; ++i)
                    t.file("tree/l" + std::to_string(lvl) + "/f" + std::to_string(i) + ".conf",
                           lvl < 5 ? line(syn, t.path + "/tree/l" + std::to_string(lvl + 1) + "/*.conf") : "# leaf\n");
            const std::string root = t.file("tree.conf", line(syn, t.path + "/tree/l1/*.conf"));
            check_both(dialect, {root}, "include tree fan-out 10^5, syntax " + std::to_string(k), "");
            // 20000 includes of the same small file, no cycle.
            t.file("leaf.conf", "# leaf\n");
            check_both(dialect, {t.file("wide.conf", repeat(line(syn, t.path + "/leaf.conf"), 20000))},
                       "20000 includes, syntax " + std::to_string(k), "");
            // A glob that would walk the whole disk.
            check_both(dialect, {t.file("disk.conf", line(syn, "/*/*/*/*/*/*/*.conf"))}, "glob over the whole disk", "");
            // Apache includes a directory recursively: "Include /" would read the whole disk.
            check_both(dialect, {t.file("root.conf", line(syn, "/"))}, "include of the root directory", "");
        }
    }
}

TEST_CASE("hostile: cachelint never modifies what it checks, and writes --output atomically", "[hostile]") {
    TempDir t;
    // Every fixture of every dialect, copied with their folders.
    for (const DialectInfo* d : all_dialects())
        fs::copy(fs::path(CACHELINT_SOURCE_DIR) / "fixtures" / std::string(d->name), t.path + "/" + std::string(d->name),
                 fs::copy_options::recursive);
    auto snapshot = [&] {
        std::vector<std::string> state;
        for (const auto& e : fs::recursive_directory_iterator(t.path)) {
            struct stat st {};
            ::lstat(e.path().c_str(), &st);
            state.push_back(e.path().string() + " " + std::to_string(st.st_mode) + " " + std::to_string(st.st_mtim.tv_sec) +
                            "." + std::to_string(st.st_mtim.tv_nsec) + " " +
                            (e.is_regular_file() ? std::to_string(std::hash<std::string>{}(read_file(e.path().string())))
                                                 : ""));
        }
        std::sort(state.begin(), state.end());
        return state;
    };
    const auto before = snapshot();
    REQUIRE(before.size() > 2);
    for (const char* fmt : {"text", "json", "sarif", "concise", "github"}) {
        Spawn s;
        s.args = {"check", "--format", fmt, t.path};
        check_sane(spawn(s), std::string("every fixture, ") + fmt, fmt, "");
    }
    CHECK(snapshot() == before);

    // --output: a successful write replaces the file whole; a failed write (the file-size limit
    // makes write(2) fail, whatever the user) leaves the previous report intact and no temp file.
    TempDir o;
    const std::string report = o.file("report.sarif", "previous report\n");
    Spawn s;
    s.args = {"check", "--format", "sarif", "--output", report, t.path};
    Run ok = spawn(s);
    check_sane(ok, "--output", "text", "");
    CHECK(fuzz::json_problem(read_file(report)) == "");
    const std::string good_report = read_file(report);
    s.max_output_file = 512;
    Run failed = spawn(s);
    INFO("stderr: " << failed.err);
    CHECK(failed.exit_code == 2);
    CHECK(failed.err.find("cannot write " + report) != std::string::npos);
    CHECK(read_file(report) == good_report);
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(o.path)) ++entries;
    CHECK(entries == 1);  // no temp file left behind
}
