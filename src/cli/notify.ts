import { NOTIFIERS } from '../push/notify/index.ts';
import type { NotifyStory } from '../push/notify/types.ts';
import { notifyStory } from '../push/outbox/story.ts';
import { EXIT, readConfig, withStore, type Io } from './shared.ts';

const USAGE = 'usage: huiju notify test ID   (ID: a notify channel of an output in feeds.json)';

/**
 * `huiju notify test ID`: send one message to a channel now, outside the outbox, and say what the platform answered.
 * It shows the output's newest stored story (marked 测试), or a sample when there is none yet.
 */
export async function notifyCommand(args: readonly string[], configFile: string, dbFile: string, io: Io): Promise<number> {
  const [verb, id] = args;
  if (verb !== 'test' || !id) {
    io.err(USAGE);
    return EXIT.usage;
  }
  const config = readConfig(configFile, io);
  if (!config) return EXIT.usage;
  const channel = config.channels.find((c) => c.id === id);
  if (!channel) {
    const known = config.channels.map((c) => c.id);
    io.err(`no notify channel "${id}" in ${configFile}${known.length ? `; channels: ${known.join(', ')}` : ': no output has a notify block'}`);
    return EXIT.usage;
  }
  if (!channel.target) {
    io.err(`channel "${id}" cannot send: ${channel.problem}`);
    return EXIT.failure;
  }
  const output = config.outputs.find((o) => o.id === channel.outputId)!;
  const latest = await withStore(dbFile, (store) => store.listStories({ tags: output.tags, sources: output.sources, q: output.q, limit: 1 }, { content: false }));
  const story: NotifyStory = latest[0]
    ? notifyStory(latest[0], config)
    : { storyId: 0, title: 'huiju 汇聚：通知已接通', url: null, outlets: ['huiju'], tags: [], publishedAt: new Date().toISOString() };
  const outcome = await NOTIFIERS[channel.type].send(
    { outputTitle: channel.outputTitle, stories: [story], key: `huiju:${id}:test:${Date.now()}`, test: true },
    { target: channel.target, fetch, timeoutMs: 15_000, now: () => new Date() },
  );
  if (outcome.ok) {
    io.out(`sent a test message to ${id} (${channel.type}): ${story.title}`);
    return EXIT.ok;
  }
  io.err(`${id} (${channel.type}) refused the test message: ${outcome.error}`);
  return EXIT.failure;
}
