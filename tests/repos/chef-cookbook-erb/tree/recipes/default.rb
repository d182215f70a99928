package %w(memcached redis-server)

template '/etc/memcached.conf' do
  source 'memcached.conf.erb'
  variables(memory: node['cache_stack']['memcached']['memory'],
            listen: node['cache_stack']['memcached']['listen'])
  notifies :restart, 'service[memcached]'
end

template '/etc/redis/redis.conf' do
  source 'redis.conf.erb'
  owner 'redis'
  mode '0640'
end

service 'memcached' do
  action [:enable, :start]
end
