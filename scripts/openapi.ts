/**
 * `tsx scripts/openapi.ts` prints the OpenAPI document of /api/v1 (the one
 * /api/v1/openapi.json serves); `--types` writes the typed client's types,
 * lib/api/client/schema.d.ts (`npm run api:types`); `--ui` copies the installed
 * Scalar bundle to public/ for the reference page /api/docs.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../lib/api/openapi";
import { API_ENDPOINTS } from "../lib/api/openapi-source";
import { SCHEMA_TYPES_FILE, schemaTypes } from "../lib/api/client/generate";
import { SCALAR_BUNDLE_FILE, SCALAR_INSTALLED_FILE } from "../lib/api/reference";

const document = openApiDocument(API_ENDPOINTS);
if (process.argv.includes("--ui")) {
  mkdirSync(path.dirname(SCALAR_BUNDLE_FILE), { recursive: true });
  copyFileSync(SCALAR_INSTALLED_FILE, SCALAR_BUNDLE_FILE);
  console.log(`${SCALAR_BUNDLE_FILE}: copied from ${SCALAR_INSTALLED_FILE}`);
} else if (process.argv.includes("--types")) {
  writeFileSync(SCHEMA_TYPES_FILE, await schemaTypes(document));
  console.log(`${SCHEMA_TYPES_FILE}: written`);
} else {
  process.stdout.write(JSON.stringify(document, null, 2) + "\n");
}
