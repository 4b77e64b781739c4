// Bundles and minifies the console's script and style sheet into the jar's static assets (or into the folder given
// as the first argument, which build.sh --check compares with the committed ones).
import { build } from 'esbuild';

const out = process.argv[2] ?? '../resources/static/console/assets';
const common = { bundle: true, minify: true, legalComments: 'eof', logLevel: 'warning', charset: 'utf8' };

await build({ ...common, entryPoints: ['src/console.js'], outfile: `${out}/console.js`, format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'] });
await build({ ...common, entryPoints: ['src/console.css'], outfile: `${out}/console.css` });
