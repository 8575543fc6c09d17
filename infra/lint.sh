#!/usr/bin/env bash
# Lints the SAM template offline, twice:
#   1. cfn-lint on infra/template.yaml as written;
#   2. the template transformed by aws-sam-translator (what CloudFormation would run), linted
#      again, so a reference to a resource that does not exist, an unknown event type or a bad
#      property of a generated resource fails here rather than at deploy time;
# and checks that the portal's two Content-Security-Policy texts agree, and the portal's
# deployment script with bash -n (and shellcheck when it is installed).
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

# The portal's deployment script (run by people, never by the tests).
echo "bash -n scripts/deploy-portal"
bash -n scripts/deploy-portal
if command -v shellcheck >/dev/null; then
  echo "shellcheck scripts/deploy-portal"
  shellcheck scripts/deploy-portal
fi

echo "infra/lint.sh: clean"
