local _M = {}

local page_cache = ngx.shared.page_cache

function _M.init()
    page_cache:flush_all()
end

function _M.check_token()
    local token = ngx.var.http_authorization
    if not token then
        return ngx.exit(ngx.HTTP_UNAUTHORIZED)
    end
end

return _M
