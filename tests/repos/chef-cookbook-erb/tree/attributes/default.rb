default['cache_stack']['memcached']['memory'] = 1024
default['cache_stack']['memcached']['listen'] = '0.0.0.0'
default['cache_stack']['redis']['maxmemory'] = '768mb'
default['cache_stack']['redis']['password'] = nil
