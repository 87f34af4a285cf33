// Parses one HCL file with @cdktf/hcl2json (a WebAssembly build of tmccombs/hcl2json, which uses
// HashiCorp's own hcl/v2 parser) and prints its JSON to stdout. Exit 0: parsed; exit 1: the HCL has
// a syntax error (the parser's message on stderr); exit 2: usage or the package is not installed.
// The package is a library, not a CLI, so this script is the CLI. It is looked up in
// $SWP_NODE_PREFIX/node_modules, else in <repo>/artifacts/tools/node/node_modules (.ci/install-tools).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const file = process.argv[2];
if (!file || process.argv.length !== 3) {
  process.stderr.write("usage: node hcl2json.mjs FILE.tf\n");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const prefix = process.env.SWP_NODE_PREFIX || resolve(here, "..", "..", "..", "artifacts", "tools", "node");
let hcl2json;
try {
  hcl2json = createRequire(join(prefix, "node_modules", "_")) ("@cdktf/hcl2json");
} catch (e) {
  process.stderr.write(`@cdktf/hcl2json is not installed under ${prefix}: ${e.message}\n`);
  process.exit(2);
}
try {
  const json = await hcl2json.parse(basename(file), readFileSync(file, "utf8"));
  // Exit once the text is written: stdout to a pipe is asynchronous, and exiting at once cuts
  // output longer than the pipe's buffer (64 KiB). process.exit is needed at all because the Go
  // runtime inside the WebAssembly module keeps the event loop alive.
  process.stdout.write(JSON.stringify(json, null, 2) + "\n", () => process.exit(0));
} catch (e) {
  process.stderr.write(`${e && e.message ? e.message : e}\n`);
  process.exit(1);
}
