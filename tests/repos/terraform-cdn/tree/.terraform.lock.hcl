provider "registry.terraform.io/fastly/fastly" {
  version = "5.7.0"
}
