// Wiring only: config, brand catalog (reloadable), classifiers, privacy, clients, the loop.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, consumerLimits, createClickHouse, createKafka, createProducer, ensureTopics, pipelineTopics, processHealth, runService, topicNames, useSchemaRegistry, watchDependency, type Compression } from '@mentions/runtime';
import { readEnrichConfig, type EnrichConfig } from './config.ts';
import { createBrandCatalogReloader } from './brand-catalog-file.ts';
import { createErasureFollower } from './erasure-follower.ts';
import { createPseudonymizer, parseOptOutList, type OptOutList } from './domain/privacy/index.ts';
import { INTENTS, createTextClassifier, parseModelFile, type Intent, type TrainedModels } from './domain/text/index.ts';
import { createEnrichPipeline } from './pipeline.ts';

/** Reads a file named by a variable; a read or parse error names the variable. */
function fromFile<T>(variable: string, path: string, parse: (text: string) => T): T {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([{ variable, problem: `${path}: ${(err as Error).message}` }]);
  }
}

export function loadModels(c: Pick<EnrichConfig, 'SENTIMENT_MODEL' | 'INTENT_MODELS'>): { models: TrainedModels; version: string } {
  const models: TrainedModels = {};
  const parts: string[] = [];
  if (c.SENTIMENT_MODEL) {
    models.sentiment = fromFile('SENTIMENT_MODEL', c.SENTIMENT_MODEL, parseModelFile);
    parts.push(`sentiment:${c.SENTIMENT_MODEL.split('/').pop()}`);
  }
  for (const entry of c.INTENT_MODELS.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [intent, path] = entry.split('=');
    if (!intent || !path || !(INTENTS as readonly string[]).includes(intent)) {
      throw new ConfigError([{ variable: 'INTENT_MODELS', problem: `expected intent=path with intent one of ${INTENTS.join(', ')}, got "${entry}"` }]);
    }
    (models.intents ??= {})[intent as Intent] = fromFile('INTENT_MODELS', path, parseModelFile);
    parts.push(`${intent}:${path.split('/').pop()}`);
  }
  return { models, version: parts.length ? `trained(${parts.join(',')})` : 'builtin' };
}

await runService({
  name: 'enrich',
  readConfig: () => readEnrichConfig(),
  start: async (config, { log, metrics, shutdown }) => {
    // Each batch outlives the young generation, so V8's old space fills with dead batches and the Buffers they hold
    // until the next full GC; by default it lets the heap grow to 4× what that GC kept. V8 reads this flag at every
    // full GC, so setting it here takes effect (bench/enrich/memory.ts: peak RSS 324–372 → 266–271 MiB at 8,000/s).
    if (config.ENRICH_HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.ENRICH_HEAP_GROWING_PERCENT}`);
    let pseudonymize;
    try {
      pseudonymize = createPseudonymizer(config.PSEUDONYM_SECRET);
    } catch (err) {
      throw new ConfigError([{ variable: 'PSEUDONYM_SECRET', problem: (err as Error).message }]);
    }
    const optOut: OptOutList = config.OPT_OUT_FILE ? fromFile('OPT_OUT_FILE', config.OPT_OUT_FILE, parseOptOutList) : { handles: new Set(), authors: new Set() };
    const { models, version } = loadModels(config);
    const classify = createTextClassifier(models);
    let catalogs;
    try {
      catalogs = await createBrandCatalogReloader(config.BRANDS_FILE, (err) => log.error({ err }, 'Brand config reload failed; keeping the last good one.'), {
        onReload: (c) => log.info({ brands: c.brands.length }, 'Brand config reloaded.'),
      });
    } catch (err) {
      throw new ConfigError([{ variable: 'BRANDS_FILE', problem: `${config.BRANDS_FILE}: ${(err as Error).message}` }]);
    }
    log.info({ brands: catalogs.current().brands.length, optedOut: optOut.handles.size + optOut.authors.size, modelVersion: version }, 'Enrichment configured.');

    const topics = topicNames(config.TOPIC_PREFIX);
    await useSchemaRegistry(config, topics, log);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'enrich' }, log);
    if (config.CREATE_TOPICS) await ensureTopics(kafka, pipelineTopics(topics, config.TOPIC_PARTITIONS));
    const producer = createProducer(kafka, { compression: config.KAFKA_COMPRESSION as Compression, maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES, metrics });
    await producer.connect();
    const clickhouse = createClickHouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD }, { metrics });
    // Readiness sees a ClickHouse outage also while there is nothing to write.
    const unwatch = watchDependency(processHealth, { source: 'clickhouse ping', dependency: 'clickhouse', everyMs: config.CLICKHOUSE_CHECK_MS, check: () => clickhouse.ping() });
    // Whom to drop (pnpm mentions erase): read before the first mention is enriched, then followed.
    const erasures = createErasureFollower({
      clickhouse, pollMs: config.ERASURE_POLL_MS, retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      onError: (err) => log.warn({ err }, 'Reading the erasure list failed; keeping the last one.'),
      onChange: (l) => log.info({ erased: l.handleKeys.size + l.authorKeys.size }, 'Erasure list changed.'),
    });
    await erasures.start();
    const loop = createEnrichPipeline({
      kafka, producer, clickhouse, topics, groupId: config.ENRICH_GROUP_ID, log, metrics,
      limits: consumerLimits(config),
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      context: () => ({ catalog: catalogs.current(), classify, pseudonymize, optOut, erased: erasures.current(), modelVersion: version }),
      onFatal: () => void shutdown('fatal consumer error', 1),
    });
    return {
      // Joins the group once the HTTP port is open: a taken port must not cost the group a rebalance.
      begin: () => loop.start(),
      ready: () => loop.isReady(),
      stop: async () => {
        await loop.stop();
        erasures.stop();
        catalogs.close();
        await producer.disconnect();
        unwatch();
        await clickhouse.close();
      },
    };
  },
});
