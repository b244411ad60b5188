// Minimal typing of the s3rver test server (the package ships none); used by storage tests only.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs?: unknown[] }[];
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    middleware: ((ctx: any, next: () => Promise<unknown>) => unknown)[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
