# SCO Secretaries-General discourse workflow: raw interviews -> cleaned corpus -> analyses.
# The table of contents: configuration, validation and one rule file per stage.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/corpus.smk"
include: "workflow/rules/keywords.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/framing.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        all_outputs(),
