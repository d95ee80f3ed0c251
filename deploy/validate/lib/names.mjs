// Name and label rules the API server enforces but the OpenAPI schemas do not express.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// IANA service name: what a container or Service port name must be, so probes can refer to it.
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function checkLabels(labels, where, errors) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : null;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix !== null && (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253))
        || !LABEL_NAME.test(name) || name.length > 63) {
      errors.push(`${where} label key '${key}' is not a valid label name`);
    }
    if (typeof value !== "string" || !LABEL_VALUE.test(value) || value.length > 63) {
      errors.push(`${where} label '${key}' has an invalid value '${value}'`);
    }
  }
}

function checkPortName(name, where, errors) {
  if (name === undefined) return;
  if (typeof name !== "string" || !PORT_NAME.test(name) || name.length > 15 || !/[a-z]/.test(name)
      || name.includes("--")) {
    errors.push(`${where} port name '${name}' is not an IANA service name (at most 15 of [a-z0-9-])`);
  }
}

function podTemplateOf(object) {
  if (object.kind === "Pod") return object;
  return object.spec?.template ?? object.spec?.jobTemplate?.spec?.template;
}

/** Returns error strings for the naming rules of one object. */
export function nameErrors(object) {
  const errors = [];
  const name = object.metadata?.name;
  if (typeof name !== "string" || name.length === 0) {
    errors.push("metadata.name is missing");
    return errors;
  }
  const serviceLike = object.kind === "Service";
  if (serviceLike ? !(DNS1035_LABEL.test(name) && name.length <= 63)
                  : !(DNS1123_SUBDOMAIN.test(name) && name.length <= 253)) {
    errors.push(`metadata.name '${name}' is not a valid ${serviceLike ? "DNS-1035 label" : "DNS-1123 subdomain"}`);
  }
  checkLabels(object.metadata.labels, "metadata", errors);

  const template = podTemplateOf(object);
  if (template) {
    checkLabels(template.metadata?.labels, "pod template", errors);
    const containers = [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])];
    for (const container of containers) {
      if (!DNS1123_LABEL.test(container.name ?? "") || container.name.length > 63) {
        errors.push(`container name '${container.name}' is not a DNS-1123 label`);
      }
      for (const port of container.ports ?? []) {
        checkPortName(port.name, `container '${container.name}'`, errors);
      }
    }
  }
  if (object.kind === "Service") {
    for (const port of object.spec?.ports ?? []) checkPortName(port.name, "Service", errors);
  }
  return errors;
}
