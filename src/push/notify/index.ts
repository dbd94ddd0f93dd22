import type { NotifyType } from '../../config/push-schema.ts';
import { dingtalk } from './dingtalk.ts';
import { feishu } from './feishu.ts';
import { slack } from './slack.ts';
import { telegram } from './telegram.ts';
import type { Notifier } from './types.ts';
import { webhook } from './webhook.ts';
import { wecom } from './wecom.ts';

/** One module per platform. */
export const NOTIFIERS: Record<NotifyType, Notifier> = { feishu, dingtalk, wecom, slack, telegram, webhook };
