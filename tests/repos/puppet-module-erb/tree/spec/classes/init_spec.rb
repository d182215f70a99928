require 'spec_helper'

describe 'varnish_haproxy' do
  it { is_expected.to contain_file('/etc/haproxy/haproxy.cfg').with_content(%r{cache assets}) }
end
