import type { Express, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { TARGET_WORKSPACE } from '../../core/platforms.js';
import type { ChannelRef } from '../../core/subscriptions.js';
import type { Logger } from '../../logger.js';
import { eraseChannel, type JobsOfChannel } from '../../store/erase-channel.js';
import type { Keys } from '../../store/keys.js';
import { createTargetStore } from '../../store/target-store.js';
import { UNSUBSCRIBE_PATH, verifyUnsubscribeToken } from './unsubscribe.js';

export interface UnsubscribeDeps {
  /** MAIL_UNSUBSCRIBE_SECRET. */
  secret: string;
  redis: Redis;
  keys: Keys;
  logger: Logger;
  /** The e-mail drain queue, so that its jobs naming the target go too. */
  drains?: JobsOfChannel;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** No script, no style but this one, a form posting only here; and no referrer: the link's token stays in the link. */
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One small page, in French then English (the link does not say which language its reader chose). */
function page(title: { fr: string; en: string }, body: { fr: string; en: string }, form?: string): string {
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title.fr)} / ${escape(title.en)}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5}button{font-size:1.1em;padding:.4em 1.2em}</style></head>
<body><main>
<h1>${escape(title.fr)}</h1><p>${escape(body.fr)}</p>
<h2 lang="en">${escape(title.en)}</h2><p lang="en">${escape(body.en)}</p>
${form ?? ''}
</main></body></html>
`;
}

/** The link's target, when its token is the one MAIL_UNSUBSCRIBE_SECRET makes for it; else undefined (403). */
function targetOf(req: Request, secret: string): ChannelRef | undefined {
  const name = typeof req.query.target === 'string' ? req.query.target : '';
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  if (!NAME.test(name) || !verifyUnsubscribeToken(secret, name, token)) return undefined;
  return { platform: 'email', workspace: TARGET_WORKSPACE, channel: name };
}

const forged = (res: Response): void =>
  void res.status(403).set(HEADERS).send(page({ fr: 'Lien invalide', en: 'Invalid link' }, { fr: 'Ce lien de désabonnement n’est pas valide : copiez-le en entier depuis le message reçu.', en: 'This unsubscribe link is not valid: copy it whole from the message you received.' }));

/**
 * The unsubscribe link of e-mail alerts (decision 0028). GET shows a confirmation page whose button POSTs back: a
 * mail scanner that follows links unsubscribes no one. POST (the button, or a client's RFC 8058 one-click
 * `List-Unsubscribe=One-Click`) erases the target and every trace of its address, and answers 200 again when it is
 * already gone. A token not made with MAIL_UNSUBSCRIBE_SECRET for this target is refused with 403.
 */
export function mountUnsubscribe(app: Express, deps: UnsubscribeDeps): void {
  const targets = createTargetStore(deps.redis, deps.keys);
  app.get(UNSUBSCRIBE_PATH, async (req, res) => {
    const channel = targetOf(req, deps.secret);
    if (!channel) return forged(res);
    if (!(await targets.get(channel))) {
      return void res.set(HEADERS).send(page({ fr: 'Déjà désabonné', en: 'Already unsubscribed' }, { fr: 'Cette adresse ne reçoit plus ces alertes.', en: 'This address no longer receives these alerts.' }));
    }
    const action = escape(req.originalUrl);
    const form = `<form method="post" action="${action}"><button type="submit">Me désabonner / Unsubscribe</button></form>`;
    res.set(HEADERS).send(page(
      { fr: 'Se désabonner des alertes SecNumCloud', en: 'Unsubscribe from SecNumCloud alerts' },
      { fr: 'Confirmez : cette adresse ne recevra plus aucune alerte, et elle sera effacée du tracker.', en: 'Confirm: this address will receive no more alerts, and it will be erased from the tracker.' },
      form,
    ));
  });
  app.post(UNSUBSCRIBE_PATH, async (req, res) => {
    const channel = targetOf(req, deps.secret);
    if (!channel) return forged(res);
    const erased = await eraseChannel(deps.redis, deps.keys, channel, deps.drains);
    deps.logger.info({ target: channel.channel, subscriptions: erased.subscriptions, queued: erased.queued, deliveries: erased.deliveries }, 'e-mail target unsubscribed through its link: erased');
    res.set(HEADERS).send(page({ fr: 'Désabonné', en: 'Unsubscribed' }, { fr: 'Cette adresse ne recevra plus d’alertes ; elle est effacée du tracker.', en: 'This address will receive no more alerts; it is erased from the tracker.' }));
  });
}
