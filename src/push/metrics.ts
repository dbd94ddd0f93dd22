import { Gauge } from 'prom-client';
import { registry } from '../metrics.ts';
import type { ChannelStatus } from './status.ts';

/** Per-channel delivery numbers, read from the database at scrape time (so every process's deliveries count). */
const gauges = {
  queued: new Gauge({ name: 'huiju_notify_queued', help: 'Stories waiting to be sent, per notify channel', labelNames: ['channel', 'type'] as const, registers: [registry] }),
  sent: new Gauge({ name: 'huiju_notify_sent', help: 'Stories sent, per notify channel (since the database was created)', labelNames: ['channel', 'type'] as const, registers: [registry] }),
  failed: new Gauge({ name: 'huiju_notify_failed', help: 'Stories given up after failing, per notify channel', labelNames: ['channel', 'type'] as const, registers: [registry] }),
  dropped: new Gauge({
    name: 'huiju_notify_dropped',
    help: 'Stories not sent because they were older than maxAgeHours or removed, per notify channel',
    labelNames: ['channel', 'type'] as const,
    registers: [registry],
  }),
  lastSuccess: new Gauge({
    name: 'huiju_notify_last_success_timestamp_seconds',
    help: 'Unix time of the last successful delivery, per notify channel',
    labelNames: ['channel', 'type'] as const,
    registers: [registry],
  }),
  lastError: new Gauge({
    name: 'huiju_notify_last_error_timestamp_seconds',
    help: 'Unix time of the last failed delivery attempt, per notify channel',
    labelNames: ['channel', 'type'] as const,
    registers: [registry],
  }),
};

export function setNotifyGauges(statuses: readonly ChannelStatus[]): void {
  for (const g of Object.values(gauges)) g.reset();
  for (const s of statuses) {
    const labels = { channel: s.id, type: s.type };
    gauges.queued.set(labels, s.queued);
    gauges.sent.set(labels, s.sent);
    gauges.failed.set(labels, s.failed);
    gauges.dropped.set(labels, s.dropped);
    if (s.lastSuccessAt) gauges.lastSuccess.set(labels, Date.parse(s.lastSuccessAt) / 1000);
    if (s.lastErrorAt) gauges.lastError.set(labels, Date.parse(s.lastErrorAt) / 1000);
  }
}
