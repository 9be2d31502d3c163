/**
 * A small built dist/ for tests that need a versioned build served (the
 * snippet endpoint, the immutable paths) without running the real build:
 * a loader and a few chunks, copied to dist/v/<id>/ by the build's own code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeVersionedCopy } from '../../scripts/versioned-dist';

/** Writes a build with `buildId` into `dist` (a fresh folder when left out) and returns the folder. */
export function versionedDist(buildId = 'testbuild01', dist = mkdtempSync(join(tmpdir(), 'usercare-dist-'))): string {
  mkdirSync(join(dist, 'chunks'), { recursive: true });
  mkdirSync(join(dist, 'operator'), { recursive: true });
  writeFileSync(join(dist, 'usercare.js'), `/* loader ${buildId} */(()=>{})();\n`);
  writeFileSync(join(dist, 'usercare-admin.js'), `/* admin loader ${buildId} */(()=>{})();\n`);
  writeFileSync(join(dist, 'uc-feedback-form.js'), `import"./chunks/ui-${buildId}.js";/* form */\n`);
  writeFileSync(join(dist, `chunks/ui-${buildId}.js`), `export const ui = "${buildId} 界面";\n`);
  writeFileSync(join(dist, `chunks/en-${buildId}.js`), `export default { hello: "${buildId}" };\n`);
  writeFileSync(join(dist, 'operator/uc-studio.js'), `/* studio ${buildId} */\n`);
  writeVersionedCopy(dist, buildId, '0.0.0-test');
  return dist;
}
