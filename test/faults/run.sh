#!/usr/bin/env bash
# The fault suite (docs/FAULTS.md): bash test/faults/run.sh [--case NAME[,NAME]] [--seed N] [--rate N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# On Node 24 (scripts/env.sh installs it from the npm registry when the machine's node is older): no tsx.
exec bash scripts/env.sh node test/faults/run.ts "$@"
