// Lints a Dockerfile: the syntax and instruction checks of dockerfile-utils (the validator
// behind the Dockerfile language server), then hadolint-style rules (ids as hadolint's):
//   DL3006/DL3007 every base image has an explicit tag, never latest
//   DL3002        the final stage does not run as root
//   DL3014/DL3015 apt-get install says -y and --no-install-recommends
//   DL3009        the RUN that installs with apt-get also removes /var/lib/apt/lists
//   DL3025        CMD and ENTRYPOINT use the exec (JSON) form
//   DL4006        a RUN with a pipe follows a SHELL that sets -o pipefail
//   LD0001        the final stage has a HEALTHCHECK and an EXPOSE
//   LD0002        COPY/ADD sources from the build context exist (when a context is given)
// Usage: node lint-dockerfile.mjs DOCKERFILE [CONTEXT_DIR]   Exit 1 on any finding.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

const [file, context] = process.argv.slice(2);
if (!file) {
  console.error("usage: node lint-dockerfile.mjs DOCKERFILE [CONTEXT_DIR]");
  process.exit(2);
}
const content = readFileSync(file, "utf8");
const findings = [];
const report = (instruction, rule, message) =>
  findings.push(`${file}:${instruction ? instruction.getRange().start.line + 1 : 1}: ${rule} ${message}`);

for (const d of validate(content)) {
  findings.push(`${file}:${d.range.start.line + 1}: syntax ${d.message}`);
}

const dockerfile = DockerfileParser.parse(content);
const stages = [];
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === "FROM") {
    stages.push({ from: instruction, instructions: [], pipefail: false });
  } else if (stages.length > 0) {
    stages.at(-1).instructions.push(instruction);
  }
}
if (stages.length === 0) report(null, "syntax", "no FROM instruction");

const stageNames = new Set();
for (const stage of stages) {
  const image = stage.from.getImageName();
  if (!stageNames.has(image) && image !== "scratch") {
    const tag = stage.from.getImageTag();
    if (!tag && !stage.from.getImageDigest()) report(stage.from, "DL3006", `image '${image}' has no tag`);
    if (tag === "latest") report(stage.from, "DL3007", `image '${image}' uses the latest tag`);
  }
  if (stage.from.getBuildStage()) stageNames.add(stage.from.getBuildStage());

  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? "";
    if (keyword === "SHELL" && /pipefail/.test(args)) stage.pipefail = true;
    if (keyword === "RUN") {
      if (/\|(?!\|)/.test(args.replace(/\|\|/g, "")) && !stage.pipefail) {
        report(instruction, "DL4006", "a pipe in RUN needs SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] first");
      }
      if (/apt-get\s+(-\S+\s+)*install/.test(args)) {
        if (!/\s-y\b|--yes|--assume-yes/.test(args)) report(instruction, "DL3014", "apt-get install without -y");
        if (!/--no-install-recommends/.test(args)) report(instruction, "DL3015", "apt-get install without --no-install-recommends");
        if (!/rm -rf \/var\/lib\/apt\/lists/.test(args)) report(instruction, "DL3009", "apt lists not removed in the same RUN");
      }
    }
    if ((keyword === "CMD" || keyword === "ENTRYPOINT") && !args.trim().startsWith("[")) {
      report(instruction, "DL3025", `${keyword} is not in exec (JSON) form`);
    }
    if ((keyword === "COPY" || keyword === "ADD") && context
        && !instruction.getFlags().some((f) => f.getName() === "from")) {
      const parts = instruction.getArguments().map((a) => a.getValue());
      for (const source of parts.slice(0, -1)) {
        if (!source.includes("*") && !existsSync(join(context, source))) {
          report(instruction, "LD0002", `source '${source}' does not exist in the build context`);
        }
      }
    }
  }
}

const last = stages.at(-1);
if (last) {
  const users = last.instructions.filter((i) => i.getKeyword() === "USER");
  const user = users.at(-1)?.getArgumentsContent()?.split(":")[0];
  if (!user || user === "root" || user === "0") report(users.at(-1) ?? last.from, "DL3002", "the final stage runs as root");
  if (!last.instructions.some((i) => i.getKeyword() === "HEALTHCHECK")) report(last.from, "LD0001", "the final stage has no HEALTHCHECK");
  if (!last.instructions.some((i) => i.getKeyword() === "EXPOSE")) report(last.from, "LD0001", "the final stage has no EXPOSE");
}

for (const finding of findings) console.error(finding);
if (findings.length === 0) console.log(`${file}: ${stages.length} stages, no findings`);
process.exitCode = findings.length === 0 ? 0 : 1;
