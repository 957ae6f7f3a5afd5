// --help texts, one per command.

export const MAIN_HELP = `ecsguard: policy-as-code compliance scanner for Amazon ECS

Usage:
  ecsguard scan [PATH...] [options]   scan task-definition files, CloudFormation templates and
                                      Terraform plans (default: the current directory)
  ecsguard rules list [--format text|json|markdown]
                                      the rules: id, severity, title, runbook section, NIST CSF
  ecsguard rules test [--rules DIR]   run every rule's own passing and failing cases
  ecsguard --version                  print the version

Run "ecsguard <command> --help" for the options of a command.

Exit codes: 0 nothing failing at or above --fail-on; 1 failing findings;
2 usage, configuration or input errors (the other files are still scanned and reported).
`;

export const SCAN_HELP = `Usage: ecsguard scan [PATH...] [options]

Scans files and directories (default: .) for ECS task definitions, decided by content:
  - aws ecs register-task-definition input JSON (family, containerDefinitions, ...)
  - aws ecs describe-task-definition output ({"taskDefinition": {...}})
  - a bare containerDefinitions array (the --container-definitions file:// form)
  - CloudFormation templates in JSON or YAML, CDK synth output included (AWS::ECS::TaskDefinition,
    with the IAM roles and policies of the same template)
  - Terraform plan JSON (terraform show -json plan.out): aws_ecs_task_definition and IAM roles
Directory scans read *.json, *.yaml, *.yml, *.template and *.cfn files, skip .git, node_modules
and what .gitignore ignores, and pass over files that are not task definitions (see --verbose).

Options:
  --format FORMAT       text (default), json, sarif or markdown
  --output FILE         write the report to FILE (written whole or not at all); default stdout
  --fail-on SEVERITY    lowest severity of a failing finding that exits 1: info, low (default),
                        medium, high, critical, or none
  --fail-on-unknown     also exit 1 when a check could not be evaluated (data not in the files)
  --rules DIR           also load the rules in DIR (repeatable); see docs/rules.md
  --config FILE         use this .ecsguard.yaml (default: the nearest one at or above the first
                        PATH)
  --no-config           use no configuration file
  --max-file-size SIZE  skip larger files with an error (default 64MiB; accepts k, m suffixes)
  --today YYYY-MM-DD    judge waiver expiry as of this date (default: today, UTC)
  --verbose             list the files passed over and why, on stderr
  --quiet               no progress display
  --debug               show stack traces of internal errors
  -h, --help            this help

Examples:
  ecsguard scan deploy/
  ecsguard scan deploy/ --format sarif --output reports/ecsguard.sarif
  ecsguard scan taskdef.json --fail-on high
`;

export const RULES_HELP = `Usage: ecsguard rules list [--format text|json|markdown] [--rules DIR]
       ecsguard rules test [--rules DIR]

list   every rule with its id, severity, title, runbook section and NIST CSF subcategories
test   runs the passing, failing and lookalike cases each rule carries, and exits 1 if one fails
       (cases marked todo are reported, not enforced)

Options:
  --rules DIR     also load the rules in DIR (repeatable)
  --format FORMAT text (default), json or markdown (list only)
  -h, --help      this help
`;
