/** Seed "Async Task with Progress Callback". */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const { azId, storageTagId } = await discover(scp);
  const { task_id } = await scp.volumes.create({
    az_id: azId,
    storage_tag_id: storageTagId,
    size_mb: 20_480,
    name: 'progress-demo',
  });

  const task = await scp.tasks.wait(task_id, {
    timeout: 600_000, // ms: the seed's 600 s
    pollInterval: 100, // the seed polls every 5 s; the emulator's tasks are quicker
    onProgress: (taskData) => env.log(`Progress: ${taskData.progress}% — ${taskData.description ?? ''}`),
  });
  env.log(`task ${task_id}: ${task?.status}`);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
