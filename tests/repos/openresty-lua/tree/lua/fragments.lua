local redis = require("resty.redis")
local red = redis:new()
red:set_timeout(100)
local ok, err = red:connect("127.0.0.1", 6379)
if not ok then
    ngx.log(ngx.ERR, "redis: ", err)
    return ngx.exit(502)
end
ngx.say(red:get(ngx.var.uri) or "")
red:set_keepalive(10000, 50)
