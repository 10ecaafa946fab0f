/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). */
import { getDatabase, migrateDatabase } from "./index";

const database = await getDatabase();
try {
  await migrateDatabase(database);
  console.log(`Migrations applied (${database.driver}).`);
} finally {
  await database.close();
}
