package = "edge"
version = "dev-1"
source = { url = "git://example.org/edge.git" }
dependencies = { "lua >= 5.1", "lua-resty-redis" }
build = { type = "builtin", modules = {} }
