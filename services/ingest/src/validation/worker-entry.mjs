// piscina's entry for a validation worker. Plain JavaScript because worker threads on Node 20 do not
// inherit the parent's `--import tsx`: it registers tsx here, then hands over the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
