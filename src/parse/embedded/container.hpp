// The model of the container rules (CTR0xx): one cache server started by a container, a Kubernetes
// workload or a systemd unit, with the memory limit its runtime enforces.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/source.hpp"
#include "parse/memcached/config.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::embedded {

struct Container {
    std::string name;             // service, container or unit name
    Span program;                 // the server's program word (or the image, when the command is the image's)
    std::optional<uint64_t> limit;  // bytes
    Span limit_span;
    std::string limit_text;       // "mem_limit: 512m", "resources.limits.memory: 100Mi", "MemoryMax=1G"
    bool config_unseen = false;   // a configuration file the command names is not in this file
    bool limit_elsewhere = false; // the limit is in another file (a ConfigMap's workload in a sibling manifest)
    std::string image;            // the image's flavor: "redis", "other:bitnami/redis", "variable valkey_image", "" (a command)
    std::vector<std::pair<std::string, Span>> ignored_env;  // variables that configure other images, not this one
    // Compose: the port mapping (or `network_mode: host`) that publishes the server on every interface of the host;
    // no file: not published there.
    Span published_all;
    std::string published_text;
    // varnishd: its storages (-s), read from the command line (or the official image's `-s malloc,$VARNISH_SIZE`).
    struct Storage {
        std::string name;  // "s0", "s1", ... or the name given (`-s mem=malloc,1G`)
        std::string kind;  // malloc, default, umem, file, ...
        std::optional<uint64_t> size;  // bytes; nullopt: no size given (unbounded for malloc)
        bool unknown = false;  // a variable the file does not resolve
        Span span;  // the size (or the whole argument when no size is given)
        std::string text;  // the argument as written, for messages
    };
    bool varnish = false;
    std::vector<Storage> storages;
    const redis::Config* redis = nullptr;
    const memcached::Config* memcached = nullptr;
};

}  // namespace cachelint::embedded
