/**
 * Zod compiles object parsers with `new Function` when it may, and finds out
 * by trying it once. Under our Content Security Policy (no 'unsafe-eval', see
 * lib/security/csp.ts) the browser reports that probe as a violation even
 * though zod catches it, so schemas that run in the browser import this first.
 */
import { z } from "zod";

z.config({ jitless: true });
