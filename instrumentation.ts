// Runs once when a server process starts: refuse to serve with missing secrets.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertRuntimeConfig } = await import("./lib/config");
    assertRuntimeConfig();
  }
}
