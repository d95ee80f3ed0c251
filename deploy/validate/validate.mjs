// Validates every object of one or more multi-document YAML files (or stdin, "-") against the
// schema of its kind: Kubernetes' OpenAPI schemas, the Prometheus Operator's CRDs, and
// livedecode's schema for Strimzi's KafkaTopic; unknown fields and invalid names fail too.
// Exits 1 naming each failing object's kind/name and errors; 2 on unreadable input.
//   kubectl kustomize deploy/k8s/base | node deploy/validate/validate.mjs -
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { validatorFor } from "./lib/schemas.mjs";
import { nameErrors } from "./lib/names.mjs";

function readInput(source) {
  return readFileSync(source === "-" ? 0 : source, "utf8");
}

async function validateObject(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return ["a document is not a YAML mapping"];
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return ["apiVersion and kind must both be strings"];
  }
  const validate = await validatorFor(apiVersion, kind);
  if (!validate) {
    return [`no schema is known for ${apiVersion} ${kind}, so it cannot be checked`];
  }
  return [...validate(object), ...nameErrors(object)];
}

async function main(sources) {
  if (sources.length === 0) {
    console.error("usage: node validate.mjs FILE... (- for stdin)");
    return 2;
  }
  let checked = 0;
  let failed = 0;
  const seen = new Set();
  for (const source of sources) {
    let documents;
    try {
      documents = parseAllDocuments(readInput(source));
    } catch (e) {
      console.error(`${source}: cannot read: ${e.message}`);
      return 2;
    }
    for (const document of documents) {
      if (document.errors.length > 0) {
        console.error(`${source}: YAML error: ${document.errors[0].message}`);
        return 2;
      }
      const object = document.toJS();
      if (object === null || object === undefined) continue;
      checked++;
      const label = `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
      const errors = await validateObject(object);
      const identity = `${object?.apiVersion} ${label} ${object?.metadata?.namespace ?? ""}`;
      if (seen.has(identity)) errors.push("appears twice");
      seen.add(identity);
      if (errors.length > 0) {
        failed++;
        console.error(`INVALID ${label} (${source}): ${errors.join("; ")}`);
      }
    }
  }
  if (checked === 0) {
    console.error("no objects found");
    return 1;
  }
  console.log(`${checked - failed} of ${checked} objects valid`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
