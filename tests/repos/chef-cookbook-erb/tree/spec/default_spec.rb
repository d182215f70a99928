require 'chefspec'

describe 'cache_stack::default' do
  let(:chef_run) { ChefSpec::SoloRunner.new(platform: 'ubuntu', version: '22.04').converge(described_recipe) }

  it 'renders memcached.conf' do
    expect(chef_run).to create_template('/etc/memcached.conf')
  end
end
