// Finds the schema validator for an object's apiVersion and kind.
//
// Kubernetes' own kinds come from kubernetes-models, the Prometheus Operator's from
// @kubernetes-models/prometheus-operator (both compiled from the published OpenAPI schemas and
// CRDs); kinds no package covers (Strimzi's KafkaTopic) from a JSON Schema in ../schemas.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import { trackReads } from "./read-tracking.mjs";

const MODEL_PACKAGE_BY_GROUP = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
const DEFAULT_MODEL_PACKAGE = "kubernetes-models";

const OWN_SCHEMAS = {
  "kafka.strimzi.io/v1beta2 KafkaTopic": "kafkatopic-v1beta2.schema.json",
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

function groupOf(apiVersion) {
  return apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
}

/** Runs a kubernetes-models validate() over a read-tracking copy; returns error strings. */
function runModelValidation(validate, value) {
  const tracked = trackReads(value);
  const errors = [];
  try {
    validate.call(tracked.data);
  } catch (e) {
    errors.push(e.message);
  }
  for (const path of tracked.unknownFields()) {
    errors.push(`data${path} is not a field of this kind (a typo, or the wrong level?)`);
  }
  return errors;
}

async function modelValidator(apiVersion, kind) {
  const pkg = MODEL_PACKAGE_BY_GROUP[groupOf(apiVersion)] ?? DEFAULT_MODEL_PACKAGE;
  let module;
  try {
    module = await import(`${pkg}/${apiVersion}/${kind}`);
  } catch {
    return null;
  }
  const model = module[kind];
  if (typeof model?.prototype?.validate !== "function") return null;
  return (value) => runModelValidation(model.prototype.validate, value);
}

function ownSchemaValidator(apiVersion, kind) {
  const file = OWN_SCHEMAS[`${apiVersion} ${kind}`];
  if (!file) return null;
  const schema = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), "utf8"));
  const validate = ajv.compile(schema);
  return (value) => {
    const errors = validate(value)
      ? []
      : validate.errors.map((e) => `data${e.instancePath} ${e.message}`
          + (e.params?.additionalProperty ? ` ('${e.params.additionalProperty}')` : ""));
    if (value && typeof value === "object" && value.metadata !== undefined) {
      const meta = runModelValidation(ObjectMeta.prototype.validate, value.metadata);
      errors.push(...meta.map((m) => m.replace(/^data/, "data/metadata")));
    }
    return errors;
  };
}

const cache = new Map();

/** A function from object to error strings, or null when no schema is known for the kind. */
export async function validatorFor(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (!cache.has(key)) {
    cache.set(key, ownSchemaValidator(apiVersion, kind) ?? (await modelValidator(apiVersion, kind)));
  }
  return cache.get(key);
}
