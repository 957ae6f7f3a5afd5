// --help texts, one per command.

/** The live options, shared by scan --live and collect. */
const LIVE_FLAGS = `  --region R            regions to audit (repeatable, or a comma list)
  --all-regions         every region enabled in each account
  --profile NAME        a profile of the shared AWS config (SSO profiles included)
  --role-arn ARN        assume this role (repeatable: one account each)
  --external-id ID      external id for --role-arn, or for every member with --org
  --org                 every active account of the AWS Organization (run from the management
                        account or a delegated administrator; policies/ecsguard-organizations.json)
  --org-role NAME       with --org: the role to assume in each member account (the StackSet in
                        policies/ creates it); the credentials' own account is audited as it is
  --org-ou ID           with --org: only the accounts under these OUs or root, recursively
                        (repeatable, or a comma list)
  --exclude-account ID  with --org: never audit this account (repeatable, or a comma list)
  --account-concurrency N  accounts audited at once (default 4); a member whose role cannot be
                        assumed is that account's gap (its checks unknown), not the run's end
  --endpoint-url URL    an AWS-compatible endpoint
  --all-revisions       every ACTIVE task definition revision, not only the newest per family
  --concurrency N       AWS calls in flight at once, all accounts together (default 16)
  --timeout SECONDS     per-request timeout (default 20)
  --retry-mode MODE     standard (default: bounded retries with backoff) or adaptive (also slows
                        a throttled client down for the rest of the run)
  --max-attempts N      attempts per request, retries included (default 4)

  .ecsguard.yaml can hold these under live: (regions, all-regions, accounts: [{id, name,
  role-arn, external-id}], org: {role, units, exclude, external-id}, concurrency,
  account-concurrency, retry-mode, max-attempts, timeout); options given here win.
`;

export const MAIN_HELP = `ecsguard: policy-as-code compliance scanner for Amazon ECS

Usage:
  ecsguard scan [PATH...] [options]   scan task-definition files, CloudFormation templates,
                                      Terraform modules and plans (default: the current directory)
  ecsguard scan --live --region R     audit live AWS accounts (writes an inventory snapshot)
  ecsguard scan --inventory FILE      evaluate a snapshot written by collect or scan --live
  ecsguard collect --region R --out FILE
                                      snapshot live accounts without evaluating them
  ecsguard merge FILE... --output FILE
                                      combine the SARIF logs, JSON reports or snapshots of
                                      shards (one per account, say) into one
  ecsguard publish securityhub FILE   send scan --format asff findings to AWS Security Hub
  ecsguard diff OLD.json NEW.json [--format text|markdown|json]
                                      new, fixed and unchanged findings between two JSON
                                      reports, by rule and by control
  ecsguard controls [PATH...] [--framework csf11|csf20|runbook]
                                      the same scan, reported by runbook control statement
                                      and NIST CSF subcategory
  ecsguard rules list [--format text|json|markdown]
                                      the rules: id, severity, title, runbook section, NIST CSF
  ecsguard rules test [--rules DIR]   run every rule's own passing and failing cases
  ecsguard help [COMMAND]             this help, or a command's (ecsguard help scan)
  ecsguard --version, -V              print the version

Run "ecsguard <command> --help" for the options of a command.

Exit codes: 0 nothing failing at or above --fail-on; 1 failing findings (and, for --live and
--inventory, checks that could not be evaluated, unless --allow-unknown); 2 usage, configuration
or input errors (the other files are still scanned and reported).
`;

export const SCAN_HELP = `Usage: ecsguard scan [PATH...] [options]

Scans files and directories (default: .) for ECS resources, decided by content:
  - aws ecs register-task-definition input JSON (family, containerDefinitions, ...), also with
    template placeholders where values go ("cpu": \${CPU}, {{ x }})
  - aws ecs describe-task-definition output ({"taskDefinition": {...}})
  - a bare containerDefinitions array (the --container-definitions file:// form)
  - aws ecs create-service / update-service input (--cli-input-json; ecspresso's service
    definition) and describe-services output ({"services": [...]}), aws ecs create-cluster /
    update-cluster input and describe-clusters output ({"clusters": [...]}), aws ecs run-task input
    (the tasks a pipeline or script starts), and the ECS targets of aws events put-targets and
    aws scheduler create-schedule input
  - CloudFormation templates in JSON or YAML, CDK synth output and aws cloudformation get-template
    output included (AWS::ECS::TaskDefinition, with the IAM roles and policies of the same
    template; AWS::ECS::Service, TaskSet and Cluster; the launch templates, launch configurations
    and instances that start container instances;
    EventBridge rules, Scheduler schedules and Step Functions state machines that run tasks)
  - Terraform plan JSON (terraform show -json plan.out) and folders of .tf / .tf.json files, each
    one module with the local modules it calls: task definitions, services, clusters, IAM roles,
    launch templates, scheduled tasks, state machines, and what calls of
    terraform-aws-modules/ecs, cloudposse/ecs-container-definition and
    cloudposse/ecs-alb-service-task create (no module is ever fetched); Terragrunt units
    (terragrunt.hcl) as their local source module run with their inputs
  - Serverless Framework service files (the CloudFormation of their resources, and
    serverless-step-functions state machines), Ansible tasks of
    community.aws.ecs_taskdefinition (and the services and tasks of ecs_service and ecs_task),
    Pulumi YAML programs (runtime: yaml; Pulumi's AWS
    resources read as the Terraform resources its provider bridges), CodeDeploy AppSpec files of
    ECS deployments (the replacement task set), Step Functions state machine definition files
    (*.asl.json: the states that run ECS tasks), and GitHub Actions workflows' ECS steps (what
    amazon-ecs-render-task-definition writes into task definitions, the tasks
    amazon-ecs-deploy-task-definition starts with run-task, the container
    amazon-ecs-deploy-express-service builds an Express Mode service from)
  - ECS CLI projects: ecs-params.yml and the Docker Compose file beside it, as the task
    definition and service ecs-cli compose deploys
  - AWS Copilot service and job manifests: the variables (and env_file) Copilot writes into the
    containers
  - fabfuel's ecs-deploy commands (ecs deploy, cron, update, run) wherever the AWS CLI's
    commands are read: the variables, secrets and labels they write, the tasks ecs run starts
  - ECS Express Mode services (CloudFormation, Terraform, Pulumi, the AWS CLI): the primary
    container ECS builds the service's task definition from
  - CircleCI configurations using the circleci/aws-ecs orb: the environment variables, secrets
    and labels its update steps write into containers, the tasks its run_task steps start
  - the AWS CLI's aws ecs run-task, start-task, create-service, update-service and
    register-task-definition commands in shell scripts (*.sh, *.bash, *.zsh, *.ksh), PowerShell
    scripts (*.ps1), makefiles (Makefile, *.mk), Jenkins pipelines (Jenkinsfile, Jenkinsfile.*,
    *.jenkinsfile, *.groovy: their string literals) and in the
    strings of any JSON or YAML file (a CI job's run: or script:, a buildspec's commands) and in
    Terraform local-exec provisioners: their
    options (JSON or shorthand) read as the same input in a --cli-input-json file; what the shell
    fills in ($SUBNET, $(...)) and what a file:// option names are unknown (so is a check that
    input read from a file would decide: --cli-input-json file://run.json), a secret read with
    $(aws secretsmanager get-secret-value ...) is that secret; and the JSON task definitions a
    script writes out (a here-document's body, a Jenkins string saved with writeFile)
Directory scans read *.json, *.yaml, *.yml, *.template, *.cfn, *.tpl, *.tf, *.tf.json, terragrunt.hcl,
*.json.j2 and other rendered templates (*.yaml.jinja2, *.json.tmpl), shell
and PowerShell script, makefile and Jenkins pipeline files, skip .git, node_modules, .terraform and what .gitignore ignores
as git reads it (the deepest .gitignore decides; a file git tracks, read from the index, is
always scanned; the others are counted in the summary and --no-gitignore scans them), and pass
over files that are not task definitions (see --verbose).
Every file that parses is decided by its content, whatever its text looks like.

Options:
  --format FORMAT       text (default), json, sarif, markdown, junit, html (one self-contained
                        page: posture by control, findings with filters and search) or asff
                        (AWS Security Finding Format, for Security Hub's BatchImportFindings)
  --asff-account ID     asff: the account whose Security Hub imports the findings (its
  --asff-region REGION  ProductArn); a file scan needs both, a live audit defaults to its own
  --output FILE         write the report to FILE (written whole or not at all); default stdout
  --output FORMAT=FILE  write FORMAT to FILE; repeatable, so one run writes several reports
                        (--output sarif=reports/e.sarif --output text); FORMAT or FORMAT=- is
                        standard output. A usage error or a missing path writes no report.
  --fail-on SEVERITY    lowest severity of a failing finding that exits 1: info, low (default),
                        medium, high, critical, or none
  --fail-on-unknown     also exit 1 when a check could not be evaluated (data not in the files)
  --check ID[,ID...]    run only these rules (repeatable; on top of the configuration)
  --skip-check ID[,...] do not run these rules (repeatable)
  --baseline REPORT     a previous SARIF or JSON report: each result is new or unchanged, and
                        what it listed and this run does not is reported as no longer present
  --fail-on-new         with --baseline: only new findings make the exit code 1
  --rules DIR           also load the rules in DIR (repeatable); see docs/rules.md
  --no-builtin-rules    load only the --rules directories, not the rules ecsguard ships
  --config FILE         use this .ecsguard.yaml (default: the first one from the current
                        directory up to the repository top; one inside the scanned paths is
                        never used, and every report names it as ignored)
  --no-config           use no configuration file
  --max-waiver-days N   refuse waivers that expire more than N days from today (overrides the
                        configuration's max-waiver-days)
  --no-gitignore        also scan the files .gitignore ignores
  --var-file FILE       Terraform: a variable file (.tfvars, or .tfvars.json) the scanned root
                        modules read after their terraform.tfvars and *.auto.tfvars, as
                        terraform plan -var-file does; repeatable, a later file wins; read
                        wherever it is, since you name it
  --max-file-size SIZE  skip larger files with an error (default 64MiB; accepts k, m suffixes)
  --today YYYY-MM-DD    judge waiver expiry as of this date (default: today, UTC)
  --sarif-unknown MODE  checks that could not be evaluated, in SARIF: companion (default: under
                        a rule <id>.unknown with no security-severity, so GitHub shows a note,
                        not a High alert), omit (notifications only) or inline
  --sarif-waived MODE   waived results in SARIF: omit (default; GitHub ignores suppressions) or
                        suppress (as results with suppressions)
  --source-root DIR     SARIF paths are relative to DIR (default: the git top level)
  --category ID         SARIF automationDetails.id (default ecsguard/files/, or
                        ecsguard/live/<accounts>/<regions>/ for live scans)
  --verbose             list the files passed over and why, on stderr
  --quiet               no progress display
  --debug               show stack traces of internal errors
  -h, --help            this help

Live accounts (--live) and snapshots (--inventory FILE):
  --live                collect from AWS with the SDK's default credentials, then scan
  --inventory FILE      scan a snapshot written by "ecsguard collect" (no AWS calls)
  --snapshot FILE       where --live writes its snapshot (default: beside --output, as
                        <output>.inventory.json, or reports/ecsguard-inventory.json); findings
                        point at their resources' lines in it
  --allow-unknown       checks that could not be evaluated do not make the exit code 1 (by
                        default they do, for --live and --inventory)
${LIVE_FLAGS}
Inline suppressions, written in the scanned files, are waivers that every report shows (the
configuration can refuse them: allow-inline-suppressions: false):
  CloudFormation   Metadata: { ecsguard: { skip: [{ id: RULE, reason: WHY, expires: YYYY-MM-DD }] } }
  YAML comment     # ecsguard:skip=RULE WHY [expires=YYYY-MM-DD]   (on the finding's line, or
                   alone on the line above it)

Colour: on a terminal; off for pipes and files and with NO_COLOR; FORCE_COLOR turns it on.

Examples:
  ecsguard scan deploy/
  ecsguard scan deploy/ --format sarif --output reports/ecsguard.sarif
  ecsguard scan deploy/ --output sarif=reports/e.sarif --output markdown=reports/e.md --output text
  ecsguard scan taskdef.json --fail-on high
  ecsguard scan deploy/ --baseline main.sarif --fail-on-new
`;

export const RULES_HELP = `Usage: ecsguard rules list [--format text|json|markdown] [--rules DIR] [--no-builtin-rules]
       ecsguard rules test [--rules DIR] [--no-builtin-rules]

list   every rule with its id, severity, title, runbook section and NIST CSF subcategories
test   runs the passing, failing and lookalike cases each rule carries, and exits 1 if one fails
       (cases marked todo are reported, not enforced)

Options:
  --rules DIR     also load the rules in DIR (repeatable)
  --no-builtin-rules
                  only the --rules directories, not the rules ecsguard ships
  --format FORMAT text (default), json or markdown (list only)
  -h, --help      this help
`;

export const COLLECT_HELP = `Usage: ecsguard collect --region R[,R...] --out FILE [options]

Reads, with read-only calls, what the checks need from live AWS accounts: ECS clusters, services,
task definitions (the newest ACTIVE revision of every family, and those services run), container
instances; the execution and task roles with their policies; metadata (never values) of the SSM
parameters and Secrets Manager secrets tasks reference; their KMS keys; the log groups tasks write
to; the VPCs that run tasks, with endpoints and flow logs; the load balancer listeners that
forward to services' target groups; CloudTrail trails; the tasks started outside a service:
EventBridge rules' ECS targets (every event bus), Scheduler schedules, Step Functions state
machines, and the running tasks no service started. Every call that fails (access denied,
throttled after retries, timed out, region not enabled) is recorded in the snapshot with what it
leaves unseen. Evaluate the snapshot with "ecsguard scan --inventory FILE".

Credentials: the AWS SDK's default chain (environment, shared config and SSO profiles, container
and instance roles). The IAM policy the scanner needs is policies/ecsguard-readonly.json.

Options:
  --out FILE            where to write the snapshot (written whole or not at all)
  --config FILE         the configuration whose live: settings to use (default: .ecsguard.yaml
                        from the working directory up to the repository's top)
  --no-config           use none
${LIVE_FLAGS}
  --allow-gaps          exit 0 even when some calls failed (they are recorded as gaps either way)
  --quiet               no progress display
  -h, --help            this help

Exit codes: 0 everything collected; 1 the snapshot has gaps (calls that failed; named on stderr),
unless --allow-gaps; 2 nothing could be collected (no credentials, expired credentials, an
unreachable endpoint, STS denied): one error line, no snapshot.
`;

export const DIFF_HELP = `Usage: ecsguard diff OLD.json NEW.json [--format text|markdown|json] [--output FILE]

Compares two ecsguard JSON reports (scan --format json) of the same scope, an earlier and a later
one: findings (failing, unknown and waived results) are matched by their fingerprint, which stays
the same when lines move, and listed as new (only in NEW), fixed (only in OLD) and unchanged,
with counts by rule and by control (runbook control statements, NIST CSF 2.0). A finding whose
status changed (waived since, say) is unchanged, with its earlier status.

Options:
  -f, --format FORMAT   text (default), markdown (a pull-request comment) or json
  -o, --output FILE     write the diff to FILE (whole or not at all; default standard output)
  --fail-on SEVERITY    exit 1 when NEW has new failing findings at or above SEVERITY (info,
                        low, medium, high, critical; default low), or never (none)
  -h, --help            this help

Exit codes: 0 no new failing finding at or above --fail-on; 1 there are; 2 usage or input errors
(a file that is not an ecsguard JSON report, or does not validate against its schema).

Examples:
  ecsguard diff reports/last-week.json reports/today.json
  ecsguard diff main.json pr.json --format markdown --fail-on high > comment.md
`;

export const PUBLISH_HELP = `Usage: ecsguard publish securityhub FINDINGS.json [options]

Sends the findings of "ecsguard scan --format asff" to AWS Security Hub (BatchImportFindings,
100 findings a call, retried with backoff), then archives the findings of the same category
(files, or the accounts and regions of a live audit) that Security Hub holds as active and this
file no longer does, so Security Hub shows what the latest scan found. A finding the API refuses
is one line with its id and error code, and the exit code is 2.

This command writes to Security Hub, so it has its own policy,
policies/ecsguard-publish-securityhub.json; the audit role stays read-only.

Options:
  --region REGION       the region of the Security Hub (default: that of the findings' ProductArn)
  --profile NAME        credentials from this profile (default: the SDK's credential chain)
  --endpoint-url URL    another endpoint (a proxy, a test server)
  --no-archive          import only; archive nothing
  --max-attempts N      attempts per call, throttling included (default 5)
  --timeout SECONDS     per-request timeout (default 30)
  --quiet               no summary line
  -h, --help            this help

Exit codes: 0 every finding imported; 2 a finding was refused, the file is not ASFF findings,
or Security Hub could not be reached (access denied, not enabled).

Example:
  ecsguard scan --inventory audit.inventory.json --format asff --output findings.json
  ecsguard publish securityhub findings.json
`;

export const MERGE_HELP = `Usage: ecsguard merge FILE... [--output FILE] [options]

Combines the outputs of shards (per account, per region, per repository) into one file. The
inputs are all of one kind, told apart by their content:
  SARIF logs            every run kept as it is: its category (automationDetails.id), results,
                        fingerprints and taxonomies, so code scanning tracks each shard's alerts
                        as before. Two runs of one tool with one category are an error (the same
                        shard twice); more than 20 runs, GitHub's limit for one upload, a warning.
  ecsguard JSON reports results and errors side by side (a result two shards both report is kept
                        once), rules and configurations united, summary counts and the roll-ups
                        by control recomputed from the merged results.
  inventory snapshots   resources, gaps and call counts side by side, accounts and regions
                        united; "ecsguard scan --inventory" then evaluates them as one audit. A
                        resource in two snapshots is an error.
An input that cannot be read, or is of another kind, is an error and nothing is written.

Options:
  --output FILE         where to write the merged file (written whole or not at all; default
                        standard output)
  --fail-on SEVERITY    judge every report by this threshold instead of the one it was written
                        with (info, low, medium, high, critical or none)
  --fail-on-unknown     checks that could not be evaluated fail, in every report
  --allow-unknown       they do not, in any report
  --allow-gaps          snapshots: exit 0 even when the merged snapshot has gaps
  --quiet               no "wrote" line
  -h, --help            this help

Exit codes: the merged view's. 1 when any report has a failing finding at or above its
threshold (or an unknown check where unknowns fail: live audits by default), or the merged
snapshot has gaps; 2 when a report recorded input errors, or an input could not be merged; else 0.

Examples:
  ecsguard merge reports/*.sarif --output reports/org.sarif
  ecsguard merge reports/*.json --output reports/org.json
  ecsguard merge snapshots/*.inventory.json --output org.inventory.json && \
    ecsguard scan --inventory org.inventory.json --format markdown
`;

export const CONTROLS_HELP = `Usage: ecsguard controls [PATH...] [options]
       ecsguard controls --inventory FILE | --live --region R [options]

Scans like "ecsguard scan" (same inputs and options) and reports by control: for each control
statement and operational practice of the ECS security runbook and each NIST CSF 1.1 and 2.0
subcategory the rules map to, the rules behind it, their pass / fail / unknown / waived counts,
and the worst of them as the control's status. "not-evaluated": its rules did not run on this
input (a live-only rule on files); "off": the rules that check it are turned off (by default or
by the configuration); "not covered": no rule checks it.

Options (besides those of "ecsguard scan --help"):
  --framework F         runbook, csf11 or csf20 (repeatable, or a comma list; default all)
  --format FORMAT       text (default), json or markdown
`;
