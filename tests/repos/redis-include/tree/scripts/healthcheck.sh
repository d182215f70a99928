#!/bin/sh
set -e
[ "$(redis-cli -p 6379 ping)" = "PONG" ]
