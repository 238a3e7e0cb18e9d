// Preloaded (node --import) into a CLI process of any commit: writes the process's peak RSS in bytes to
// stderr when it exits, so that commits are measured alike without changing them.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\npeak-rss-bytes ${process.resourceUsage().maxRSS * 1024}\n`));
