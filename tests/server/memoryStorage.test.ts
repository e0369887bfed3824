import { MemoryStorage } from '../../sync-server/storage/MemoryStorage.ts';
import { runStorageConformance } from './storageConformance.ts';

runStorageConformance('MemoryStorage', async () => {
  const storage = new MemoryStorage();
  return { storage, teardown: () => storage.close() };
});
