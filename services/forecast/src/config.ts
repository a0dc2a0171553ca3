import { clickhouseSpec, consumerSpec, kafkaSpec, readConfig, serviceSpec } from '@mentions/runtime';

export const forecastConfigSpec = { ...kafkaSpec, ...clickhouseSpec, ...consumerSpec, ...serviceSpec(8084) };

export const readForecastConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(forecastConfigSpec, env);
export type ForecastConfig = ReturnType<typeof readForecastConfig>;
