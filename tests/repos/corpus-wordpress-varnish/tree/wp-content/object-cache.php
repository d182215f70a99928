<?php
// Redis object cache drop-in configuration.
define('WP_REDIS_HOST', 'redis');
define('WP_REDIS_MAXTTL', 86400);
