import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { exitOnError } from '../cli-errors.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { applyConstraints } from '../db/schema.ts';
import { TrendingRepo } from '../db/trending-repo.ts';
import { ExpectedError } from '../errors.ts';
import { createMailer, folderMailer } from '../mail/mailer.ts';
import { describeDuration, parseDuration } from './duration.ts';
import { runDigest } from './run.ts';

/** npm run digest: one e-mail per confirmed follower with what is new on what it follows, and what trends. */
const program = new Command()
  .name('npm run digest --')
  .description(
    'mail each confirmed follower the papers added in the period on what it follows, and the trending papers',
  )
  .option('--since <period>', 'the period: papers added in the last 30m, 24h, 7d…', '24h')
  .option(
    '--dry-run',
    'write the messages as .eml files into a new folder (printed) and record nothing',
    false,
  )
  .parse();

async function main(): Promise<void> {
  const options = program.opts<{ since: string; dryRun: boolean }>();
  const sinceMs = parseDuration(options.since);
  if (sinceMs === null) {
    throw new ExpectedError(
      `--since ${JSON.stringify(options.since)} is not a period like 30m, 24h or 7d (at most a year)`,
    );
  }
  const config = loadConfig();
  const log = (line: string) => console.error(line);
  const folder = options.dryRun ? await mkdtemp(path.join(tmpdir(), 'digest-dry-run-')) : null;
  const db = await openDatabase(config, log);
  const mailer = folder ? folderMailer(folder, config.mail.from) : createMailer(config.mail, log);
  try {
    await applyConstraints(db);
    const summary = await runDigest(db, {
      sinceMs,
      period: describeDuration(options.since),
      dryRun: options.dryRun,
      mailer,
      publicUrl: config.publicUrl,
      trending: new TrendingRepo(db),
      log,
    });
    console.log(
      `digest for ${describeDuration(options.since)}: ${summary.followers} followers, ${summary.messages} messages ${folder ? 'written' : 'sent'}, ${summary.papers} papers${summary.failed > 0 ? `, ${summary.failed} failed` : ''}`,
    );
    if (folder) console.log(`dry run: the messages are in ${folder}; nothing was recorded`);
    if (summary.failed > 0) {
      throw new ExpectedError(`${summary.failed} messages could not be sent; a rerun sends them`);
    }
  } finally {
    mailer.close();
    await db.close();
  }
}

main().catch(exitOnError);
