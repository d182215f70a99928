terraform {
  required_providers {
    fastly = {
      source  = "fastly/fastly"
      version = ">= 5.0"
    }
  }
}

resource "fastly_service_vcl" "www" {
  name = "www"

  domain {
    name = var.domain
  }

  backend {
    address = var.origin
    name    = "origin"
    port    = 443
  }

  vcl {
    name    = "main"
    content = templatefile("${path.module}/vcl/default.vcl.tftpl", {
      origin_host = var.origin
      default_ttl = var.default_ttl
      grace       = var.grace
    })
    main = true
  }
}
