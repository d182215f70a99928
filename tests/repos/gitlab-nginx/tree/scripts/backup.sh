#!/bin/bash
set -euo pipefail
gitlab-backup create STRATEGY=copy
