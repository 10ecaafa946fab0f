/** Rewrites the authorization matrix in docs/security.md from e2e/security/matrix.ts. */
import { readFileSync, writeFileSync } from "node:fs";
import { renderMatrix, withMatrix } from "./matrix-doc";

const file = "docs/security.md";
writeFileSync(file, withMatrix(readFileSync(file, "utf8"), renderMatrix()));
console.log(`${file}: authorization matrix written`);
