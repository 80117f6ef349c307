import type { Database } from '../db/driver.ts';
import { type FollowerRow, FollowRepo, type FollowsRow, type FollowTargets } from '../db/follow-repo.ts';
import { searchTerms } from '../db/lucene.ts';
import { ExpectedError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { confirmationMessage } from '../mail/messages.ts';
import { formatToken, newFollowerId, newSecret, parseToken, sameSecret, secretDigest } from './tokens.ts';

export const CONFIRM_PATH = '/follow/confirm';
export const UNSUBSCRIBE_PATH = '/follow/unsubscribe';

/** The link in every message that stops all mail to the follower; its token also reads its follows. */
export const unsubscribeLink = (publicUrl: string, f: Pick<FollowerRow, 'id' | 'manageSecret'>) =>
  `${publicUrl}${UNSUBSCRIBE_PATH}?token=${formatToken(f.id, f.manageSecret)}`;

/** One confirmation mail per address in this time: a form resubmitted in a loop sends one. */
export const CONFIRMATION_GAP_MS = 10 * 60_000;
export const CONFIRMATION_VALID_MS = 7 * 24 * 60 * 60_000;

/** The server has no way to send mail, so nothing that needs a confirmation can be done. */
export class MailUnavailableError extends ExpectedError {
  override name = 'MailUnavailableError';
}

/** The confirmation mail could not be handed to the mail server. */
export class MailDeliveryError extends ExpectedError {
  override name = 'MailDeliveryError';
}

export interface Address {
  /** As given, trimmed. */
  email: string;
  /** As compared: lower-cased. */
  key: string;
}

const ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/;

/** A single plain address (`name@example.org`), or null. */
export function parseAddress(raw: string): Address | null {
  const email = raw.trim();
  if (email.length > 254 || !ADDRESS.test(email)) return null;
  return { email, key: email.toLowerCase() };
}

/** A saved search as stored (its words, normalised) and as the full-text index reads it (every word). */
export function savedSearch(text: string): { query: string; lucene: string } | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  return {
    query: terms.join(' '),
    lucene: terms.map((t) => (t.length >= 3 ? `+(${t} ${t}*)` : `+${t}`)).join(' '),
  };
}

export interface ConfirmationOutcome {
  sent: boolean;
  /** When a mail went to the address moments ago and none was sent now. */
  retryAfterSeconds: number | null;
}

export interface FollowOutcome {
  follower: FollowerRow;
  /** The follows wait for the address to be confirmed. */
  pending: boolean;
  /** Set when the call needed a confirmation mail. */
  confirmation: ConfirmationOutcome | null;
}

export type LinkOutcome =
  | { ok: true; email: string | null; follows: string[] }
  | { ok: false; reason: 'invalid' | 'expired' };

export const describeFollows = (f: FollowsRow, pendingOnly = false): string[] => [
  ...f.topics.filter((x) => !pendingOnly || x.pending).map((x) => `topic: ${x.topic.name}`),
  ...f.authors.filter((x) => !pendingOnly || x.pending).map((x) => `author: ${x.name}`),
  ...f.searches.filter((x) => !pendingOnly || x.pending).map((x) => `search: ${x.query}`),
];

/** Following, its double opt-in and its links: what the GraphQL fields and the link routes share. */
export class FollowService {
  readonly repo: FollowRepo;

  constructor(
    db: Database,
    private readonly mailer: Mailer | null,
    private readonly publicUrl: string,
  ) {
    this.repo = new FollowRepo(db);
  }

  unsubscribeUrl(f: Pick<FollowerRow, 'id' | 'manageSecret'>): string {
    return unsubscribeLink(this.publicUrl, f);
  }

  private fresh() {
    return { id: newFollowerId(), manageSecret: newSecret() };
  }

  /** An API key's follows count at once; an address given with them is confirmed by mail. */
  async followAsKey(keyId: string, targets: FollowTargets, address: Address | null): Promise<FollowOutcome> {
    if (address) this.requireMailer();
    const follower = await this.repo.forKey(keyId, this.fresh());
    await this.repo.follow(follower.id, targets, false);
    if (!address) return { follower, pending: false, confirmation: null };
    const changed = await this.repo.setEmail(follower.id, address.email);
    const current = { ...follower, email: address.email, confirmed: follower.confirmed && !changed };
    const confirmation = current.confirmed ? null : await this.sendConfirmation(current, address.email);
    return { follower: current, pending: false, confirmation };
  }

  /** Without a key, follows wait for the address to be confirmed through the link mailed to it. */
  async followAsEmail(address: Address, targets: FollowTargets): Promise<FollowOutcome> {
    this.requireMailer();
    const follower = await this.repo.forEmail(address.key, address.email, this.fresh());
    await this.repo.follow(follower.id, targets, true);
    return { follower, pending: true, confirmation: await this.sendConfirmation(follower, address.email) };
  }

  private requireMailer(): Mailer {
    if (!this.mailer)
      throw new MailUnavailableError('this server sends no mail, so it cannot confirm an address');
    return this.mailer;
  }

  private async sendConfirmation(follower: FollowerRow, to: string): Promise<ConfirmationOutcome> {
    const mailer = this.requireMailer();
    const secret = newSecret();
    const digest = secretDigest(secret);
    const issued = await this.repo.issueConfirmation(
      follower.id,
      digest,
      CONFIRMATION_VALID_MS,
      CONFIRMATION_GAP_MS,
    );
    if (!issued.issued)
      return { sent: false, retryAfterSeconds: Math.max(1, Math.ceil(issued.retryAfterMs / 1000)) };
    const follows = await this.repo.follows(follower.id);
    const message = confirmationMessage({
      to,
      confirmUrl: `${this.publicUrl}${CONFIRM_PATH}?token=${formatToken(follower.id, secret)}`,
      unsubscribeUrl: this.unsubscribeUrl(follower),
      // an address confirms what waits for it; when nothing does, what it already follows
      follows:
        describeFollows(follows, true).length > 0 ? describeFollows(follows, true) : describeFollows(follows),
    });
    try {
      await mailer.send(message);
    } catch (error) {
      await this.repo.withdrawConfirmation(follower.id, digest);
      throw new MailDeliveryError(`the confirmation mail could not be sent: ${(error as Error).message}`);
    }
    return { sent: true, retryAfterSeconds: null };
  }

  /** The follower whose link token this is (from any of its messages), or null. */
  async byToken(token: string): Promise<FollowerRow | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const follower = await this.repo.byId(parsed.followerId);
    return follower && sameSecret(parsed.secret, follower.manageSecret) ? follower : null;
  }

  /** `GET /follow/confirm?token=…`: the address gets mail, and the follows waiting for it count. */
  async confirm(token: string): Promise<LinkOutcome> {
    const parsed = parseToken(token);
    const follower = parsed ? await this.repo.byId(parsed.followerId) : null;
    if (!parsed || !follower || !sameSecret(secretDigest(parsed.secret), follower.confirmDigest)) {
      return { ok: false, reason: 'invalid' };
    }
    if (follower.confirmExpiresAt !== null && follower.confirmExpiresAt < Date.now()) {
      return { ok: false, reason: 'expired' };
    }
    await this.repo.confirm(follower.id);
    return {
      ok: true,
      email: follower.email,
      follows: describeFollows(await this.repo.follows(follower.id)),
    };
  }

  /** `GET /follow/unsubscribe?token=…`: no more mail of any kind to this follower. */
  async unsubscribe(token: string): Promise<LinkOutcome> {
    const follower = await this.byToken(token);
    if (!follower) return { ok: false, reason: 'invalid' };
    await this.repo.unsubscribe(follower.id);
    return { ok: true, email: follower.email, follows: [] };
  }
}
