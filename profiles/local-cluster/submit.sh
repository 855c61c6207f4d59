#!/usr/bin/env bash
# A stand-in for a batch scheduler's submit command, for testing the cluster path on one
# machine: runs the Snakemake jobscript as its own background process and prints a job id.
# Snakemake calls it as: submit.sh <jobscript>
set -euo pipefail
state="${SCOTEXT_CLUSTER_STATE:-.snakemake/local-cluster}"
mkdir -p "$state"
id="job-$(date +%s%N)-$$"
nohup bash -c "bash '$1' > '$state/$id.log' 2>&1; echo \$? > '$state/$id.exit'" \
    > /dev/null 2>&1 &
echo "$id"
