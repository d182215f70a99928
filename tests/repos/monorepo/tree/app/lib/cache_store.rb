require 'redis'

class CacheStore
  def initialize
    @redis = Redis.new(url: ENV['REDIS_URL'])
  end
end
