#!/usr/bin/env bash
# The fault suite (docs/FAULTS.md): bash test/faults/run.sh [--case NAME[,NAME]] [--seed N] [--rate N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# Node >= 22.18 strips types itself; older Node needs the tsx loader (as test/helpers/ts-run.ts says).
if [ "$(node -p 'Boolean(process.features.typescript)')" = "true" ]; then exec node test/faults/run.ts "$@"; fi
exec node --import tsx test/faults/run.ts "$@"
