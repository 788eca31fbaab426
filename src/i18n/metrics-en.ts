/** The English messages of the metrics endpoint and the probes; spread into en.ts. */
export const metricsEn = {
  'web.metricsUnauthorized': () => 'a valid metrics token is required (Authorization: Bearer …, ZEREN_METRICS_TOKEN)',
};
