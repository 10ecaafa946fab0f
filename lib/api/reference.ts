/**
 * The reference page /api/docs renders Scalar's API reference from its
 * standalone browser bundle, a static file of this app: no CDN to trust, and
 * the page's CSP unchanged (docs/api.md). The file is copied from the installed
 * @scalar/api-reference (a dev dependency) by `npm run api:ui`, which `build`,
 * `dev` and `test:e2e` run first; it is not committed (.gitignore).
 */
export const SCALAR_BUNDLE_URL = "/vendor/scalar/standalone.js";
export const SCALAR_BUNDLE_FILE = "public/vendor/scalar/standalone.js";
export const SCALAR_INSTALLED_FILE = "node_modules/@scalar/api-reference/dist/browser/standalone.js";
