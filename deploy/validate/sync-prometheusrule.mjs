// Writes deploy/k8s/base/prometheusrule.yaml: the Prometheus Operator's PrometheusRule holding
// the very groups of deploy/prometheus/rules/livedecode-alerts.yml, the one source of the alerts
// (kustomize cannot wrap a plain rules file). Run after every change to the rules file:
//   node deploy/validate/sync-prometheusrule.mjs [RULES_FILE [OUTPUT_FILE]]
// A decoder test fails while the two disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const root = fileURLToPath(new URL("../../", import.meta.url));
const rulesFile = process.argv[2] ?? `${root}deploy/prometheus/rules/livedecode-alerts.yml`;
const outputFile = process.argv[3] ?? `${root}deploy/k8s/base/prometheusrule.yaml`;

const rules = parse(readFileSync(rulesFile, "utf8"));
if (!Array.isArray(rules?.groups) || rules.groups.length === 0) {
  console.error(`${rulesFile} has no rule groups`);
  process.exit(1);
}
const prometheusRule = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: {
    name: "livedecode-alerts",
    labels: {
      "app.kubernetes.io/name": "livedecode",
      "app.kubernetes.io/component": "decoder",
    },
  },
  spec: { groups: rules.groups },
};
const header = "# Generated from deploy/prometheus/rules/livedecode-alerts.yml by\n"
  + "# node deploy/validate/sync-prometheusrule.mjs: edit the rules file, then run that.\n"
  + "# A Prometheus Operator whose ruleSelector wants a label (e.g. release) needs it added here\n"
  + "# by an overlay.\n";
writeFileSync(outputFile, header + stringify(prometheusRule, { lineWidth: 0 }));
console.log(`wrote ${outputFile} with ${rules.groups.length} group(s)`);
