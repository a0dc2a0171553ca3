import { clickhouseSpec, consumerSpec, kafkaSpec, readConfig, serviceSpec } from '@mentions/runtime';

export const aggregateConfigSpec = { ...kafkaSpec, ...clickhouseSpec, ...consumerSpec, ...serviceSpec(8083) };

export const readAggregateConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(aggregateConfigSpec, env);
export type AggregateConfig = ReturnType<typeof readAggregateConfig>;
