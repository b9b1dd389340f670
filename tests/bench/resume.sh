#!/usr/bin/env bash
# Resume across restarts at benchmark size (#19): a 1 GiB gofer-to-gofer
# transfer through a throttled transit relay (128 MiB/s), killed with
# SIGKILL at 50 % on the sender's side, then on the receiver's side; each
# time the same file sent again with a new code must arrive identical, and
# the second transfer must send under 60 % of the file. The checks are
# those of tests/interop/resume.sh (the quick 64 MiB test in the default
# suite); this only sets the sizes. Environment: BENCH_MIB (1024).
here=$(cd "$(dirname "$0")" && pwd)
export RESUME_MIB=${BENCH_MIB:-1024} RESUME_RATE_MIB=128 RESUME_KILL_PERCENT=50 RESUME_STANDARD=0
exec bash "$here/../interop/resume.sh"
