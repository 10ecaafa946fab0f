/**
 * Prepares one migrated database that every test file copies, so each file gets
 * its own clean database fast:
 * - project integration:postgres: a template database on the TEST_DATABASE_URL
 *   server, copied with CREATE DATABASE ... TEMPLATE;
 * - project integration:pglite: a migrated PGlite dumped to a tarball, loaded by each file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../db/index";
import { adminUrl, databaseUrl } from "./pg-url";

declare module "vitest" {
  export interface ProvidedContext {
    dbDriver: "pglite" | "postgres";
    pgTemplate: string | null;
    pgliteDump: string | null;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (project.config.provide.dbDriver === "postgres") {
    if (!serverUrl) throw new Error("the postgres project needs TEST_DATABASE_URL");
    const template = `billing_tmpl_${process.pid}`;
    const { default: postgres } = await import("postgres");
    const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template}`);
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const database = await openDatabase({ url: databaseUrl(serverUrl, template) });
    await migrateDatabase(database);
    await database.close();
    project.provide("pgTemplate", template);
    project.provide("pgliteDump", null);
    return async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), "billing-test-"));
  const database = await openDatabase({ dir: "memory://" });
  await migrateDatabase(database);
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgTemplate", null);
  project.provide("pgliteDump", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
