// Every path cachelint writes (--output, --report, --write-baseline, --update-baseline): a regular or new
// file is replaced atomically; a device, FIFO, socket or the process's own descriptors are written in
// place and never replaced; a symlink is followed and its target replaced in its own folder.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "core/atomic_file.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

// One warning (RC403: a password anyone tries first), so a check exits 1.
const std::string kWeakPassword = "requirepass foobared\n";

namespace {
struct stat stat_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st;
}

// Reads a FIFO to its end in another thread (opening the write side blocks until a reader is there).
// Non-blocking with a deadline: if the FIFO is replaced instead of written, the test fails, not hangs.
std::future<std::string> read_fifo(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);  // at once, before the writer
    return std::async(std::launch::async, [fd] {
        std::string out;
        if (fd < 0) return out;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd pfd{fd, POLLIN, 0};
            if (::poll(&pfd, 1, 200) <= 0) continue;
            char buf[65536];
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n > 0) out.append(buf, static_cast<size_t>(n));
            else if (n == 0 && (pfd.revents & POLLHUP)) break;  // the writer came and closed
        }
        ::close(fd);
        return out;
    });
}
}  // namespace

TEST_CASE("output paths: a character device is written in place, never replaced", "[workflow][output]") {
    if (::geteuid() != 0) {
        WARN("SKIPPED: mknod of a character device needs root");
        return;
    }
    Project p;
    p.file("redis.conf", kCleanRedis + kWeakPassword);
    const std::string dev = p.path + "/null";
    REQUIRE(::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);  // the same device as /dev/null
    for (const std::string& args : {"check --format json --output null redis.conf", "check --report sarif:null redis.conf",
                                    "check --write-baseline null redis.conf"}) {
        INFO(args);
        auto r = p.run(args);
        CHECK(r.exit_code != 2);
        CHECK(r.err.find("cannot write") == std::string::npos);
        struct stat st = stat_of(dev);
        CHECK(S_ISCHR(st.st_mode));
        CHECK(st.st_rdev == makedev(1, 3));
    }
    // No temporary file left beside it.
    size_t entries = 0;
    for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(p.path)) ++entries;
    CHECK(entries == 3);  // .git, redis.conf, null
    // Never /dev/null itself: a cachelint with the bug, run as root, would replace the machine's /dev/null.
    // A link to it exercises the same path and, with the bug, only replaces the link.
    std::filesystem::create_symlink("/dev/null", p.path + "/devnull");
    auto r = p.run("check --format json --output devnull redis.conf");
    CHECK(r.exit_code == 1);
    CHECK(S_ISLNK(stat_of(p.path + "/devnull").st_mode));
    CHECK(S_ISCHR(stat_of("/dev/null").st_mode));
}

TEST_CASE("output paths: a FIFO is written in place, for a reader on the other end", "[workflow][output]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWeakPassword);
    const std::string fifo = p.path + "/report.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto report = read_fifo(fifo);
    auto r = p.run("check --format json --output report.fifo redis.conf");
    CHECK(r.exit_code == 1);
    CHECK(report.get().find("\"RC403\"") != std::string::npos);
    CHECK(S_ISFIFO(stat_of(fifo).st_mode));
    // Same for --report and --write-baseline.
    auto sarif = read_fifo(fifo);
    CHECK(p.run("check --report sarif:report.fifo redis.conf").exit_code == 1);
    CHECK(sarif.get().find("2.1.0") != std::string::npos);
    auto baseline = read_fifo(fifo);
    CHECK(p.run("check --write-baseline report.fifo redis.conf").exit_code == 0);
    CHECK(baseline.get().find("\"fingerprint\"") != std::string::npos);
    CHECK(S_ISFIFO(stat_of(fifo).st_mode));
}

TEST_CASE("output paths: a symlink is followed, its target replaced in its own folder with its mode", "[workflow][output]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWeakPassword);
    p.file("reports/real.json", "old\n");
    const std::string real = p.path + "/reports/real.json";
    REQUIRE(::chmod(real.c_str(), 0640) == 0);
    std::filesystem::create_symlink("reports/real.json", p.path + "/link.json");
    auto r = p.run("check --format json --output link.json redis.conf");
    CHECK(r.exit_code == 1);
    CHECK(S_ISLNK(stat_of(p.path + "/link.json").st_mode));  // still a link
    CHECK(p.read("reports/real.json").find("\"RC403\"") != std::string::npos);
    CHECK((stat_of(real).st_mode & 07777) == 0640);
    // A chain of relative links, and the baseline writers.
    std::filesystem::create_directories(p.path + "/a");
    std::filesystem::create_symlink("../link.json", p.path + "/a/chain.json");
    // The target holds the JSON report: --write-baseline will not overwrite what is not a baseline.
    CHECK(p.run("check --write-baseline a/chain.json redis.conf").exit_code == 2);
    CHECK(p.read("reports/real.json").find("\"RC403\"") != std::string::npos);
    p.file("reports/real.json", "");  // an empty file is a new baseline
    CHECK(p.run("check --write-baseline a/chain.json redis.conf").exit_code == 0);
    CHECK(S_ISLNK(stat_of(p.path + "/a/chain.json").st_mode));
    CHECK(S_ISLNK(stat_of(p.path + "/link.json").st_mode));
    CHECK(p.read("reports/real.json").find("\"fingerprint\"") != std::string::npos);
    CHECK((stat_of(real).st_mode & 07777) == 0640);
    p.file("redis.conf", kCleanRedis);  // the finding is gone: --update-baseline prunes through the link
    CHECK(p.run("check --baseline a/chain.json --update-baseline redis.conf").exit_code == 0);
    CHECK(S_ISLNK(stat_of(p.path + "/a/chain.json").st_mode));
    CHECK(p.read("reports/real.json").find("\"fingerprint\"") == std::string::npos);
    CHECK((stat_of(real).st_mode & 07777) == 0640);
    // No temporary file left anywhere.
    for (auto& e : std::filesystem::recursive_directory_iterator(p.path))
        CHECK(e.path().string().find(".cachelint-") == std::string::npos);
}

TEST_CASE("output paths: /dev/stdout and /proc/self/fd/N write to the descriptor", "[workflow][output]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWeakPassword);
    // Through links in the project, not /dev/stdout itself: a cachelint with the bug, run as root, would
    // replace the machine's /dev/stdout; this way it only replaces the link (and the test fails).
    std::filesystem::create_symlink("/dev/stdout", p.path + "/stdout");
    std::filesystem::create_symlink("/dev/stderr", p.path + "/stderr");
    auto out = p.run("check --format json --output stdout redis.conf");
    CHECK(out.exit_code == 1);
    CHECK(out.out.find("\"RC403\"") != std::string::npos);
    CHECK(out.err.find("cannot write") == std::string::npos);
    CHECK(S_ISLNK(stat_of(p.path + "/stdout").st_mode));
    auto err = p.run("check --format concise --fail-on never --report json:stderr redis.conf");
    CHECK(err.exit_code == 0);
    CHECK(err.out.find("[RC403]") != std::string::npos);
    CHECK(err.err.find("\"RC403\"") != std::string::npos);
    CHECK(S_ISLNK(stat_of(p.path + "/stderr").st_mode));
    // /proc/self/fd/1 named directly (the bug cannot create a file in /proc: harmless).
    auto proc = p.run("check --format json --output /proc/self/fd/1 redis.conf");
    CHECK(proc.exit_code == 1);
    CHECK(proc.out.find("\"RC403\"") != std::string::npos);
    // Standard output redirected to a regular file: the file is written, not replaced by a new inode.
    auto shell = run_shell("cd " + shell_quote(p.path) + " && " CACHELINT_BINARY
                           " check --format json --output /proc/self/fd/1 redis.conf > captured.json");
    CHECK(shell.exit_code == 1);
    CHECK(p.read("captured.json").find("\"RC403\"") != std::string::npos);
    for (auto& e : std::filesystem::directory_iterator(p.path))
        CHECK(e.path().string().find(".cachelint-") == std::string::npos);
    // Through the library directly: fd 1 of this process is whatever the test runner has; use a pipe.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    CHECK(cachelint::write_file_atomically("/proc/self/fd/" + std::to_string(fds[1]), "hello\n").empty());
    CHECK(cachelint::write_file_atomically("/dev/fd/" + std::to_string(fds[1]), "again\n").empty());
    ::close(fds[1]);
    char buf[64] = {};
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    ::close(fds[0]);
    CHECK(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0) == "hello\nagain\n");
}

TEST_CASE("output paths: regular and new files are still replaced atomically, directories refused", "[workflow][output]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWeakPassword);
    p.file("out.json", "old\n");
    const std::string out = p.path + "/out.json";
    REQUIRE(::chmod(out.c_str(), 0600) == 0);
    const ino_t before = stat_of(out).st_ino;
    CHECK(p.run("check --format json --output out.json redis.conf").exit_code == 1);
    CHECK(stat_of(out).st_ino != before);  // a new inode: renamed over, never half-written
    CHECK((stat_of(out).st_mode & 07777) == 0600);
    CHECK(p.run("check --format json --output new/dir/out.json redis.conf").exit_code == 1);
    CHECK((stat_of(p.path + "/new/dir/out.json").st_mode & 07777) == 0644);
    std::filesystem::create_directories(p.path + "/adir");
    auto dir = p.run("check --format json --output adir redis.conf");
    CHECK(dir.exit_code == 2);
    CHECK(dir.err.find("cannot write adir: Is a directory") != std::string::npos);
}
