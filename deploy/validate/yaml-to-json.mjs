// Prints the documents of a multi-document YAML file (or stdin, "-") as one JSON array, so
// tools without a YAML parser (the decoder's tests) can read manifests and compose files.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const source = process.argv[2];
if (!source) {
  console.error("usage: node yaml-to-json.mjs FILE (- for stdin)");
  process.exit(2);
}
const documents = parseAllDocuments(readFileSync(source === "-" ? 0 : source, "utf8"));
const values = [];
for (const document of documents) {
  if (document.errors.length > 0) {
    console.error(`${source}: ${document.errors[0].message}`);
    process.exit(1);
  }
  const value = document.toJS();
  if (value !== null && value !== undefined) values.push(value);
}
process.stdout.write(JSON.stringify(values));
