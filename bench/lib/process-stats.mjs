// Loaded into a benchmarked process with `node --import`: counts the SQL statements it sends through
// pg (every pool: Sequelize's, the journal's, the job queue's) and answers its parent's 'stats' message
// with that count and the process's CPU time, so a run can report statements and CPU ms per update.
import { createRequire } from 'node:module';

const pg = createRequire(import.meta.url)('pg');
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'stats') return;
    const { user, system } = process.cpuUsage();
    process.send({ stats: { statements, cpuMs: (user + system) / 1000 } });
  });
  // The channel must not keep the process alive.
  process.channel?.unref();
}
