// Finds fields that a schema does not know, as the API server's strict field validation does.
//
// The kubernetes-models validators are compiled JSON Schemas without additionalProperties, so
// a misspelt field ("readinesProbe") passes them. They do read every property their schema
// declares (present or not) and enumerate only map-like objects, so a copy of the document that
// records those reads tells which fields the schema knows: in an object the validator read from
// but never enumerated, a key it never read is unknown. An object it neither read nor enumerated
// is free-form (or was never reached because its parent is already reported) and is skipped.

/** Escapes a key for a JSON Pointer path (RFC 6901), as validators report paths. */
function pointerToken(key) {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Returns { data, unknownFields }: data is a read-recording copy of value to hand to a validator;
 * unknownFields() lists the JSON Pointer paths of the fields the validator never looked at.
 */
export function trackReads(value) {
  const objects = [];

  function wrap(node, path) {
    if (Array.isArray(node)) {
      return node.map((item, i) => wrap(item, `${path}/${i}`));
    }
    if (node === null || typeof node !== "object") {
      return node;
    }
    const record = { path, keys: Object.keys(node), read: new Set(), enumerated: false };
    objects.push(record);
    const target = {};
    for (const key of record.keys) {
      target[key] = wrap(node[key], `${path}/${pointerToken(key)}`);
    }
    const noteRead = (property) => {
      if (typeof property === "string") record.read.add(property);
    };
    return new Proxy(target, {
      get(t, property, receiver) {
        noteRead(property);
        return Reflect.get(t, property, receiver);
      },
      has(t, property) {
        noteRead(property);
        return Reflect.has(t, property);
      },
      getOwnPropertyDescriptor(t, property) {
        noteRead(property);
        return Reflect.getOwnPropertyDescriptor(t, property);
      },
      ownKeys(t) {
        record.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
  }

  const data = wrap(value, "");
  return {
    data,
    unknownFields() {
      const unknown = [];
      for (const record of objects) {
        if (record.enumerated || record.read.size === 0) continue;
        for (const key of record.keys) {
          if (!record.read.has(key)) unknown.push(`${record.path}/${pointerToken(key)}`);
        }
      }
      return unknown;
    },
  };
}
