/**
 * How every Lambda is bundled, in one place: the CDK construct passes it to NodejsFunction
 * and the benchmark (`npm run bench`) builds the same bundles with esbuild directly, so the
 * sizes and init times it measures are those of what is deployed.
 */
export const lambdaBundling = {
  target: 'node24',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // Some bundled CommonJS dependencies call require(); give ESM one.
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // The SDK is bundled, not taken from the runtime: one pinned version, tree-shaken, and
  // measured at init against the runtime's copy (see bench/). The SMTP client is left out:
  // deployed functions send through SES (the service stack sets MAIL_TRANSPORT=ses), SMTP
  // is for one machine, where nodemailer is installed; bundled it tripled the digest bundles.
  externalModules: ['nodemailer'],
};
