variable "domain" { type = string }
variable "origin" { type = string }
variable "default_ttl" {
  type    = string
  default = "300s"
}
variable "grace" {
  type    = string
  default = "6h"
}
