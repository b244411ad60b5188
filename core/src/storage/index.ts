import path from 'node:path';
import { createLocalStorage } from './local-storage.js';
import { createS3Storage } from './s3-storage.js';
import { defaultDataDir, type Storage, type StorageConfig } from './storage.js';

export * from './storage.js';
export * from './content-type.js';
export * from './quota.js';
export * from './stored-files.js';
export * from './generated-files.js';
export { createLocalStorage, signMediaKey, type LocalStorage } from './local-storage.js';

/** S3/MinIO when `S3_ENDPOINT` is set, otherwise local disk under `<DATA_DIR>/media`. */
export function createStorage(config: StorageConfig): Storage {
  const defaultTtl = config.MEDIA_URL_TTL ?? 900;
  if (config.S3_ENDPOINT) {
    if (!config.S3_ACCESS_KEY || !config.S3_SECRET_KEY) {
      throw new Error('S3_ACCESS_KEY and S3_SECRET_KEY are required when S3_ENDPOINT is set');
    }
    return createS3Storage({
      endpoint: config.S3_ENDPOINT,
      publicEndpoint: config.S3_PUBLIC_URL,
      bucket: config.S3_BUCKET ?? 'renovation-crm',
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION ?? 'us-east-1',
      defaultTtl,
    });
  }
  const secret = config.MEDIA_SIGNING_SECRET ?? config.JWT_SECRET;
  return createLocalStorage({
    root: path.join(config.DATA_DIR ?? defaultDataDir(), 'media'),
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT ?? 3000}`,
    secret,
    defaultTtl,
  });
}
export * from './telegram-file.js';
