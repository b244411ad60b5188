import { Client } from 'minio';
import { notFound } from '../errors.js';
import { safeContentType, servedFileHeaders } from './content-type.js';
import { assertValidKey, contentTypeFor, type Storage } from './storage.js';

export interface S3StorageOptions {
  endpoint: string;
  /** Endpoint browsers reach, when it differs from the one the server uses (e.g. `minio:9000` inside Docker). */
  publicEndpoint?: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  defaultTtl: number;
}

function clientFor(endpoint: string, options: S3StorageOptions) {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    // A fixed region spares a location lookup and lets presigning work offline.
    region: options.region,
    pathStyle: true,
  });
}

const isMissing = (error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchBucket';
};

/**
 * S3 / MinIO backend through the `minio` client. The bucket is created private when missing (no
 * policy, no public ACL); downloads go through presigned GET URLs.
 */
export function createS3Storage(options: S3StorageOptions): Storage {
  const client = clientFor(options.endpoint, options);
  const signer = options.publicEndpoint ? clientFor(options.publicEndpoint, options) : client;
  const { bucket } = options;
  let ready: Promise<void> | undefined;

  const ensureBucket = () => {
    ready ??= (async () => {
      if (!(await client.bucketExists(bucket))) {
        try {
          await client.makeBucket(bucket, options.region);
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
        }
      }
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    kind: 's3',
    async put(key, body, { contentType } = {}) {
      assertValidKey(key);
      await ensureBucket();
      await client.putObject(bucket, key, body, Buffer.isBuffer(body) ? body.length : undefined, {
        'Content-Type': safeContentType(contentType ?? contentTypeFor(key)),
      });
    },
    async get(key) {
      assertValidKey(key);
      await ensureBucket();
      try {
        const stat = await client.statObject(bucket, key);
        const stream = await client.getObject(bucket, key);
        const contentType = safeContentType(stat.metaData['content-type'] as string | undefined);
        return { stream, size: stat.size, contentType };
      } catch (error) {
        if (isMissing(error)) throw notFound('Media');
        throw error;
      }
    },
    async exists(key) {
      assertValidKey(key);
      await ensureBucket();
      try {
        await client.statObject(bucket, key);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    async remove(key) {
      assertValidKey(key);
      await ensureBucket();
      await client.removeObject(bucket, key);
    },
    async signedUrl(key, ttlSec = options.defaultTtl) {
      assertValidKey(key);
      // The object's stored type is not trusted (older objects, other writers): the URL itself fixes
      // the type and disposition S3 answers with, from the key's extension through the whitelist.
      const headers = servedFileHeaders(contentTypeFor(key));
      return signer.presignedGetObject(bucket, key, ttlSec, {
        'response-content-type': headers['Content-Type']!,
        'response-content-disposition': headers['Content-Disposition']!,
      });
    },
  };
}
