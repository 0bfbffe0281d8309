/** Seed "Manual Pagination": one page with its metadata, and a count without the records. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  // Get a single page with full metadata (page_num is 0-based).
  const page = await scp.servers.listPage({ page_num: 0, page_size: 10 });
  env.log(`Total VMs: ${page.total_size}`);
  env.log(`Next page: ${JSON.stringify(page.next_page_num)}`); // "" on the last page

  // Count without fetching all records.
  const [az] = await scp.resourcePools.list();
  const total = await scp.servers.count({ az_id: az?.id });
  env.log(`VM count in pool: ${total}`);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
