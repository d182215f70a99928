class varnish_haproxy (
  String $backend_host = '127.0.0.1',
  Integer $backend_port = 8080,
  String $cache_size = '256m',
) {
  package { ['haproxy', 'varnish']: ensure => installed }

  file { '/etc/haproxy/haproxy.cfg':
    content => template('varnish_haproxy/haproxy.cfg.erb'),
    notify  => Service['haproxy'],
  }

  file { '/etc/varnish/default.vcl':
    content => epp('varnish_haproxy/default.vcl.epp'),
  }

  service { 'haproxy': ensure => running, enable => true }
}
