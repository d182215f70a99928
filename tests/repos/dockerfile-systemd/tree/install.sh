#!/bin/sh
set -e
install -m 0644 systemd/*.service /etc/systemd/system/
install -m 0644 sysconfig/memcached-sessions /etc/sysconfig/
systemctl daemon-reload
