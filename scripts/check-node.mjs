// Shortplay needs Node 24 (pg-boss 12, openai 7). `npm ci` installs it from the `node` package;
// `npm ci --ignore-scripts` skips that silently, so say so plainly instead of failing later.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `Shortplay needs Node >= 22 (found ${process.version}). Run "npm ci" without --ignore-scripts ` +
      'so the pinned Node 24 from the "node" package is installed, then use npm scripts.',
  );
  process.exit(1);
}
