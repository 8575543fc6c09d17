#!/usr/bin/env bash
# Lints the SAM template offline, twice:
#   1. cfn-lint on infra/template.yaml as written;
#   2. the template transformed by aws-sam-translator (what CloudFormation would run), linted
#      again, so a reference to a resource that does not exist, an unknown event type or a bad
#      property of a generated resource fails here rather than at deploy time;
# checks that the portal's two Content-Security-Policy texts agree; checks in the transformed
# template that every function logs to a log group of its own, every log group keeps its lines
# LogRetentionDays days, every DynamoDB statement of a role is limited by dynamodb:LeadingKeys,
# and only the outbox function may send mail, and only as the configured sender, and only the
# activation function may read the licence signing key's secret, and only that one; and checks the
# portal's deployment script with bash -n (and shellcheck when it is installed).
# Needs python3 with pip; installs cfn-lint and aws-sam-translator when they are missing.
# No AWS account or network access to AWS is used (the managed-policy lookup is stubbed: the
# template names no managed policies).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
template="${1:-infra/template.yaml}"

# Pinned, so a new rule or translator release cannot turn a green build red overnight.
if ! python3 -c 'import cfnlint, samtranslator' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check cfn-lint==1.51.0 aws-sam-translator==1.110.0
fi

# cfn-lint through the interpreter that has it, whatever is (or is not) on PATH.
cfn_lint() {
  python3 -c 'import sys; from cfnlint.runner import main; sys.exit(main())' "$@"
}

echo "cfn-lint $template"
cfn_lint "$template"

# The portal's response headers policy is created with a CSP that allows the region's
# execute-api hosts and PortalContentSecurityPolicy then sets the same CSP with the API's own
# origin (the template says why): the two must differ in nothing else.
echo "portal CSP: the policy's and PortalContentSecurityPolicy's differ only in the API's origin"
python3 - "$template" <<'PY'
import sys

from samtranslator.yaml_helper import yaml_parse

with open(sys.argv[1], encoding="utf-8") as f:
    resources = yaml_parse(f.read())["Resources"]
policy = resources["PortalHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
base = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
exact = resources["PortalContentSecurityPolicy"]["Properties"]["ContentSecurityPolicy"]["Fn::Sub"]
problems = []
if base[0] != exact[0]:
    problems.append("the two CSP texts differ")
if {k: v for k, v in base[1].items() if k != "ApiOrigin"} != {
    k: v for k, v in exact[1].items() if k != "ApiOrigin"
}:
    problems.append("their variables other than ApiOrigin differ")
if "${Api}" not in exact[1].get("ApiOrigin", {}).get("Fn::Sub", ""):
    problems.append("PortalContentSecurityPolicy's ApiOrigin is not the API's own origin")
for problem in problems:
    print(f"portal CSP: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

transformed="$(mktemp --suffix=.json)"
trap 'rm -f "$transformed"' EXIT

echo "aws-sam-translator $template -> transformed template"
AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-west-1}" AWS_REGION="${AWS_REGION:-eu-west-1}" \
  python3 - "$template" "$transformed" <<'PY'
import json
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.public.translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies(ManagedPolicyLoader):
    """Offline: the template names no managed policies by name, so nothing is looked up."""

    def __init__(self):
        pass

    def load(self):
        return {}


source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    template = yaml_parse(f.read())

# `sam package` replaces the local CodeUri (the workspace root) with the uploaded artefact's S3
# location; the translator accepts only the latter, so stand one in.
artefact = "s3://artefacts/elp.zip"
globals_function = template.get("Globals", {}).get("Function", {})
if isinstance(globals_function.get("CodeUri"), str):
    globals_function["CodeUri"] = artefact
for resource in template.get("Resources", {}).values():
    props = resource.get("Properties") or {}
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
        props["CodeUri"] = artefact

try:
    output = transform(template, {}, NoManagedPolicies())
except InvalidDocumentException as e:
    for cause in e.causes:
        print(f"transform: {cause.message}", file=sys.stderr)
    sys.exit(1)

with open(target, "w", encoding="utf-8") as f:
    json.dump(output, f, indent=1)
counts = {}
for resource in output.get("Resources", {}).values():
    counts[resource["Type"]] = counts.get(resource["Type"], 0) + 1
print("  " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items())))
PY

echo "cfn-lint (transformed template)"
cfn_lint "$transformed"

# What least privilege and limited retention mean here, held for every resource (a function
# added without its log group or its LeadingKeys fails here). That the roles are still enough
# is tests/tests/it/iam.rs's part.
echo "logs and roles: every function's own log group, retention, LeadingKeys, one sender, one reader of the signing key"
python3 - "$transformed" <<'PY'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    resources = json.load(f)["Resources"]
problems = []
retention = {"Ref": "LogRetentionDays"}
groups = {n for n, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
for name in sorted(groups):
    if resources[name]["Properties"].get("RetentionInDays") != retention:
        problems.append(f"{name}: RetentionInDays is not LogRetentionDays")

used = {}
for name, r in sorted(resources.items()):
    if r["Type"] != "AWS::Lambda::Function":
        continue
    group = r["Properties"].get("LoggingConfig", {}).get("LogGroup", {}).get("Ref")
    if group not in groups:
        problems.append(f"{name}: logs to no log group of this template (LoggingConfig.LogGroup)")
    elif group in used:
        problems.append(f"{name}: shares {group} with {used[group]}")
    else:
        used[group] = name
for name, r in sorted(resources.items()):
    if r["Type"] == "AWS::ApiGatewayV2::Stage":
        arn = r["Properties"].get("AccessLogSettings", {}).get("DestinationArn", {})
        if arn.get("Fn::GetAtt", [None])[0] not in groups:
            problems.append(f"{name}: access logs go to no log group of this template")

def listed(value):
    return value if isinstance(value, list) else [value]

def names_table(resource):
    text = json.dumps(resource)
    return "Table" in text or text.strip('"') == "*"

def role_of(function):
    arn = function["Properties"].get("Role", {})
    return arn.get("Fn::GetAtt", [None])[0] if isinstance(arn, dict) else None

outbox_role = role_of(resources["OutboxFunction"])
activation_role = role_of(resources["ActivationFunction"])
for name, r in sorted(resources.items()):
    if r["Type"] != "AWS::IAM::Role":
        continue
    for policy in r["Properties"].get("Policies", []):
        for s in listed(policy["PolicyDocument"]["Statement"]):
            actions = listed(s.get("Action", []))
            where = f"{name} ({policy.get('PolicyName')})"
            dynamodb = [a for a in actions if a.startswith("dynamodb:")]
            if any(a.endswith("*") or a == "dynamodb:Scan" for a in dynamodb):
                problems.append(f"{where}: {dynamodb} (no wildcards, no Scan)")
            if dynamodb and any(names_table(x) for x in listed(s.get("Resource", []))):
                keys = s.get("Condition", {}).get("ForAllValues:StringLike", {})
                if not keys.get("dynamodb:LeadingKeys"):
                    problems.append(f"{where}: {dynamodb} without a dynamodb:LeadingKeys condition")
            if any(a.startswith("ses:") for a in actions):
                sender = s.get("Condition", {}).get("StringEquals", {}).get("ses:FromAddress")
                if actions != ["ses:SendEmail"]:
                    problems.append(f"{where}: {actions} (only ses:SendEmail)")
                if name != outbox_role:
                    problems.append(f"{where}: only the outbox function sends mail")
                if sender != {"Ref": "MailFrom"}:
                    problems.append(f"{where}: ses:SendEmail not limited to ses:FromAddress MailFrom")
            if any(a.startswith("secretsmanager:") for a in actions):
                if actions != ["secretsmanager:GetSecretValue"]:
                    problems.append(f"{where}: {actions} (only secretsmanager:GetSecretValue)")
                if name != activation_role:
                    problems.append(f"{where}: only the activation function reads the licence signing key")
                if s.get("Resource") != {"Ref": "LicenceSigningSecretArn"}:
                    problems.append(f"{where}: secretsmanager:GetSecretValue not limited to LicenceSigningSecretArn")
for problem in problems:
    print(f"logs and roles: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# The portal's deployment script (run by people, never by the tests).
echo "bash -n scripts/deploy-portal"
bash -n scripts/deploy-portal
if command -v shellcheck >/dev/null; then
  echo "shellcheck scripts/deploy-portal"
  shellcheck scripts/deploy-portal
fi

echo "infra/lint.sh: clean"
