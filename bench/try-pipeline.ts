import { runPipelineScenario } from './scenarios/pipeline.ts';
const r = await runPipelineScenario({ seed: 1, sources: Number(process.argv[2] ?? 20), itemsPerSource: 50, runs: 1, log: console.log });
console.log(JSON.stringify(r.median));
