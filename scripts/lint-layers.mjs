// `npm run lint:layers`: dependency-cruiser over src/ with the rules of .dependency-cruiser.cjs; exits 1 on a
// violation. Through dependency-cruiser's API rather than its CLI, whose start-up check refuses Node 20, which
// this project still supports (engines >=20.19; CI runs 20, 22 and 24); the API itself runs there.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const result = await cruise(['src'], { ...options, outputType: 'err' }, undefined, {
  tsConfig: extractTSConfig('tsconfig.json'),
});
process.stdout.write(result.output);
process.exitCode = result.exitCode;
