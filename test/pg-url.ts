/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Where CREATE/DROP DATABASE run: the `postgres` maintenance database. */
export const adminUrl = (serverUrl: string) => databaseUrl(serverUrl, "postgres");
