external_url 'https://gitlab.example.org'
nginx['enable'] = false
web_server['external_users'] = ['www-data']
gitlab_rails['trusted_proxies'] = ['127.0.0.1']
redis['maxmemory'] = '2gb'
redis['maxmemory_policy'] = 'allkeys-lru'
