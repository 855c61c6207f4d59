#!/usr/bin/env bash
# Status of a job started by submit.sh: prints running, success or failed.
state="${SCOTEXT_CLUSTER_STATE:-.snakemake/local-cluster}"
if [ -f "$state/$1.exit" ]; then
    if [ "$(cat "$state/$1.exit")" = "0" ]; then echo success; else echo failed; fi
else
    echo running
fi
